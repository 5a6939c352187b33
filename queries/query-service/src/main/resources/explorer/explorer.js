// lngossip explorer: the query service's answers as pictures. No dependencies and no build step: the charts are
// plain SVG drawn below. Every figure comes from the JSON endpoints of /openapi.json.
'use strict';

const HOUR = 3600;
const DAY = 86400;
const COLORS = ['#6b46c1', '#e8833a', '#2a9d8f', '#d64550', '#3a7bd5'];
const $ = (id) => document.getElementById(id);

const state = {
  from: 0, to: 0, step: HOUR, at: 0, maxAge: '1209600',
  stats: [], summarySeq: 0, sampleSeq: 0,
};

// ---------- HTTP ----------

function token() { return sessionStorage.getItem('lngossip-token'); }

async function api(path) {
  const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
  const r = await fetch(path, { headers });
  if (r.status === 401) {
    const t = window.prompt('This deployment needs a bearer token for /v1/*:');
    if (t) {
      sessionStorage.setItem('lngossip-token', t);
      return api(path);
    }
  }
  if (!r.ok) {
    let detail = r.status + ' ' + r.statusText;
    try { detail = (await r.json()).detail || detail; } catch (e) { /* not a problem body */ }
    const err = new Error(detail);
    err.status = r.status;
    throw err;
  }
  return r.json();
}

// ---------- formatting ----------

function iso(t) { return new Date(t * 1000).toISOString().replace('.000Z', 'Z'); }
function label(t) { return iso(t).replace('T', ' ').replace(':00Z', '').replace('Z', ''); }
function toInput(t) { return iso(t); }
/** Unix seconds, or ISO-8601 (UTC when it names no zone); null when it is neither. */
function fromInput(v) {
  v = (v || '').trim();
  if (/^\d+$/.test(v)) return +v;
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : v + (v.length === 10 ? 'T00:00:00Z' : 'Z');
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
function num(v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'); }
function compact(v) {
  const a = Math.abs(v);
  if (a >= 1e9) return +(v / 1e9).toFixed(2) + 'G';
  if (a >= 1e6) return +(v / 1e6).toFixed(2) + 'M';
  if (a >= 1e4) return +(v / 1e3).toFixed(1) + 'k';
  return +v.toFixed(2) + '';
}
function btc(sat) { return sat === null || sat === undefined ? '–' : (sat / 1e8).toLocaleString('en-US', { maximumFractionDigits: 3 }) + ' BTC'; }
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c));
  return e;
}
function ageText(maxAge) {
  return maxAge === 'unbounded' ? 'unbounded' : +maxAge % DAY === 0 ? +maxAge / DAY + ' days' : num(+maxAge) + ' s';
}
function short(hex) { return hex.slice(0, 10) + '…' + hex.slice(-6); }

// ---------- charts ----------

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

const TIME_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY];

function timeTicks(x0, x1, max) {
  const span = Math.max(1, x1 - x0);
  const step = TIME_STEPS.find((s) => span / s <= max) || Math.ceil(span / max / (365 * DAY)) * 365 * DAY;
  const ticks = [];
  for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) ticks.push(t);
  const fmt = step < DAY ? (t) => iso(t).slice(5, 16).replace('T', ' ')
    : step < 365 * DAY ? (t) => iso(t).slice(0, 10) : (t) => iso(t).slice(0, 4);
  return { ticks, fmt };
}

function niceTicks(max, count) {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const raw = max / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => raw <= s);
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return { top, ticks };
}

/**
 * Draws one chart into a .chart element.
 * series: [{name, points: [[t, v]], kind: 'line' | 'step' | 'bars'}]; bars of all series are stacked.
 * options: {x0, x1, step (bar width and the gap that breaks a line), marker, format, onPick}
 */
