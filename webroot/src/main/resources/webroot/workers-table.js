// The worker table: one <tr data-worker="ID"> per worker, rows updated in place, plus a total row
// in <tfoot>. The compact variant (status page) and the full variant (workers page) share it.

import { el, formatBytes, formatCount, formatDuration, serverClock } from './dashboard.js';

const COMPACT = ['name', 'status', 'threads', 'processing', 'executing', 'cpu', 'memory', 'keys', 'nbytes'];
const FULL = [...COMPACT, 'resources', 'lastSeen'];

const HEADINGS = {
  name: 'Worker', status: 'Status', threads: 'Threads', processing: 'Processing', executing: 'Executing', cpu: 'CPU',
  memory: 'Memory', keys: 'Keys', nbytes: 'Bytes held', resources: 'Resources', lastSeen: 'Last seen',
};

const NUMERIC = new Set(['threads', 'processing', 'executing', 'cpu', 'keys', 'nbytes', 'lastSeen']);

// Memory as dask draws it: managed (values in memory) solid, unmanaged (the rest of the process)
// lighter, spilled (values on disk) grey; against the limit when there is one. Numbers in the title.
function memoryBar(cell, w) {
  let bar = cell.firstElementChild;
  if (!bar) {
    bar = el('div', 'mem-bar');
    const segments = el('span', 'mem-segments');
    segments.append(el('span', 'mem-managed'), el('span', 'mem-unmanaged'), el('span', 'mem-spilled'));
    bar.append(segments, el('span', 'mem-text'));
    cell.appendChild(bar);
  }
  const managed = Number(w.managedBytes) || 0;
  const unmanaged = Number(w.unmanagedBytes) || 0;
  const spilled = Number(w.spilledBytes) || 0;
  const limit = Number(w.memoryLimit) || 0;
  const used = managed + unmanaged;
  const scale = Math.max(limit, used + spilled, 1);
  const [m, u, s] = bar.firstElementChild.children;
  m.style.width = `${(100 * managed) / scale}%`;
  u.style.width = `${(100 * unmanaged) / scale}%`;
  s.style.width = `${(100 * spilled) / scale}%`;
  const fraction = limit > 0 ? used / limit : 0;
  bar.dataset.level = fraction >= 0.95 ? 'high' : fraction >= 0.8 ? 'warn' : 'ok';
  const text = limit > 0 ? `${formatBytes(used)} / ${formatBytes(limit)}` : `${formatBytes(used)} (no limit)`;
  bar.lastElementChild.textContent = spilled > 0 ? `${text} + ${formatBytes(spilled)} spilled` : text;
  bar.title = `managed ${formatBytes(managed)} · unmanaged ${formatBytes(unmanaged)} · `
    + `spilled ${formatBytes(spilled)} (${formatCount(Number(w.spilledKeys) || 0)} keys) · `
    + `limit ${limit > 0 ? formatBytes(limit) : 'none'}`;
}

function statusCell(cell, w) {
  const paused = w.status === 'paused';
  cell.textContent = w.status ?? '–';
  cell.dataset.status = w.status ?? '';
  cell.title = paused ? `paused: ${w.pauseReason || 'no reason given'} (sent no new tasks)` : '';
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
    case 'status': statusCell(cell, w); break;
    case 'threads': cell.textContent = formatCount(w.nthreads); break;
    case 'processing': cell.textContent = formatCount(w.processing); break;
    case 'executing': cell.textContent = formatCount(w.executing); break;
    case 'cpu': cpuCell(cell, Number(w.cpu), Number(w.nthreads)); break;
    case 'memory': memoryBar(cell, w); break;
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
  const paused = workers.filter((w) => w.status === 'paused').length;
  return {
    id: `${workers.length} workers`,
    status: paused > 0 ? `${paused} paused` : 'running',
    nthreads: sum('nthreads'),
    processing: sum('processing'),
    executing: sum('executing'),
    cpu: sum('cpu'),
    memoryBytes: sum('memoryBytes'),
    memoryLimit: limits.includes(0) ? 0 : sum('memoryLimit'),
    managedBytes: sum('managedBytes'),
    unmanagedBytes: sum('unmanagedBytes'),
    spilledBytes: sum('spilledBytes'),
    spilledKeys: sum('spilledKeys'),
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
    row.dataset.status = worker.status ?? '';
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
