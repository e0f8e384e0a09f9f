// The task stream: one horizontal lane per worker thread, one bar per finished task from its start
// to its stop, over a sliding time window. Drawn on a canvas; redraws are coalesced into at most
// one per animation frame.

import { colourFor, ERRED, el, formatClock, formatDuration, serverClock } from './dashboard.js';

const LABEL_WIDTH = 120;
const AXIS_HEIGHT = 20;
const MIN_LANE = 6;
const MAX_LANE = 48;
const TICK_MS = 250;

/** Bounded, de-duplicated store of task records in stop order. */
export class TaskRecords {
  constructor(limit = 20000) {
    this.limit = limit;
    this.records = [];
    this.ids = new Set();
  }

  static id(record) {
    return `${record.key}@${record.start}`;
  }

  /**
   * Adds records not seen before, keeping stop order (history fetched after live updates may
   * arrive out of order), and drops the oldest beyond the limit.
   */
  add(records) {
    let sorted = true;
    for (const record of records ?? []) {
      const id = TaskRecords.id(record);
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      const last = this.records[this.records.length - 1];
      if (last && record.stop < last.stop) sorted = false;
      this.records.push(record);
    }
    if (!sorted) this.records.sort((a, b) => a.stop - b.stop);
    const excess = this.records.length - this.limit;
    if (excess > 0) {
      for (const old of this.records.splice(0, excess)) this.ids.delete(TaskRecords.id(old));
    }
  }

  /** Index of the first record whose stop is at or after `time` (records are in stop order). */
  firstStoppingAfter(time) {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].stop < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Renders {@link TaskRecords} into a canvas, one lane per worker thread. */
export class TaskStream {
  /**
   * @param {HTMLCanvasElement} canvas the canvas; its CSS width is kept, its height is set here
   * @param {TaskRecords} store the records to draw
   * @param {number} windowMs the width of the sliding time window
   * @param {number} maxHeight the canvas grows with the lanes up to this many CSS pixels
   */
  constructor(canvas, store, windowMs = 20000, maxHeight = 280) {
    this.canvas = canvas;
    this.store = store;
    this.windowMs = windowMs;
    this.maxHeight = maxHeight;
    this.workers = [];
    this.lanes = [];
    this.laneOf = new Map();
    this.pending = false;
    this.tooltip = el('div', 'tooltip');
    this.tooltip.hidden = true;
    canvas.parentElement.appendChild(this.tooltip);
    canvas.addEventListener('mousemove', (event) => this.hover(event));
    canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    new ResizeObserver(() => this.requestDraw()).observe(canvas);
    setInterval(() => this.requestDraw(), TICK_MS);
  }

  /** Sets the workers (id and nthreads) that define the lanes, keeping lanes of unknown workers. */
  setWorkers(workers) {
    const seen = new Map(this.workers.map((w) => [w.id, w.nthreads]));
    for (const w of workers ?? []) seen.set(w.id, Math.max(1, w.nthreads | 0));
    this.workers = [...seen].map(([id, nthreads]) => ({ id, nthreads }));
    this.workers.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    this.rebuildLanes();
    this.requestDraw();
  }

  rebuildLanes() {
    this.lanes = [];
    this.laneOf.clear();
    this.laneVersion = (this.laneVersion ?? 0) + 1;
    for (const worker of this.workers) {
      for (let t = 0; t < worker.nthreads; t++) {
        this.laneOf.set(`${worker.id}#${t}`, this.lanes.length);
        this.lanes.push({ worker: worker.id, thread: t });
      }
    }
    const wanted = Math.max(2, this.lanes.length) * MAX_LANE + AXIS_HEIGHT;
    this.canvas.style.height = `${Math.min(this.maxHeight, wanted)}px`;
  }

  /** Makes sure every record's worker thread has a lane, even if the worker list lags behind. */
  noteRecords(records) {
    let grew = false;
    for (const r of records ?? []) {
      if (this.laneOf.has(`${r.worker}#${r.lane}`)) continue;
      const existing = this.workers.find((w) => w.id === r.worker);
      if (existing) existing.nthreads = Math.max(existing.nthreads, (r.lane | 0) + 1);
      else this.workers.push({ id: r.worker, nthreads: (r.lane | 0) + 1 });
      grew = true;
    }
    if (grew) this.setWorkers([]);
    this.requestDraw();
  }

  /** Schedules one redraw on the next animation frame, however often it is called. */
  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  geometry() {
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    const plotWidth = Math.max(1, width - LABEL_WIDTH);
    const laneCount = Math.max(1, this.lanes.length);
    const laneHeight = Math.max(MIN_LANE, Math.min(MAX_LANE, (height - AXIS_HEIGHT) / laneCount));
    const end = serverClock.now();
    return { width, height, plotWidth, laneHeight, end, start: end - this.windowMs };
  }

