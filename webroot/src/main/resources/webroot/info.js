// The /info page: scheduler facts (kept live by the SSE updates) and the story of one key.

import {
  connectEvents, el, fetchJson, formatBytes, formatClock, formatCount, formatDuration, renderSummary,
} from './dashboard.js';

const facts = document.getElementById('scheduler-info');
const form = document.getElementById('story-form');
const keyInput = document.getElementById('story-key');
const storyStatus = document.getElementById('story-status');
const storyTable = document.getElementById('story-table');

const FIELDS = [
  ['address', 'Address', (i) => i.address],
  ['uptime', 'Uptime', (i) => formatDuration(i.now - i.started)],
  ['started', 'Started', (i) => new Date(i.started).toISOString()],
  ['workers', 'Workers', (i) => formatCount(i.workers)],
  ['threads', 'Threads', (i) => formatCount(i.threads)],
  ['memory', 'Memory limit', (i) => (i.memoryLimit > 0 ? formatBytes(i.memoryLimit) : 'none')],
  ['tasks', 'Tasks', (i) => formatCount(i.tasks)],
  ['steals', 'Tasks stolen', (i) => formatCount(i.steals)],
  ['failovers', 'Scheduler failovers taken over', (i) => formatCount(i.failovers)],
  ['dashboard', 'Dashboard', (i) => i.dashboard],
  ['version', 'Version', (i) => i.version],
];

function renderInfo(info) {
  renderSummary(info);
  if (!facts.children.length) {
    for (const [field, label] of FIELDS) {
      const value = el('dd');
      value.dataset.field = field;
      facts.append(el('dt', '', label), value);
    }
  }
  for (const [field, , format] of FIELDS) {
    facts.querySelector(`dd[data-field="${field}"]`).textContent = String(format(info) ?? '–');
  }
}

function showStatus(text) {
  storyStatus.hidden = !text;
  storyStatus.textContent = text ?? '';
}

async function lookUp(key) {
  showStatus(`Looking up ${key}…`);
  storyTable.hidden = true;
  storyTable.dataset.key = key;
  let story;
  try {
    story = await fetchJson(`/api/v1/story/${encodeURIComponent(key)}`);
  } catch (error) {
    showStatus(`No story for ${key} (${error.message}).`);
    return;
  }
  const transitions = story.transitions ?? [];
  const first = transitions.length ? transitions[0].millis : 0;
  storyTable.tBodies[0].replaceChildren(...transitions.map((t) => {
    const row = document.createElement('tr');
    row.append(
      el('td', 'num', formatClock(t.millis)),
      el('td', 'num', `+${formatDuration(t.millis - first)}`),
      el('td', '', t.from),
      el('td', t.to === 'erred' ? 'status-error' : '', t.to),
      el('td', 'key', t.stimulus),
    );
    return row;
  }));
  storyTable.dataset.transitions = String(transitions.length);
  storyTable.hidden = false;
  showStatus(transitions.length ? '' : `${key} has no recorded transitions.`);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) return;
  history.replaceState(null, '', `?key=${encodeURIComponent(key)}`);
  lookUp(key);
});

fetchJson('/api/v1/info').then(renderInfo, (error) => console.warn(error));
connectEvents((update) => {
  if (update.info) renderInfo(update.info);
});

const initialKey = new URLSearchParams(location.search).get('key');
if (initialKey) {
  keyInput.value = initialKey;
  lookUp(initialKey);
}
