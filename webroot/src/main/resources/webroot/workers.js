// The /workers page: the full worker table, fed by the SSE updates.

import { connectEvents, renderSummary } from './dashboard.js';
import { renderWorkers } from './workers-table.js';

const table = document.getElementById('workers-table');

connectEvents((update) => {
  if (update.info) renderSummary(update.info);
  if (update.workers) renderWorkers(table, update.workers, true);
});
