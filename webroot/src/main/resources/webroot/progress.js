// Progress per function prefix: one stacked bar per prefix plus a total row. Done means
// memory + erred + forgotten.

import { colourFor, el, formatCount } from './dashboard.js';

/** Bar segments, left to right: [css class, label, states summed]. */
const SEGMENTS = [
  ['seg-forgotten', 'forgotten', ['forgotten']],
  ['seg-memory', 'memory', ['memory']],
  ['seg-erred', 'erred', ['erred']],
  ['seg-processing', 'processing', ['processing']],
  ['seg-queued', 'queued', ['queued']],
  ['seg-waiting', 'waiting', ['waiting', 'no-worker', 'released']],
];

const count = (counts, states) => states.reduce((sum, s) => sum + (Number(counts[s]) || 0), 0);

function doneOf(counts) {
  return count(counts, ['memory', 'erred', 'forgotten']);
}

function totalOf(counts) {
  return Number.isFinite(counts.total) ? counts.total : count(counts, SEGMENTS.flatMap((s) => s[2]));
}

function createRow(prefix) {
  const row = el('div', 'prefix-row');
  row.dataset.prefix = prefix;
  row.style.setProperty('--prefix-colour', colourFor(prefix));
  const name = el('span', 'prefix-name', prefix);
  name.title = prefix;
  const bar = el('div', 'stacked-bar');
  for (const [cls] of SEGMENTS) bar.appendChild(el('span', `seg ${cls}`));
  row.append(name, bar, el('span', 'prefix-count'));
  return row;
}

function fillRow(row, counts) {
  const total = totalOf(counts);
  const done = doneOf(counts);
  row.dataset.done = String(done);
  row.dataset.total = String(total);
  const segments = row.querySelectorAll('.seg');
  const tip = [];
  SEGMENTS.forEach(([, label, states], i) => {
    const n = count(counts, states);
    segments[i].style.width = total > 0 ? `${(100 * n) / total}%` : '0';
    if (n > 0) tip.push(`${label}: ${formatCount(n)}`);
  });
  row.title = tip.join('\n');
  const erred = Number(counts.erred) || 0;
  row.querySelector('.prefix-count').textContent =
    `${formatCount(done)} / ${formatCount(total)}` + (erred > 0 ? ` (${formatCount(erred)} erred)` : '');
  row.classList.toggle('has-errors', erred > 0);
  row.classList.toggle('complete', total > 0 && done === total);
}

/** Renders `tasks.prefixes` into `#progress` (rows reused by prefix) and sums into `#progress-total`. */
export function renderProgress(container, totalRow, prefixes) {
  const existing = new Map([...container.querySelectorAll('.prefix-row')].map((r) => [r.dataset.prefix, r]));
  const sum = {};
  let index = 0;
  for (const prefix of prefixes ?? []) {
    let row = existing.get(prefix.name);
    existing.delete(prefix.name);
    if (!row) row = createRow(prefix.name);
    if (container.children[index] !== row) container.insertBefore(row, container.children[index] ?? null);
    fillRow(row, prefix);
    for (const [state, n] of Object.entries(prefix)) {
      if (typeof n === 'number') sum[state] = (sum[state] ?? 0) + n;
    }
    index++;
  }
  for (const stale of existing.values()) stale.remove();
  if (totalRow) {
    if (!totalRow.querySelector('.stacked-bar')) totalRow.replaceChildren(...createRow('all tasks').childNodes);
    fillRow(totalRow, sum);
  }
  const empty = container.querySelector('.empty');
  if (index === 0 && !empty) container.appendChild(el('div', 'empty', 'no tasks'));
  if (index > 0 && empty) empty.remove();
}