  draw() {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const g = this.geometry();
    if (canvas.width !== Math.round(g.width * ratio) || canvas.height !== Math.round(g.height * ratio)) {
      canvas.width = Math.round(g.width * ratio);
      canvas.height = Math.round(g.height * ratio);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    this.drawLanes(ctx, g);
    const bars = this.drawBars(ctx, g);
    this.drawAxis(ctx, g);
    canvas.dataset.bars = String(bars);
    canvas.dataset.lanes = String(this.lanes.length);
  }

  drawLanes(ctx, g) {
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    let previous = null;
    this.lanes.forEach((lane, i) => {
      const y = i * g.laneHeight;
      if (i % 2 === 1) {
        ctx.fillStyle = '#f6f7f9';
        ctx.fillRect(LABEL_WIDTH, y, g.plotWidth, g.laneHeight);
      }
      if (lane.worker !== previous) {
        if (i > 0) {
          ctx.fillStyle = '#c9ced6';
          ctx.fillRect(0, y, g.width, 1);
        }
        ctx.fillStyle = '#333';
        ctx.fillText(this.clip(ctx, lane.worker, LABEL_WIDTH - 34), 6, y + g.laneHeight / 2);
        previous = lane.worker;
      }
      ctx.fillStyle = '#8a919c';
      ctx.textAlign = 'right';
      ctx.fillText(`t${lane.thread}`, LABEL_WIDTH - 6, y + g.laneHeight / 2);
      ctx.textAlign = 'left';
    });
    if (this.lanes.length === 0) {
      ctx.fillStyle = '#8a919c';
      ctx.fillText('no workers yet', LABEL_WIDTH + 8, 12);
    }
  }

  clip(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let cut = text;
    while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  drawBars(ctx, g) {
    const records = this.store.records;
    const scale = g.plotWidth / this.windowMs;
    const pad = g.laneHeight > 10 ? 1 : 0;
    // Bars of one lane and colour that touch within a pixel are drawn as one rectangle: at high
    // task rates most bars are narrower than a pixel, and this keeps the page cheap to keep open.
    const runs = this.lanes.map(() => ({ x0: 0, x1: -1, colour: null }));
    const flush = (lane, run) => {
      if (run.colour === null) return;
      ctx.fillStyle = run.colour;
      ctx.fillRect(run.x0, lane * g.laneHeight + pad, Math.max(1, run.x1 - run.x0), g.laneHeight - 2 * pad);
    };
    let bars = 0;
    for (let i = this.store.firstStoppingAfter(g.start); i < records.length; i++) {
      const r = records[i];
      if (r.laneVersion !== this.laneVersion) {
        r.laneIndex = this.laneOf.get(`${r.worker}#${r.lane}`);
        r.laneVersion = this.laneVersion;
      }
      const lane = r.laneIndex;
      if (lane === undefined || r.start > g.end) continue;
      const x0 = LABEL_WIDTH + Math.max(0, (r.start - g.start) * scale);
      const x1 = LABEL_WIDTH + Math.min(g.plotWidth, (r.stop - g.start) * scale);
      const colour = r.status === 'error' ? ERRED : colourFor(r.prefix);
      const run = runs[lane];
      if (run.colour === colour && x0 <= run.x1 + 1) {
        run.x1 = Math.max(run.x1, x1);
      } else {
        flush(lane, run);
        run.x0 = x0;
        run.x1 = x1;
        run.colour = colour;
      }
      bars++;
    }
    runs.forEach((run, lane) => flush(lane, run));
    return bars;
  }

  drawAxis(ctx, g) {
    const top = Math.min(g.height - AXIS_HEIGHT, this.lanes.length * g.laneHeight);
    ctx.fillStyle = '#c9ced6';
    ctx.fillRect(LABEL_WIDTH, top, g.plotWidth, 1);
    ctx.fillStyle = '#5b6270';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    const step = this.windowMs > 60000 ? 10000 : this.windowMs > 20000 ? 5000 : 2000;
    for (let ago = 0; ago <= this.windowMs; ago += step) {
      const x = LABEL_WIDTH + g.plotWidth - (ago / this.windowMs) * g.plotWidth;
      ctx.fillRect(x, top, 1, 4);
      ctx.fillText(ago === 0 ? 'now' : `−${ago / 1000} s`, Math.min(x, g.width - 14), top + 6);
    }
    ctx.textAlign = 'left';
  }

  hover(event) {
    const g = this.geometry();
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const lane = Math.floor((event.clientY - rect.top) / g.laneHeight);
    const time = g.start + ((x - LABEL_WIDTH) / g.plotWidth) * this.windowMs;
    const slack = (3 * this.windowMs) / g.plotWidth;
    const records = this.store.records;
    let hit = null;
    for (let i = this.store.firstStoppingAfter(time - slack); i < records.length; i++) {
      const r = records[i];
      if (this.laneOf.get(`${r.worker}#${r.lane}`) === lane && r.start - slack <= time && time <= r.stop + slack) {
        hit = r;
        break;
      }
    }
    if (!hit || x < LABEL_WIDTH) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent =
      `${hit.key}\n${hit.worker} t${hit.lane} · ${hit.status}\n` +
      `${formatDuration(hit.stop - hit.start)} · ended ${formatClock(hit.stop)}`;
    this.tooltip.style.left = `${Math.min(x + 12, rect.width - 220)}px`;
    this.tooltip.style.top = `${event.clientY - rect.top + 12}px`;
    this.tooltip.hidden = false;
  }
}