function drawChart(host, series, options) {
  host.replaceChildren();
  const legend = host.parentElement.querySelector('.legend') || host.parentElement.insertBefore(el('div', { class: 'legend' }), host);
  legend.replaceChildren(...series.map((s, i) => el('span', {}, el('i', { style: 'background:' + (s.color || COLORS[i]) }), s.name)));
  const total = series.reduce((n, s) => n + s.points.length, 0);
  host.dataset.points = total;
  if (total === 0) {
    host.append(el('div', { class: 'empty' }, options.empty || 'no data in this window'));
    return;
  }
  const W = Math.max(300, host.clientWidth);
  const H = Math.max(80, host.clientHeight);
  const m = { l: 52, r: 12, t: 8, b: 22 };
  const x0 = options.x0;
  const x1 = Math.max(options.x1, x0 + 1);
  const step = options.step || HOUR;
  const bars = series.filter((s) => s.kind === 'bars');
  let yMax = 0;
  if (bars.length) {
    const sums = new Map();
    for (const s of bars) for (const [t, v] of s.points) sums.set(t, (sums.get(t) || 0) + v);
    for (const v of sums.values()) yMax = Math.max(yMax, v);
  }
  for (const s of series) if (s.kind !== 'bars') for (const [, v] of s.points) yMax = Math.max(yMax, v);
  const { top, ticks } = niceTicks(yMax, H < 150 ? 2 : 4);
  const X = (t) => m.l + ((t - x0) / (x1 - x0)) * (W - m.l - m.r);
  const Y = (v) => H - m.b - (v / top) * (H - m.t - m.b);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const grid = svg('g', { class: 'grid' });
  const axis = svg('g', { class: 'axis' });
  for (const v of ticks) {
    grid.append(svg('line', { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v) }));
    const tx = svg('text', { x: m.l - 6, y: Y(v) + 3, 'text-anchor': 'end' });
    tx.textContent = (options.format || compact)(v);
    axis.append(tx);
  }
  const tt = timeTicks(x0, x1, Math.max(2, Math.floor((W - m.l) / 110)));
  for (const t of tt.ticks) {
    axis.append(svg('line', { x1: X(t), x2: X(t), y1: H - m.b, y2: H - m.b + 4 }));
    const tx = svg('text', { x: X(t), y: H - 6, 'text-anchor': 'middle' });
    tx.textContent = tt.fmt(t);
    axis.append(tx);
  }
  root.append(grid, axis);
  const clip = 'clip' + Math.random().toString(36).slice(2);
  const defs = svg('defs');
  const cp = svg('clipPath', { id: clip });
  cp.append(svg('rect', { x: m.l, y: 0, width: W - m.l - m.r, height: H - m.b }));
  defs.append(cp);
  root.append(defs);
  const plot = svg('g', { 'clip-path': `url(#${clip})` });
  root.append(plot);

  // stacked bars
  if (bars.length) {
    const base = new Map();
    const bw = Math.max(1, X(x0 + step) - X(x0) - 1);
    bars.forEach((s) => {
      const i = series.indexOf(s);
      const g = svg('g', { class: 'series bars', 'data-series': s.name, 'data-count': s.points.length, fill: s.color || COLORS[i] });
      for (const [t, v] of s.points) {
        if (v <= 0) continue;
        const b = base.get(t) || 0;
        g.append(svg('rect', { class: 'bar', x: X(t), y: Y(b + v), width: bw, height: Math.max(0.5, Y(b) - Y(b + v)) }));
        base.set(t, b + v);
      }
      plot.append(g);
    });
  }
  // lines and steps
  series.forEach((s, i) => {
    if (s.kind === 'bars' || s.points.length === 0) return;
    const color = s.color || COLORS[i];
    let d = '';
    let prev = null;
    for (const [t, v] of s.points) {
      if (s.kind === 'step') {
        d += prev === null ? `M${X(t)},${Y(v)}` : `H${X(t)}V${Y(v)}`;
      } else {
        const broken = prev === null || t - prev > (options.gap || 2 * step);
        d += (broken ? 'M' : 'L') + `${X(t)},${Y(v)}`;
      }
      prev = t;
    }
    if (s.kind === 'step') d += `H${X(s.until !== undefined ? s.until : x1)}`;
    const path = svg('path', { class: 'series line', 'data-series': s.name, 'data-count': s.points.length, d, fill: 'none', stroke: color, 'stroke-width': 1.8 });
    plot.append(path);
    if (s.points.length <= 400) {
      const g = svg('g', { fill: color });
      for (const [t, v] of s.points) g.append(svg('circle', { class: 'pt', cx: X(t), cy: Y(v), r: s.kind === 'step' ? 2 : 2.5 }));
      plot.append(g);
    }
  });
  if (options.marker !== undefined && options.marker >= x0 && options.marker <= x1) {
    root.append(svg('line', { class: 'marker', x1: X(options.marker), x2: X(options.marker), y1: m.t, y2: H - m.b }));
  }
  host.append(root);

  // hover: the values at the nearest instant; click: move T there
  const tip = el('div', { class: 'tip', hidden: '' });
  host.append(tip);
  const hair = svg('line', { class: 'marker', y1: m.t, y2: H - m.b, visibility: 'hidden' });
  root.append(hair);
  const tAt = (ev) => {
    const r = root.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * W;
    return x0 + ((px - m.l) / (W - m.l - m.r)) * (x1 - x0);
  };
  root.addEventListener('mousemove', (ev) => {
    const t = tAt(ev);
    if (t < x0 || t > x1) { tip.hidden = true; hair.setAttribute('visibility', 'hidden'); return; }
    const lines = [];
    let at = null;
    for (const s of series) {
      const p = valueAt(s, t, s.kind === 'step' ? Infinity : (x1 - x0) / 40);
      if (p) { lines.push(`${s.name}: ${(options.format || num)(p[1])}`); if (at === null || s.kind !== 'step') at = s.kind === 'step' ? t : p[0]; }
    }
    if (!lines.length) { tip.hidden = true; hair.setAttribute('visibility', 'hidden'); return; }
    hair.setAttribute('x1', X(at)); hair.setAttribute('x2', X(at)); hair.setAttribute('visibility', 'visible');
    tip.replaceChildren(el('b', {}, label(Math.floor(at))), ...lines.map((l) => el('div', {}, l)));
    tip.hidden = false;
    const hr = host.getBoundingClientRect();
    tip.style.left = Math.min(hr.width - 160, ev.clientX - hr.left + 12) + 'px';
    tip.style.top = '4px';
  });
  root.addEventListener('mouseleave', () => { tip.hidden = true; hair.setAttribute('visibility', 'hidden'); });
  if (options.onPick) {
    root.style.cursor = 'crosshair';
    root.addEventListener('click', (ev) => options.onPick(Math.floor(tAt(ev))));
  }
}

