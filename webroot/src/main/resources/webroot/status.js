// The /status page: task stream, progress by prefix, worker table and (small graphs only) the
// task graph, all fed by the SSE updates.

import { connectEvents, fetchJson, loadHistory, renderSummary, serverClock } from './dashboard.js';
import { renderProgress } from './progress.js';
import { TaskGraph } from './task-graph.js';
import { TaskRecords, TaskStream } from './task-stream.js';
import { renderWorkers } from './workers-table.js';

const WINDOW_MS = 20000;
const GRAPH_MAX_TASKS = 500;
const GRAPH_POLL_MS = 1000;

const store = new TaskRecords();
const stream = new TaskStream(document.getElementById('task-stream'), store, WINDOW_MS);
const graph = new TaskGraph(document.getElementById('task-graph'), document.getElementById('graph-note'));
const progress = document.getElementById('progress');
const progressTotal = document.getElementById('progress-total');
const workersTable = document.getElementById('workers-table');

let taskCount = Infinity;

function applyUpdate(update) {
  if (update.info) {
    taskCount = update.info.tasks;
    renderSummary(update.info);
  }
  if (update.workers) {
    stream.setWorkers(update.workers);
    renderWorkers(workersTable, update.workers);
  }
  if (update.tasks) renderProgress(progress, progressTotal, update.tasks.prefixes);
  if (update.stream) {
    store.add(update.stream);
    stream.noteRecords(update.stream);
  }
}

async function pollGraph() {
  if (taskCount <= GRAPH_MAX_TASKS) {
    try {
      graph.render(await fetchJson('/api/v1/graph'));
    } catch (error) {
      console.warn(error);
    }
  } else if (Number.isFinite(taskCount)) {
    graph.hide(`Graph too large to draw (${taskCount.toLocaleString('en-US')} tasks; limit ${GRAPH_MAX_TASKS}).`);
  }
  setTimeout(pollGraph, GRAPH_POLL_MS);
}


fetchJson('/api/v1/info').then((info) => {
  serverClock.observe(info.now);
  applyUpdate({ info });
}, (error) => console.warn(error));
connectEvents((update, first) => {
  applyUpdate(update);
  if (first) loadHistory(WINDOW_MS, applyUpdate);
});
pollGraph();
