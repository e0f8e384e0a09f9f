// Shared code of the Weft dashboard pages: colours, formatting, JSON fetches, the SSE connection
// and the navigation bar. Every page script imports from here; nothing in this file touches a
// page-specific element.

/** Categorical palette (no reds: red means "erred"). */
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2',
  '#17becf', '#bcbd22', '#6b8fd6', '#f0a23b', '#5fae7a', '#b58fd0',
  '#7f7f7f', '#3d9a9a', '#c49c48', '#8a6fb8',
];

/** Colour of erred tasks, everywhere. */
export const ERRED = '#d62728';

/** 32-bit FNV-1a hash of a string: stable across pages, reloads and browsers. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const colourCache = new Map();

/** The colour of a function prefix: a stable hash into {@link PALETTE}. */
export function colourFor(prefix) {
  let colour = colourCache.get(prefix);
  if (colour === undefined) {
    colour = PALETTE[fnv1a(String(prefix)) % PALETTE.length];
    colourCache.set(prefix, colour);
  }
  return colour;
}

/** Bytes as a short human string: 0 B, 512 B, 1.5 KiB, 2.0 GiB. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A duration in milliseconds: 850 µs, 12 ms, 3.4 s, 5 m 02 s, 2 h 10 m. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** An integer with thousands separators. */
export function formatCount(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** Wall-clock time of an epoch-millisecond instant, HH:MM:SS.mmm. */
export function formatClock(epochMs) {
  const d = new Date(epochMs);
  const pad = (v, n = 2) => String(v).padStart(n, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Fetches a JSON document; rejects with the HTTP status on anything but 2xx. */
export async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Creates an element with a class and optional text (text is never parsed as HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Server clock estimate. The server stamps every update with its own `now`; the offset to the
 * browser clock lets the task stream slide smoothly between updates.
 */
export const serverClock = {
  offset: 0,
  observe(serverNow) {
    if (Number.isFinite(serverNow)) this.offset = serverNow - Date.now();
  },
  now() {
    return Date.now() + this.offset;
  },
};

/** Marks the current page's link in the top navigation. */
function markActiveNav() {
  const path = location.pathname.replace(/\.html$/, '').replace(/\/$/, '') || '/status';
  for (const link of document.querySelectorAll('nav.top a[href]')) {
    if (link.getAttribute('href') === path) link.setAttribute('aria-current', 'page');
  }
}

function setBadge(state, text) {
  const badge = document.getElementById('connection');
  if (!badge) return;
  badge.dataset.state = state;
  badge.textContent = text;
}

/**
 * Fetches the task runs that stopped at or after `since` (epoch ms; by default those of the last
 * `windowMs`), finished before this page's live updates began or during a reconnection, and hands
 * them to `applyUpdate` as a stream update. Resolves to the number of runs, or null when the fetch
 * failed (the caller tries again).
 */
export async function loadHistory(windowMs, applyUpdate, since = Math.round(serverClock.now() - windowMs)) {
  try {
    const history = await fetchJson(`/api/v1/task-stream?since=${Math.max(0, Math.round(since))}`);
    serverClock.observe(history.now);
    const records = history.records ?? [];
    applyUpdate({ stream: records });
    return records.length;
  } catch (error) {
    console.warn('could not load the task stream history', error);
    return null;
  }
}

/**
 * Runs `load` (async, resolving true once the history is in) after the first update of every
 * (re)connection, as `connectEvents` reports it, and again on later updates until it succeeds;
 * never two at once. Returns the function to call with `first` on every update.
 */
export function historyOnConnect(load) {
  let wanted = 0;
  let loaded = 0;
  let running = false;
  return async (first) => {
    if (first) wanted++;
    if (running || loaded === wanted) return;
    running = true;
    const goal = wanted;
    try {
      if (await load()) loaded = goal;
    } finally {
      running = false;
    }
  };
}

/**
 * Opens the SSE stream `/api/v1/events` and calls `onUpdate(update, first)` for every `update`
 * event, where `first` is true for the first update after each (re)connection: the moment to
 * fetch history that the stream did not carry. Counts updates in `document.body.dataset.updates`
 * (tests wait on it) and shows a "disconnected" badge while EventSource is reconnecting.
 */
export function connectEvents(onUpdate) {
  document.body.dataset.updates = '0';
  const source = new EventSource('/api/v1/events');
  let first = true;
  source.addEventListener('open', () => {
    first = true;
    setBadge('live', 'live');
  });
  source.addEventListener('error', () => setBadge('down', 'disconnected'));
  source.addEventListener('update', (event) => {
    let update;
    try {
      update = JSON.parse(event.data);
    } catch (error) {
      console.error('unparsable update', error);
      return;
    }
    setBadge('live', 'live');
    if (update.info) serverClock.observe(update.info.now);
    onUpdate(update, first);
    first = false;
    document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
  });
  return source;
}

/** Fills the header's cluster summary (`#summary`) from an info document. */
export function renderSummary(info) {
  const summary = document.getElementById('summary');
  if (!summary || !info) return;
  const uptime = formatDuration((info.now ?? Date.now()) - info.started);
  summary.textContent =
    `${info.workers} workers · ${info.threads} threads · ` +
    `${info.memoryLimit > 0 ? formatBytes(info.memoryLimit) : 'no memory limit'} · ` +
    `${formatCount(info.tasks)} tasks · up ${uptime}`;
}

markActiveNav();