/** The point of a series at t: the last at or before t for steps, else the nearest within maxDistance. */
function valueAt(s, t, maxDistance) {
  let best = null;
  for (const p of s.points) {
    if (s.kind === 'step') { if (p[0] <= t) best = p; else break; continue; }
    if (Math.abs(p[0] - t) <= maxDistance && (best === null || Math.abs(p[0] - t) < Math.abs(best[0] - t))) best = p;
  }
  return best;
}

/** Rows of colored bands: each point [t, value] holds until the next one (or x1); colors by value. */
function drawBands(host, rows, options) {
  host.replaceChildren();
  const legend = host.parentElement.querySelector('.legend') || host.parentElement.insertBefore(el('div', { class: 'legend' }), host);
  legend.replaceChildren(el('span', {}, el('i', { style: 'background:#2a9d8f' }), 'enabled'),
    el('span', {}, el('i', { style: 'background:#d64550' }), 'disabled'));
  const total = rows.reduce((n, r) => n + r.points.length, 0);
  host.dataset.points = total;
  if (total === 0) { host.append(el('div', { class: 'empty' }, 'no updates')); return; }
  const W = Math.max(300, host.clientWidth);
  const H = Math.max(60, host.clientHeight);
  const m = { l: 52, r: 12, t: 6, b: 22 };
  const x0 = options.x0;
  const x1 = Math.max(options.x1, x0 + 1);
  const X = (t) => m.l + ((Math.min(Math.max(t, x0), x1) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}` });
  const rowH = (H - m.t - m.b) / rows.length;
  rows.forEach((r, i) => {
    const y = m.t + i * rowH;
    const name = svg('text', { x: m.l - 6, y: y + rowH / 2 + 3, 'text-anchor': 'end', class: 'axis' });
    name.textContent = r.name;
    const g = svg('g', { class: 'series bands', 'data-series': r.name, 'data-count': r.points.length });
    r.points.forEach(([t, v], j) => {
      const end = j + 1 < r.points.length ? r.points[j + 1][0] : x1;
      const rect = svg('rect', { class: 'band', x: X(t), y: y + 3, width: Math.max(1, X(end) - X(t)), height: rowH - 6, fill: v ? '#d64550' : '#2a9d8f' });
      const title = svg('title');
      title.textContent = `${r.name} ${v ? 'disabled' : 'enabled'} from ${label(t)}`;
      rect.append(title);
      g.append(rect);
    });
    root.append(name, g);
  });
  const axis = svg('g', { class: 'axis' });
  const tt = timeTicks(x0, x1, Math.max(2, Math.floor((W - m.l) / 110)));
  for (const t of tt.ticks) {
    const tx = svg('text', { x: X(t), y: H - 6, 'text-anchor': 'middle' });
    tx.textContent = tt.fmt(t);
    axis.append(tx);
  }
  root.append(axis);
  host.append(root);
}

// ---------- the address keeps the view: #from=&to=&channel=&node= ----------

function remember(key, value) {
  const hash = new URLSearchParams(location.hash.slice(1));
  hash.set(key, value);
  history.replaceState(null, '', '#' + hash.toString());
}

// ---------- the time window and the network charts ----------

function chooseStep(from, to) {
  const span = to - from;
  return span <= 4 * DAY ? HOUR : span <= 30 * DAY ? 6 * HOUR : span <= 400 * DAY ? DAY : 7 * DAY;
}

/**
 * The periods that hold data: runs of days with messages in the daily statistics (a gap of more than a day splits
 * them). Message times, not receipt times: an archive's history shows where it happened.
 */
async function loadPeriods() {
  const now = Math.floor(Date.now() / 1000);
  const body = await api(`/v1/stats?from=0&to=${now + 2 * DAY}&step=${DAY}`);
  const periods = [];
  for (const b of body.series) {
    if (b.channel_updates + b.node_announcements + b.channel_announcements === 0 && b.channels === undefined) continue;
    const last = periods[periods.length - 1];
    if (last && b.from <= last[1] + DAY) last[1] = b.from + DAY; else periods.push([b.from, b.from + DAY]);
  }
  return periods;
}

function showPeriods(periods) {
  const box = $('periods');
  box.replaceChildren(el('span', { class: 'note' }, 'ingested: '));
  const all = periods.length ? [periods[0][0], periods[periods.length - 1][1]] : null;
  if (all && periods.length > 1) {
    box.append(el('button', { type: 'button', class: 'chip', 'data-from': all[0], 'data-to': all[1], onclick: () => setWindow(all[0], all[1]) }, 'everything'));
  }
  for (const [f, t] of periods) {
    const text = iso(f).slice(0, 10) + (t - f > DAY ? ' → ' + iso(t - 1).slice(0, 10) : '');
    box.append(el('button', { type: 'button', class: 'chip', 'data-from': f, 'data-to': t, onclick: () => setWindow(f, t) }, text));
  }
}

async function setWindow(from, to, step) {
  state.from = Math.floor(from / HOUR) * HOUR;
  state.to = Math.ceil(to / HOUR) * HOUR;
  state.step = step || chooseStep(state.from, state.to);
  $('charts-section').dataset.drawn = '';
  $('window-from').value = toInput(state.from);
  $('window-to').value = toInput(state.to);
  $('window-step').value = String(state.step);
  remember('from', state.from);
  remember('to', state.to);
  for (const c of document.querySelectorAll('#periods .chip')) {
    c.classList.toggle('active', +c.dataset.from >= state.from && +c.dataset.to <= state.to);
  }
  const slider = $('t-slider');
  slider.min = state.from;
  slider.max = state.to;
  slider.step = HOUR;
  const body = await api(`/v1/stats?from=${state.from}&to=${state.to}&step=${state.step}`);
  state.stats = body.series;
  const withFigures = state.stats.filter((b) => b.channels !== undefined);
  // T: the last hour with network figures, else the window's end
  const at = state.at >= state.from && state.at <= state.to ? state.at
    : withFigures.length ? withFigures[withFigures.length - 1].from + state.step : state.to;
  await setT(at, true);
}

function drawNetworkCharts() {
  const s = state.stats;
  const fig = s.filter((b) => b.channels !== undefined);
  // a bucket's figures are those at its end; its messages span it
  const end = (b) => Math.min(b.from + state.step, state.to);
  const opts = { x0: state.from, x1: state.to, step: state.step, marker: state.at, onPick: (t) => setT(t) };
  drawChart($('chart-messages'), [
    { name: 'channel_update', kind: 'bars', points: s.map((b) => [b.from, b.channel_updates]) },
    { name: 'node_announcement', kind: 'bars', points: s.map((b) => [b.from, b.node_announcements]) },
    { name: 'channel_announcement', kind: 'bars', points: s.map((b) => [b.from, b.channel_announcements]) },
  ], opts);
  const capacity = fig.filter((b) => b.capacity_sat != null);
  // a dozen hourly figures make a picture; fewer (data that arrived late or by backfill has none) are sampled instead
  if (fig.length >= 12) {
    drawSize(fig.map((b) => ({ at: end(b), channels: b.channels, half_channels: b.half_channels, nodes: b.nodes,
      median_fee_ppm: b.median_fee_ppm, median_fee_base_msat: b.median_fee_base_msat })), opts);
    $('charts-note').textContent = 'Channels, nodes and fees: the job\'s hourly figures (Snapshot at the end of each '
      + 'checkpoint hour, maxAge 14 days). Messages: counted in the step of their timestamp.';
  }
  if (capacity.length) {
    drawChart($('chart-capacity'), [{ name: 'capacity (BTC)', points: capacity.map((b) => [end(b), b.capacity_sat / 1e8]), color: COLORS[3] }], opts);
  }
  if (fig.length < 12 || !capacity.length) {
    sample(opts, fig.length < 12, !capacity.length);
  } else {
    drawn();
  }
}

/** Marks the charts as drawn for the window (the browser test waits for it). */
function drawn() {
  $('charts-section').dataset.drawn = `${state.from}-${state.to}`;
}

function drawSize(rows, opts) {
  drawChart($('chart-channels'), [
    { name: 'channels', points: rows.map((r) => [r.at, r.channels]) },
    { name: 'half-channels', points: rows.map((r) => [r.at, r.half_channels]) },
  ], opts);
  drawChart($('chart-nodes'), [{ name: 'nodes', points: rows.map((r) => [r.at, r.nodes]), color: COLORS[2] }], opts);
  const empty = { ...opts, empty: 'no live half-channel in this window' };
  drawChart($('chart-fee-ppm'), [{ name: 'median fee rate (ppm)', points: rows.filter((r) => r.median_fee_ppm != null).map((r) => [r.at, r.median_fee_ppm]), color: COLORS[1] }], empty);
  drawChart($('chart-fee-base'), [{ name: 'median base fee (msat)', points: rows.filter((r) => r.median_fee_base_msat != null).map((r) => [r.at, r.median_fee_base_msat]), color: COLORS[4] }], empty);
}

/**
 * What the hourly figures lack, from Snapshot(t) itself at 25 instants of the window: the network's size where the
 * job wrote no figures (data that arrived late or by backfill), and the capacity of the channels whose funding amount
 * a source knew.
 */
async function sample(opts, size, capacity) {
  const n = 24;
  const key = `${state.from}/${state.to}/${state.maxAge}/${size}`;
  let rows = state.sampled && state.sampled.key === key ? state.sampled.rows : null;
  if (!rows) {
    const seq = ++state.sampleSeq;
    const instants = [];
    for (let i = 0; i <= n; i++) instants.push(Math.round(state.from + ((state.to - state.from) * i) / n));
    const waitingText = el('div', { class: 'empty' }, 'sampling Snapshot(t)…');
    if (size) {
      for (const id of ['chart-channels', 'chart-nodes', 'chart-fee-ppm', 'chart-fee-base']) $(id).replaceChildren(waitingText.cloneNode(true));
    }
    if (capacity) $('chart-capacity').replaceChildren(waitingText);
    rows = [];
    for (let i = 0; i < instants.length; i += 5) {
      const part = await Promise.all(instants.slice(i, i + 5).map((t) => api(`/v1/snapshot/summary?at=${t}&maxAge=${state.maxAge}${size ? '&fees=true' : ''}`)));
      if (seq !== state.sampleSeq) return;
      rows.push(...part);
    }
    state.sampled = { key, rows };
  }
  const sampled = { ...opts, gap: 1.5 * (state.to - state.from) / n };
  if (size) {
    drawSize(rows, sampled);
    $('charts-note').textContent = `Channels, nodes and median fees: Snapshot(t) at ${n + 1} instants of the window (maxAge `
      + `${ageText(state.maxAge)}), as the job wrote too few hourly figures here (data that arrived late or by `
      + 'backfill has none). Messages: counted in the step of their timestamp.';
  }
  if (capacity) {
    drawChart($('chart-capacity'), [{ name: 'capacity of Snapshot(t): channels with a known amount (BTC)', points: rows.filter((r) => r.capacity_sat !== null).map((r) => [r.at, r.capacity_sat / 1e8]), color: COLORS[3] }],
      { ...sampled, empty: 'no channel of this window has a known funding amount' });
  }
  drawn();
}

async function setT(t, redrawAll) {
  t = Math.max(state.from, Math.min(state.to, Math.floor(t)));
  state.at = t;
  document.body.dataset.at = t; // the slider snaps to its step; this is T exactly
  $('t-slider').value = t;
  $('t-input').value = toInput(t);
  $('t-label').textContent = label(t);
  updateDownloads();
  if (redrawAll !== false) drawNetworkCharts();
  const seq = ++state.summarySeq;
  try {
    const s = await api(`/v1/snapshot/summary?at=${t}&maxAge=${state.maxAge}`);
    if (seq !== state.summarySeq) return;
    const figures = [
      ['channels', num(s.channels)], ['half-channels', num(s.half_channels)], ['nodes', num(s.nodes)],
      ['announced nodes', num(s.node_announcements)], ['messages', num(s.messages)],
      ['capacity (known)', s.capacity_sat === null ? '–' : btc(s.capacity_sat)], ['coverage', s.coverage],
    ];
    $('t-figures').replaceChildren(...figures.map(([k, v]) => el('div', { class: 'figure', 'data-key': k }, el('div', { class: 'v' }, v), el('div', { class: 'k' }, k))));
  } catch (e) {
    $('t-figures').replaceChildren(el('p', { class: 'error' }, 'Snapshot(T): ' + e.message));
  }
  const bucket = state.stats.filter((b) => b.from <= t - (t % state.step === 0 ? state.step : 0)).pop();
  const stepName = $('window-step').selectedOptions[0].textContent;
  $('t-hourly').textContent = bucket
    ? `Step of ${label(bucket.from)} (${stepName}): ${num(bucket.channel_updates)} channel_updates, ${num(bucket.node_announcements)} node_announcements, ${num(bucket.channel_announcements)} channel_announcements`
      + (bucket.median_fee_ppm != null ? `; median fee rate ${num(bucket.median_fee_ppm)} ppm, base ${num(bucket.median_fee_base_msat)} msat at its end.` : '.')
    : 'No messages counted in this window before T.';
}

function updateDownloads() {
  const t = state.at;
  const ma = state.maxAge === '1209600' ? '' : `&maxAge=${state.maxAge}`;
  const from = t - state.step;
  $('dl-snapshot-gsp').href = `/v1/snapshot?at=${t}${ma}`;
  $('dl-snapshot-gsp').setAttribute('download', `snapshot-${t}.gsp`);
  $('dl-snapshot-json').href = `/v1/snapshot?at=${t}${ma}&format=json`;
  $('dl-snapshot-graph').href = `/v1/snapshot?at=${t}${ma}&format=graph-json`;
  $('dl-snapshot-graphml').href = `/v1/snapshot?at=${t}${ma}&format=graphml`;
  $('dl-snapshot-graphml').setAttribute('download', `snapshot-${t}.graphml`);
  $('diff-from-label').textContent = label(from);
  $('dl-diff-gsp').href = `/v1/diff?from=${from}&to=${t}${ma}`;
  $('dl-diff-gsp').setAttribute('download', `diff-${from}-${t}.gsp`);
  $('dl-diff-json').href = `/v1/diff?from=${from}&to=${t}${ma}&format=json`;
}

// ---------- channel view ----------

async function showChannel(scid) {
  $('channel-scid').value = scid;
  $('channel-error').hidden = true;
  let c;
  try {
    c = await api(`/v1/channels/${encodeURIComponent(scid)}/timeline`);
  } catch (e) {
    $('channel-view').hidden = true;
    $('channel-error').hidden = false;
    $('channel-error').textContent = e.status === 404 ? `No stored message names ${scid}.` : e.message;
    return;
  }
  $('channel-view').hidden = false;
  remember('channel', c.scid);
  const sum = $('channel-summary');
  sum.replaceChildren(el('b', {}, c.scid), ' ');
  if (c.announced) {
    sum.append('between ', nodeLink(c.node_id_1), ' (direction 0) and ', nodeLink(c.node_id_2), ' (direction 1)');
  } else {
    sum.append('not announced (its updates are orphans: never in a snapshot)');
  }
  sum.append(`; ${c.updates.length} updates`);
  if (c.capacity_sat !== null) sum.append(`; capacity ${btc(c.capacity_sat)}`);
  if (c.closed_at !== null) sum.append(`; closed at ${label(c.closed_at)}`);
  const ts = c.updates.map((u) => u.timestamp);
  const x0 = ts.length ? Math.min(...ts) : state.from;
  let x1 = ts.length ? Math.max(...ts) : state.to;
  const pad = Math.max(HOUR, Math.round((x1 - x0) * 0.05));
  x1 += pad;
  const dirs = [0, 1].map((d) => c.updates.filter((u) => u.direction === d));
  const opts = { x0: x0 - pad, x1, step: HOUR, marker: state.at };
  drawChart($('chart-channel-ppm'), dirs.map((u, d) => ({ name: `direction ${d}`, kind: 'step', points: u.map((x) => [x.timestamp, x.fee_proportional_millionths]) })), opts);
  drawChart($('chart-channel-base'), dirs.map((u, d) => ({ name: `direction ${d}`, kind: 'step', points: u.map((x) => [x.timestamp, x.fee_base_msat]) })), opts);
  drawBands($('chart-channel-disabled'), dirs.map((u, d) => ({ name: `dir ${d}`, points: u.map((x) => [x.timestamp, x.disabled ? 1 : 0]) })), opts);
  $('dl-channel-gsp').href = `/v1/channels/${c.scid}/gossip`;
  $('dl-channel-gsp').setAttribute('download', `channel-${c.scid}.gsp`);
  $('dl-channel-json').href = `/v1/channels/${c.scid}/gossip?format=json`;
  $('channel-update-count').textContent = c.updates.length;
  $('channel-updates').tBodies[0].replaceChildren(...c.updates.slice().reverse().map((u) => el('tr', {},
    el('td', {}, label(u.timestamp)), el('td', {}, String(u.direction)), el('td', {}, u.disabled ? 'disabled' : 'enabled'),
    el('td', {}, num(u.fee_base_msat)), el('td', {}, num(u.fee_proportional_millionths)), el('td', {}, String(u.cltv_expiry_delta)),
    el('td', {}, num(u.htlc_minimum_msat)), el('td', {}, u.htlc_maximum_msat === null ? '–' : num(u.htlc_maximum_msat)))));
}

function nodeLink(id) {
  return el('a', { href: '#node=' + id, class: 'mono', title: id, onclick: (e) => { e.preventDefault(); showNode(id); $('node-section').scrollIntoView(); } }, short(id));
}

function channelLink(scid) {
  return el('a', { href: '#channel=' + scid, onclick: (e) => { e.preventDefault(); showChannel(scid); $('channel-section').scrollIntoView(); } }, scid);
}

// ---------- node view ----------

async function showNode(id) {
  $('node-id').value = id;
  $('node-error').hidden = true;
  let n;
  try {
    n = await api(`/v1/nodes/${encodeURIComponent(id.trim())}/timeline?maxAge=${state.maxAge}`);
  } catch (e) {
    $('node-view').hidden = true;
    $('node-error').hidden = false;
    $('node-error').textContent = e.status === 404 ? `No stored message names node ${id}.` : e.message;
    return;
  }
  $('node-view').hidden = false;
  remember('node', n.node_id);
  const last = n.announcements[n.announcements.length - 1];
  $('node-summary').replaceChildren(
    last ? el('span', { class: 'swatch', style: 'background:#' + last.rgb_color }) : '',
    el('b', {}, last ? last.alias || '(empty alias)' : '(never announced)'), ' ',
    el('span', { class: 'mono' }, n.node_id),
    `; ${n.announcements.length} announcements, ${n.channels.length} announced channels`);
  const times = [];
  for (const p of n.live_channels) times.push(p.at);
  for (const a of n.announcements) times.push(a.timestamp);
  const x0 = times.length ? Math.min(...times) : state.from;
  const x1raw = times.length ? Math.max(...times) : state.to;
  const pad = Math.max(HOUR, Math.round((x1raw - x0) * 0.05));
  const points = n.live_channels.map((p) => [p.at, p.channels]);
  if (points.length) points.unshift([x0 - pad, 0]);
  drawChart($('chart-node-channels'), [{ name: `channels in Snapshot(T), maxAge ${ageText(String(n.maxAge))}`, kind: 'step', points, color: COLORS[2] }],
    { x0: x0 - pad, x1: x1raw + pad, step: HOUR, marker: state.at, empty: 'none of its channels was ever live' });
  $('dl-node-gsp').href = `/v1/nodes/${n.node_id}/gossip`;
  $('dl-node-gsp').setAttribute('download', `node-${n.node_id.slice(0, 16)}.gsp`);
  $('dl-node-json').href = `/v1/nodes/${n.node_id}/gossip?format=json`;
  $('node-announcements').tBodies[0].replaceChildren(...n.announcements.slice().reverse().map((a) => el('tr', {},
    el('td', {}, label(a.timestamp)), el('td', {}, a.alias),
    el('td', {}, el('span', { class: 'swatch', style: 'background:#' + a.rgb_color }), '#' + a.rgb_color),
    el('td', { class: 'mono' }, a.addresses.join(', ')))));
  $('node-channels').tBodies[0].replaceChildren(...n.channels.map((c) => el('tr', {},
    el('td', {}, channelLink(c.scid)), el('td', {}, nodeLink(c.peer)),
    el('td', {}, c.first_update === null ? '–' : label(c.first_update)), el('td', {}, c.last_update === null ? '–' : label(c.last_update)),
    el('td', {}, String(c.updates)), el('td', {}, btc(c.capacity_sat)), el('td', {}, c.closed_at === null ? '–' : label(c.closed_at)))));
}

// ---------- start ----------

function wire() {
  $('window-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = fromInput($('window-from').value);
    const t = fromInput($('window-to').value);
    if (f === null || t === null || t < f) { status('the window needs a from before its to', true); return; }
    setWindow(f, t, +$('window-step').value).catch((err) => status(err.message, true));
  });
  $('t-slider').addEventListener('input', () => {
    const t = +$('t-slider').value;
    $('t-label').textContent = label(t);
    $('t-input').value = toInput(t);
  });
  $('t-slider').addEventListener('change', () => setT(+$('t-slider').value));
  $('t-input').addEventListener('change', () => {
    const t = fromInput($('t-input').value);
    if (t === null) return;
    if (t < state.from || t > state.to) {
      setWindow(Math.min(t, state.from), Math.max(t, state.to)).then(() => setT(t));
    } else {
      setT(t);
    }
  });
  $('max-age').addEventListener('change', () => { state.maxAge = $('max-age').value; setT(state.at); });
  $('channel-form').addEventListener('submit', (e) => { e.preventDefault(); showChannel($('channel-scid').value.trim()); });
  $('node-form').addEventListener('submit', (e) => { e.preventDefault(); showNode($('node-id').value.trim()); });
  window.addEventListener('hashchange', () => {
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get('channel') && hash.get('channel') !== $('channel-scid').value) showChannel(hash.get('channel'));
    if (hash.get('node') && hash.get('node') !== $('node-id').value) showNode(hash.get('node'));
  });
  let resize = null;
  window.addEventListener('resize', () => { clearTimeout(resize); resize = setTimeout(() => drawNetworkCharts(), 200); });
}

function status(text, bad) {
  $('status').textContent = text;
  $('status').classList.toggle('bad', !!bad);
}

/**
 * Examples to click: a channel of Snapshot(T) and its busiest node when the snapshot is small (the demo's), else the
 * first channel_update and node_announcement of the hour before T.
 */
async function examples() {
  try {
    const summary = await api(`/v1/snapshot/summary?at=${state.at}&maxAge=${state.maxAge}`);
    let scid = null;
    let node = null;
    if (summary.messages > 0 && summary.messages < 20000) {
      const s = await api(`/v1/snapshot?at=${state.at}&format=graph-json&maxAge=${state.maxAge}`);
      const counts = new Map();
      for (const l of s.links) counts.set(l.source, (counts.get(l.source) || 0) + 1);
      const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      scid = s.links.length ? s.links.find((l) => l.source === busiest[0]).scid : null;
      node = busiest ? busiest[0] : null;
    } else {
      const r = await fetch(`/v1/gossip?from=${state.at - HOUR}&to=${state.at}&format=ndjson`, { headers: token() ? { Authorization: 'Bearer ' + token() } : {} });
      const reader = r.body.getReader();
      const { value } = await reader.read();
      reader.cancel();
      for (const line of new TextDecoder().decode(value || new Uint8Array()).split('\n').slice(0, -1)) {
        const m = JSON.parse(line);
        if (!scid && m.type === 'channel_update') scid = m.short_channel_id;
        if (!node && m.type === 'node_announcement') node = m.node_id;
      }
    }
    if (scid) $('channel-examples').replaceChildren('e.g. ', channelLink(scid));
    if (node) $('node-examples').replaceChildren('e.g. ', nodeLink(node));
  } catch (e) { /* examples are a convenience */ }
}

async function start() {
  wire();
  try {
    const h = await fetch('/health').then((r) => r.json());
    status(`service ${h.status}, database ${h.database}`, h.status !== 'up');
  } catch (e) {
    status('the service does not answer', true);
  }
  try {
    const periods = await loadPeriods();
    showPeriods(periods);
    const hash = new URLSearchParams(location.hash.slice(1));
    const last = periods[periods.length - 1];
    if (hash.get('from') && hash.get('to')) {
      await setWindow(+hash.get('from'), +hash.get('to'));
    } else if (last) {
      await setWindow(Math.max(last[0], last[1] - 90 * DAY), last[1]);
    } else {
      const now = Math.floor(Date.now() / 1000);
      await setWindow(now - 7 * DAY, now);
    }
    if (hash.get('channel')) showChannel(hash.get('channel'));
    if (hash.get('node')) showNode(hash.get('node'));
    document.body.dataset.ready = 'true';
    examples();
  } catch (e) {
    status('could not load: ' + e.message, true);
  }
}

start();
