// The /status page: task stream, progress by prefix, worker table and (small graphs only) the
// task graph, all fed by the SSE updates.

import {
  connectEvents, fetchJson, historyOnConnect, loadHistory, renderSummary, serverClock,
} from './dashboard.js';
import { renderProgress } from './progress.js';
import { GRAPH_LIMIT, TaskGraph } from './task-graph.js';
import { TaskRecords, TaskStream } from './task-stream.js';
import { renderWorkers } from './workers-table.js';

const WINDOW_MS = 20000;
const GRAPH_POLL_MS = 1000;

const store = new TaskRecords();
const stream = new TaskStream(document.getElementById('task-stream'), store, WINDOW_MS);
const graph = new TaskGraph(document.getElementById('task-graph'), document.getElementById('graph-note'));
const progress = document.getElementById('progress');
const progressTotal = document.getElementById('progress-total');
const workersTable = document.getElementById('workers-table');

/** Tasks the scheduler holds, from the latest info (NaN until the first). */
let taskCount = NaN;

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

/**
 * Draws the task graph while the scheduler holds at most GRAPH_LIMIT tasks, else says why it is
 * not drawn. Until the first count arrives the graph is asked for anyway: the server answers
 * `truncated: true` for a graph it will not send.
 */
async function pollGraph() {
  if (taskCount > GRAPH_LIMIT) {
    graph.tooLarge(taskCount);
  } else {
    try {
      graph.render(await fetchJson('/api/v1/graph'), taskCount);
    } catch (error) {
      console.warn(error);
    }
  }
  setTimeout(pollGraph, GRAPH_POLL_MS);
}


fetchJson('/api/v1/info').then((info) => {
  serverClock.observe(info.now);
  applyUpdate({ info });
}, (error) => console.warn(error));
const history = historyOnConnect(async () => (await loadHistory(WINDOW_MS, applyUpdate)) !== null);
connectEvents((update, first) => {
  applyUpdate(update);
  history(first);
});
pollGraph();
