// The /tasks page: a long task stream, the 200 most recent task records and counts per state.

import {
  colourFor, connectEvents, el, formatClock, formatCount, formatDuration, historyOnConnect, loadHistory,
  renderSummary,
} from './dashboard.js';
import { TaskRecords, TaskStream } from './task-stream.js';

const WINDOW_MS = 60000;
const STREAM_MAX_HEIGHT = 560;
const RECENT = 200;
const STATES = ['released', 'waiting', 'no-worker', 'queued', 'processing', 'memory', 'erred', 'forgotten'];

const store = new TaskRecords();
const stream = new TaskStream(document.getElementById('task-stream'), store, WINDOW_MS, STREAM_MAX_HEIGHT);
const recentTable = document.getElementById('recent-tasks');
const stateCounts = document.getElementById('state-counts');

function recordRow(record) {
  const row = document.createElement('tr');
  row.dataset.key = record.key;
  const keyCell = el('td', 'key');
  const link = el('a', 'key-link', record.key);
  link.href = `/info?key=${encodeURIComponent(record.key)}`;
  link.title = `story of ${record.key}`;
  keyCell.appendChild(link);
  const prefixCell = el('td');
  const swatch = el('span', 'swatch');
  swatch.style.background = colourFor(record.prefix);
  prefixCell.append(swatch, record.prefix);
  const status = el('td', record.status === 'error' ? 'status-error' : '', record.status);
  row.append(
    keyCell,
    prefixCell,
    el('td', '', `${record.worker} t${record.lane}`),
    el('td', 'num', formatDuration(record.stop - record.start)),
    el('td', 'num', formatClock(record.stop)),
    status,
  );
  return row;
}

function renderRecent() {
  const records = store.records;
  const newest = records.slice(Math.max(0, records.length - RECENT)).reverse();
  recentTable.tBodies[0].replaceChildren(...newest.map(recordRow));
  recentTable.dataset.rows = String(newest.length);
}

function renderStates(byState) {
  if (!stateCounts.children.length) {
    for (const state of STATES) {
      const value = el('dd', '', '0');
      value.dataset.state = state;
      stateCounts.append(el('dt', '', state), value);
    }
  }
  for (const state of STATES) {
    const value = stateCounts.querySelector(`dd[data-state="${state}"]`);
    const n = Number(byState?.[state]) || 0;
    value.textContent = formatCount(n);
    value.dataset.count = String(n);
  }
}

function applyUpdate(update) {
  if (update.info) renderSummary(update.info);
  if (update.workers) stream.setWorkers(update.workers);
  if (update.tasks) renderStates(update.tasks.byState);
  if (update.stream?.length || !recentTable.tBodies[0].rows.length) {
    store.add(update.stream);
    stream.noteRecords(update.stream);
    renderRecent();
  }
}

/**
 * The runs that finished before the live updates began: those of the stream's window and, when
 * they are fewer than the table shows, the older ones the scheduler keeps (the table lists the
 * latest runs however old; the stream draws only its window).
 */
async function loadTaskHistory() {
  const inWindow = await loadHistory(WINDOW_MS, applyUpdate);
  if (inWindow === null) return false;
  if (inWindow >= RECENT) return true;
  return (await loadHistory(WINDOW_MS, applyUpdate, 0)) !== null;
}

const history = historyOnConnect(loadTaskHistory);
connectEvents((update, first) => {
  applyUpdate(update);
  history(first);
});
