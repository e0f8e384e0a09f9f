// The worker table: one <tr data-worker="ID"> per worker, rows updated in place, plus a total row
// in <tfoot>. The compact variant (status page) and the full variant (workers page) share it.

import { el, formatBytes, formatCount, formatDuration, serverClock } from './dashboard.js';

const COMPACT = ['name', 'threads', 'processing', 'executing', 'cpu', 'memory', 'keys', 'nbytes'];
const FULL = [...COMPACT, 'resources', 'lastSeen'];

const HEADINGS = {
  name: 'Worker', threads: 'Threads', processing: 'Processing', executing: 'Executing', cpu: 'CPU',
  memory: 'Memory', keys: 'Keys', nbytes: 'Bytes held', resources: 'Resources', lastSeen: 'Last seen',
};

const NUMERIC = new Set(['threads', 'processing', 'executing', 'cpu', 'keys', 'nbytes', 'lastSeen']);

function memoryBar(cell, used, limit) {
  let bar = cell.firstElementChild;
  if (!bar) {
    bar = el('div', 'mem-bar');
    bar.append(el('span', 'mem-fill'), el('span', 'mem-text'));
    cell.appendChild(bar);
  }
  const fraction = limit > 0 ? used / limit : 0;
  const fill = bar.firstElementChild;
  fill.style.width = `${Math.min(100, fraction * 100)}%`;
  fill.dataset.level = fraction >= 0.95 ? 'high' : fraction >= 0.8 ? 'warn' : 'ok';
  bar.lastElementChild.textContent =
    limit > 0 ? `${formatBytes(used)} / ${formatBytes(limit)}` : `${formatBytes(used)} (no limit)`;
}

function cpuCell(cell, cpu, threads) {
  let bar = cell.firstElementChild;
  if (!bar) {
    bar = el('div', 'cpu-bar');
    bar.append(el('span', 'cpu-fill'), el('span', 'cpu-text'));
    cell.appendChild(bar);
  }
  const capacity = 100 * Math.max(1, threads || 1);
  bar.firstElementChild.style.width = `${Math.min(100, Math.max(0, (100 * cpu) / capacity))}%`;
  bar.title = `${cpu.toFixed(1)} % of one core (${capacity} % = all ${threads || 1} threads busy)`;
  bar.lastElementChild.textContent = Number.isFinite(cpu) ? `${cpu.toFixed(0)} %` : '–';
}

function fill(row, column, w) {
  const cell = row.querySelector(`td[data-col="${column}"]`);
  switch (column) {
    case 'name': cell.textContent = w.id; cell.title = w.id; break;
    case 'threads': cell.textContent = formatCount(w.nthreads); break;
    case 'processing': cell.textContent = formatCount(w.processing); break;
    case 'executing': cell.textContent = formatCount(w.executing); break;
    case 'cpu': cpuCell(cell, Number(w.cpu), Number(w.nthreads)); break;
    case 'memory': memoryBar(cell, Number(w.memoryBytes) || 0, Number(w.memoryLimit) || 0); break;
    case 'keys': cell.textContent = formatCount(w.keys); break;
    case 'nbytes': cell.textContent = formatBytes(Number(w.nbytes)); break;
    case 'resources':
      cell.textContent = Object.entries(w.resources ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '–';
      break;
    case 'lastSeen':
      cell.textContent = w.lastSeen ? `${formatDuration(Math.max(0, serverClock.now() - w.lastSeen))} ago` : '–';
      break;
    default: break;
  }
}

function ensureHead(table, columns) {
  if (table.tHead) return;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = el('th', NUMERIC.has(column) ? 'num' : '', HEADINGS[column]);
    th.dataset.col = column;
    head.appendChild(th);
  }
  table.createTBody();
  table.createTFoot();
}

function newRow(columns) {
  const row = document.createElement('tr');
  for (const column of columns) {
    const td = el('td', NUMERIC.has(column) ? 'num' : '');
    td.dataset.col = column;
    row.appendChild(td);
  }
  return row;
}

function totals(workers) {
  const sum = (f) => workers.reduce((s, w) => s + (Number(w[f]) || 0), 0);
  const limits = workers.map((w) => Number(w.memoryLimit) || 0);
  return {
    id: `${workers.length} workers`,
    nthreads: sum('nthreads'),
    processing: sum('processing'),
    executing: sum('executing'),
    cpu: sum('cpu'),
    memoryBytes: sum('memoryBytes'),
    memoryLimit: limits.includes(0) ? 0 : sum('memoryLimit'),
    keys: sum('keys'),
    nbytes: sum('nbytes'),
  };
}

/**
 * Renders the workers into `table` (a `<table id="workers-table">`).
 * @param {boolean} full whether to add the resources and last-seen columns
 */
export function renderWorkers(table, workers, full = false) {
  const columns = full ? FULL : COMPACT;
  ensureHead(table, columns);
  const body = table.tBodies[0];
  const rows = new Map([...body.rows].map((r) => [r.dataset.worker, r]));
  const sorted = [...(workers ?? [])].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  sorted.forEach((worker, i) => {
    let row = rows.get(worker.id);
    rows.delete(worker.id);
    if (!row) {
      row = newRow(columns);
      row.dataset.worker = worker.id;
    }
    if (body.rows[i] !== row) body.insertBefore(row, body.rows[i] ?? null);
    for (const column of columns) fill(row, column, worker);
  });
  for (const gone of rows.values()) gone.remove();
  const foot = table.tFoot;
  if (!foot.rows.length) foot.appendChild(newRow(columns));
  const total = totals(sorted);
  for (const column of columns) {
    if (column === 'resources' || column === 'lastSeen') continue;
    fill(foot.rows[0], column, total);
  }
}
