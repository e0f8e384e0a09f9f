// The task graph: nodes coloured by state, edges from dependency to dependent, laid out in layers
// by longest path from the roots. Drawn in an SVG; the layout is recomputed only when the set of
// nodes or edges changes, a state change only recolours.

import { colourFor, ERRED, formatCount } from './dashboard.js';

/** Most tasks the server's `/api/v1/graph` returns in full (DashboardServer.MAX_GRAPH_TASKS). */
export const GRAPH_LIMIT = 500;

const SVG = 'http://www.w3.org/2000/svg';
const DX = 90;
const DY = 16;
const RADIUS = 5;
const MAX_ZOOM = 2.5;

/** Fill colour of a node: the prefix colour once computed, grey before, red when erred. */
function fillOf(node) {
  switch (node.state) {
    case 'memory':
    case 'forgotten':
    case 'processing':
      return colourFor(node.prefix);
    case 'erred':
      return ERRED;
    default:
      return '#d5d9e0';
  }
}

/** Layer of every node: the length of the longest path from a node without dependencies. */
function layers(keys, edges) {
  const dependents = new Map(keys.map((k) => [k, []]));
  const indegree = new Map(keys.map((k) => [k, 0]));
  for (const [from, to] of edges) {
    if (!dependents.has(from) || !indegree.has(to)) continue;
    dependents.get(from).push(to);
    indegree.set(to, indegree.get(to) + 1);
  }
  const layer = new Map(keys.map((k) => [k, 0]));
  const ready = keys.filter((k) => indegree.get(k) === 0);
  while (ready.length) {
    const key = ready.pop();
    for (const next of dependents.get(key)) {
      layer.set(next, Math.max(layer.get(next), layer.get(key) + 1));
      indegree.set(next, indegree.get(next) - 1);
      if (indegree.get(next) === 0) ready.push(next);
    }
  }
  return layer;
}

/** Positions: x by layer; y by order inside the layer, sorted by the mean y of the parents. */
function layout(nodes, edges) {
  const keys = nodes.map((n) => n.key);
  const layer = layers(keys, edges);
  const parents = new Map(keys.map((k) => [k, []]));
  for (const [from, to] of edges) parents.get(to)?.push(from);
  const byLayer = [];
  for (const key of keys) (byLayer[layer.get(key)] ??= []).push(key);
  const position = new Map();
  let rows = 0;
  byLayer.forEach((column, x) => {
    const mean = (k) => {
      const ys = parents.get(k).map((p) => position.get(p)?.row ?? 0);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0;
    };
    if (x > 0) column.sort((a, b) => mean(a) - mean(b));
    column.forEach((key, row) => position.set(key, { x, row }));
    rows = Math.max(rows, column.length);
  });
  for (const p of position.values()) {
    p.cx = 20 + p.x * DX;
    p.cy = 12 + (p.row + (rows - byLayer[p.x].length) / 2) * DY;
  }
  return { position, width: 40 + (byLayer.length - 1) * DX, height: 24 + (rows - 1) * DY };
}

/**
 * Draws graphs into an SVG and shows `note` instead, saying so, when the graph is too large to
 * draw. (An SVG element has no `hidden` property, so the attribute is toggled directly.)
 */
export class TaskGraph {
  constructor(svg, note) {
    this.svg = svg;
    this.note = note;
    this.signature = '';
    this.circles = new Map();
  }

  /**
   * Renders one `/api/v1/graph` document; a truncated one (the server holds more tasks than it
   * draws) shows why instead, with `taskCount` when the page knows it.
   */
  render(graph, taskCount) {
    if (graph?.truncated) {
      this.tooLarge(taskCount);
      return;
    }
    this.show();
    const nodes = graph?.nodes ?? [];
    const edges = graph?.edges ?? [];
    const signature = `${nodes.map((n) => n.key).join('\u0000')}|${edges.length}`;
    if (signature !== this.signature) this.build(nodes, edges, signature);
    for (const node of nodes) {
      const circle = this.circles.get(node.key);
      circle.setAttribute('fill', fillOf(node));
      circle.setAttribute('fill-opacity', node.state === 'forgotten' ? '0.35' : '1');
      circle.dataset.state = node.state;
      circle.classList.toggle('running', node.state === 'processing');
      circle.firstChild.textContent = `${node.key} · ${node.state}`;
    }
    this.svg.dataset.nodes = String(nodes.length);
    this.svg.dataset.edges = String(edges.length);
  }

  /**
   * Replaces the drawing with a visible note saying why there is none: the scheduler holds more
   * than `limit` tasks (`taskCount` of them, when known).
   */
  tooLarge(taskCount, limit = GRAPH_LIMIT) {
    const count = Number.isFinite(taskCount) && taskCount > limit
      ? formatCount(taskCount)
      : `more than ${formatCount(limit)}`;
    this.svg.setAttribute('hidden', '');
    this.svg.dataset.truncated = 'true';
    this.note.textContent = `The graph of ${count} tasks is too large to draw (limit ${formatCount(limit)}).`;
    this.note.hidden = false;
    this.clear();
  }

  /** Shows the drawing (again) and hides the note. */
  show() {
    this.svg.removeAttribute('hidden');
    this.svg.dataset.truncated = 'false';
    this.note.hidden = true;
  }

  clear() {
    this.signature = '';
    this.circles.clear();
    this.svg.replaceChildren();
    this.svg.dataset.nodes = '0';
    this.svg.dataset.edges = '0';
  }

  build(nodes, edges, signature) {
    this.clear();
    this.signature = signature;
    const { position, width, height } = layout(nodes, edges);
    // Small graphs are enlarged at most MAX_ZOOM times, centred; large ones shrink to fit.
    const w = Math.max(width, this.svg.clientWidth / MAX_ZOOM);
    const h = Math.max(height, this.svg.clientHeight / MAX_ZOOM);
    this.svg.setAttribute('viewBox', `${(width - w) / 2} ${(height - h) / 2} ${w} ${h}`);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('class', 'edges');
    path.setAttribute('d', edges.map(([a, b]) => {
      const p = position.get(a);
      const q = position.get(b);
      return p && q ? `M${p.cx},${p.cy}C${p.cx + DX / 2},${p.cy} ${q.cx - DX / 2},${q.cy} ${q.cx},${q.cy}` : '';
    }).join(''));
    this.svg.appendChild(path);
    const group = document.createElementNS(SVG, 'g');
    for (const node of nodes) {
      const p = position.get(node.key);
      const circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('cx', p.cx);
      circle.setAttribute('cy', p.cy);
      circle.setAttribute('r', RADIUS);
      circle.dataset.key = node.key;
      circle.appendChild(document.createElementNS(SVG, 'title'));
      group.appendChild(circle);
      this.circles.set(node.key, circle);
    }
    this.svg.appendChild(group);
  }
}
