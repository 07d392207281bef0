/** `--plot-file FILE.svg`: a standalone picture of a fit in four panels, built as a string. */
import type { FitResult } from '../fit/result.js';
import { fittedEquation } from './equation.js';
import { formatNumber } from './format.js';
import { fitLossName, fitLossTitle } from './loss-chart.js';
import { bandName, finitePairsByX, interpolateSorted, type PlotData } from './plot-data.js';
import { fraction, paddedRange, rangeTowards, widen } from './scale.js';
import { coord, element, escapeXml, pointList, text, type Attributes } from './svg-writer.js';
import { logAxis, logTickLabeller, niceTicks } from './ticks.js';

/** Extra choices for `renderSvg`. */
export interface SvgOptions {
  /** Significant digits of the numbers in the caption and the parameter panel (default 4). */
  digits?: number;
}

const WIDTH = 1000;
const PANEL_WIDTH = 470;
const PANEL_HEIGHT = 320;
const TOP = 56;
const GAP = 20;
/** Beyond this many data points, every k-th point (by x) is drawn. */
const MAX_POINTS = 5000;
/** Coordinates are kept within this distance of the plot area (the clip path hides the rest). */
const OVERDRAW = 2000;
const CAPTION_CHARS = 110;
/** Each plotted range is widened by this share of its span on both sides. */
const MARGIN = 0.04;
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const COLORS = { data: '#1f77b4', curve: '#d62728', residual: '#2a9d8f', loss: '#7b3fa0', grid: '#e6e6e6', axis: '#444', text: '#222' };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Axis {
  min: number;
  max: number;
  ticks: number[];
  tickLabel: (v: number) => string;
  title: string;
}

/** Maps a value on an axis to a pixel inside the plot area. */
type Scale = (v: number) => number;

/**
 * An SVG document (one `<svg>` root, XML-escaped text, no scripts, no external resources):
 * the data points with the fitted curve, the residuals against x, the loss per iteration on a
 * log scale, and a panel of the parameters and statistics; a title naming the model and
 * method, and the fitted equation as the caption. Never throws on NaN/Infinity or empty data.
 */
export function renderSvg(r: FitResult, d: PlotData, o: SvgOptions = {}): string {
  const digits = o.digits ?? 4;
  const captionLines = wrap(fittedEquation(r, digits), CAPTION_CHARS);
  const height = TOP + 2 * PANEL_HEIGHT + GAP + 30 + 22 * captionLines.length;
  const box = (col: number, row: number): Box => ({ x: 20 + col * (PANEL_WIDTH + GAP), y: TOP + row * (PANEL_HEIGHT + GAP), w: PANEL_WIDTH, h: PANEL_HEIGHT });

  const data = finitePairsByX(d.x, d.y);
  const curve = finitePairsByX(d.curveX, d.curveY);
  const residuals = residualPairs(d, curve);
  const lossName = fitLossName(r.method);

  const parts = [
    element('rect', { x: 0, y: 0, width: WIDTH, height, fill: 'white' }),
    text(`gradfit fit: ${r.model}  (${r.method}, ${r.converged ? 'converged' : 'not converged'})`, {
      x: WIDTH / 2,
      y: 32,
      'text-anchor': 'middle',
      'font-size': 18,
      'font-weight': 'bold',
    }),
    fitPanel(box(0, 0), 'fit', data, curve, d),
    residualPanel(box(1, 0), 'residuals', residuals, d),
    lossPanel(box(0, 1), 'loss', r.history, lossName),
    parameterPanel(box(1, 1), r, digits),
    ...captionLines.map((line, i) =>
      text(line, { x: WIDTH / 2, y: TOP + 2 * PANEL_HEIGHT + GAP + 36 + 22 * i, 'text-anchor': 'middle', 'font-size': 16 }),
    ),
  ];
  const root = element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${coord(height)}`, 'font-family': FONT, fill: COLORS.text },
    [element('title', {}, [escapeXml(`gradfit fit: ${r.model}`)]), ...parts],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

/** Panel 1: the data points and the fitted curve. */
function fitPanel(b: Box, name: string, data: Pairs, curve: Pairs, d: PlotData): string {
  const xRange = paddedRange(data.x.length > 0 ? data.x : curve.x);
  const [xMin, xMax] = widen(xRange, MARGIN);
  const inRange = (p: Pairs) => p.y.filter((_, i) => p.x[i] >= xRange[0] && p.x[i] <= xRange[1]);
  const bandEnds = d.band ? [...inRange(finitePairsByX(d.curveX, d.band.lower)), ...inRange(finitePairsByX(d.curveX, d.band.upper))] : [];
  const [yMin, yMax] = widen(rangeTowards(data.y, [...inRange(curve), ...bandEnds]), MARGIN);
  const shown = thin(data);
  const title = `${d.yName} against ${d.xName}${shown.note}`;
  const lower = d.band ? finitePairsByX(d.curveX, d.band.lower) : null;
  const upper = d.band ? finitePairsByX(d.curveX, d.band.upper) : null;
  const band = lower && upper && lower.x.length >= 2 && upper.x.length >= 2 ? { lower, upper } : null;
  // The curve first and the points over it: a good fit runs through its points, which must stay visible.
  return panel(b, name, title, axis(xMin, xMax, d.xName), axis(yMin, yMax, d.yName), (sx, sy) => [
    // The band under everything: upper edge left to right, lower edge back.
    ...(band
      ? [
          element('polygon', {
            points: pointList([...band.upper.x.map((x, i): [number, number] => [sx(x), sy(band.upper.y[i])]), ...band.lower.x.map((x, i): [number, number] => [sx(x), sy(band.lower.y[i])]).reverse()]),
            fill: COLORS.curve,
            'fill-opacity': 0.15,
            stroke: 'none',
          }),
        ]
      : []),
    ...(curve.x.length >= 2
      ? [element('polyline', { points: pointList(curve.x.map((x, i) => [sx(x), sy(curve.y[i])])), fill: 'none', stroke: COLORS.curve, 'stroke-width': 2 })]
      : []),
    ...shown.x.map((x, i) => element('circle', { cx: sx(x), cy: sy(shown.y[i]), r: 2.2, fill: COLORS.data, 'fill-opacity': 0.6 })),
  ], {
    entries: [
      ['data', COLORS.data, 'dot'],
      ['fitted curve', COLORS.curve, 'line'],
      ...(band ? [[bandName(d.bandLevel), COLORS.curve, 'band'] as LegendEntry] : []),
    ],
    points: shown,
    line: curve,
  });
}

/** Panel 2: residuals (data − model) against x, with the zero line. */
function residualPanel(b: Box, name: string, res: Pairs, d: PlotData): string {
  const [xMin, xMax] = widen(paddedRange(res.x), MARGIN);
  const [yMin, yMax] = widen(paddedRange([...res.y, 0]), MARGIN);
  const shown = thin(res);
  return panel(b, name, `residuals (${d.yName} − model)${shown.note}`, axis(xMin, xMax, d.xName), axis(yMin, yMax, 'residual'), (sx, sy) => [
    element('line', { x1: sx(xMin), y1: sy(0), x2: sx(xMax), y2: sy(0), stroke: COLORS.axis, 'stroke-dasharray': '4 3' }),
    ...shown.x.map((x, i) => element('circle', { cx: sx(x), cy: sy(shown.y[i]), r: 2.2, fill: COLORS.residual, 'fill-opacity': 0.7 })),
  ]);
}

/**
 * Panel 3: the loss per iteration on a log10 axis (values ≤ 0 or non-finite are gaps), the axis
 * running from a labelled tick at or below the smallest loss to one at or above the largest.
 */
function lossPanel(b: Box, name: string, history: readonly number[], lossName: 'RSS' | 'MSE'): string {
  const exps = history.map((v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN));
  const drawn = exps.filter((e) => Number.isFinite(e));
  const title = fitLossTitle(lossName);
  const log = logAxis(...paddedRange(drawn), 5);
  // The end ticks are at or beyond the data; a little more room keeps a marker on one off the frame.
  const [eMin, eMax] = widen([log.min, log.max], MARGIN / 2);
  const last = Math.max(1, history.length - 1);
  const [xMin, xMax] = widen([0, last], MARGIN);
  const xTicks = niceTicks(0, last, 5).filter((t) => Number.isInteger(t));
  const xAxis: Axis = { min: xMin, max: xMax, ticks: xTicks, tickLabel: (v) => String(v), title: 'iteration' };
  const yAxis: Axis = { min: eMin, max: eMax, ticks: log.ticks, tickLabel: logTickLabeller(log.ticks), title: lossName };
  if (history.length < 2 || drawn.length === 0) {
    const why = history.length < 2 ? 'fewer than two iterations to draw' : 'no positive finite loss to draw';
    return panel(b, name, title, xAxis, yAxis, () => [], null, why);
  }
  return panel(b, name, title, xAxis, yAxis, (sx, sy) => [
    ...segments(exps, Math.ceil(exps.length / MAX_POINTS)).map((seg) =>
      element('polyline', { points: pointList(seg.map(([i, e]) => [sx(i), sy(e)])), fill: 'none', stroke: COLORS.loss, 'stroke-width': 2 }),
    ),
    ...(history.length <= 100 ? exps.flatMap((e, i) => (Number.isFinite(e) ? [element('circle', { cx: sx(i), cy: sy(e), r: 2.5, fill: COLORS.loss })] : [])) : []),
  ]);
}

/** Panel 4: parameters ± standard errors, statistics and how the run ended, as text. */
function parameterPanel(b: Box, r: FitResult, digits: number): string {
  const n = (v: number): string => formatNumber(v, digits);
  const lines: string[] = [];
  for (const [name, v] of Object.entries(r.params)) {
    const s = r.stderr[name];
    const rel = r.relStderr[name];
    const err = s === null || s === undefined ? ' (no standard error)' : ` ± ${n(s)}${rel === null || rel === undefined ? '' : ` (${formatNumber(rel * 100, 3)}%)`}`;
    lines.push(`${name} = ${n(v)}${err}`);
  }
  lines.push('');
  lines.push(`n = ${r.stats.n}    dof = ${r.stats.dof}`);
  lines.push(`RSS = ${n(r.stats.rss)}    RMSE = ${n(r.stats.rmse)}`);
  lines.push(`R² = ${r.stats.r2 === null ? 'undefined (constant response)' : n(r.stats.r2)}${r.stats.chi2red === null ? '' : `    reduced χ² = ${n(r.stats.chi2red)}`}`);
  lines.push(`${r.converged ? 'converged' : 'not converged'} after ${r.iterations} iterations (${r.method})`);
  const maxLines = Math.floor((b.h - 50) / 18);
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `… ${lines.length - maxLines + 1} more lines`] : lines;
  return element('g', { class: 'panel parameters' }, [
    element('rect', { x: b.x, y: b.y, width: b.w, height: b.h, fill: 'none', stroke: COLORS.grid }),
    text('parameters and statistics', { x: b.x + b.w / 2, y: b.y + 22, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold' }),
    ...shown.flatMap((line, i) => (line === '' ? [] : [text(line, { x: b.x + 20, y: b.y + 52 + 18 * i, 'font-size': 13, 'font-family': 'ui-monospace, Menlo, Consolas, monospace', 'xml:space': 'preserve' })])),
  ]);
}

type Pairs = { x: number[]; y: number[] };
type LegendEntry = [label: string, color: string, mark: 'dot' | 'line' | 'band'];

/** A legend and the marks it should not hide: points, and a line through points sorted by x. */
interface Legend {
  entries: LegendEntry[];
  points: Pairs;
  line: Pairs;
}

const LEGEND_WIDTH = 112;
const LEGEND_INSET = 6;
/** Pixels between samples when a line is checked for passing under the legend. */
const LINE_SAMPLE_PX = 4;
/** A data point hidden counts as much as this many line samples. */
const POINT_WEIGHT = 8;

/**
 * The legend's box in the corner of the plot area where it hides the fewest marks (a data
 * point weighs as much as POINT_WEIGHT samples of the line); top right on a tie, then top
 * left, bottom right, bottom left.
 */
function legendBox(area: { x0: number; x1: number; y0: number; y1: number }, rows: number, marks: Legend, sx: Scale, sy: Scale): Box {
  const w = LEGEND_WIDTH;
  const h = 8 + 16 * rows;
  const left = area.x0 + LEGEND_INSET;
  const right = area.x1 - LEGEND_INSET - w;
  const top = area.y0 + LEGEND_INSET;
  const bottom = area.y1 - LEGEND_INSET - h;
  const corners: Box[] = [
    { x: right, y: top, w, h },
    { x: left, y: top, w, h },
    { x: right, y: bottom, w, h },
    { x: left, y: bottom, w, h },
  ];
  const pad = 3;
  const inside = (c: Box, px: number, py: number): boolean => px >= c.x - pad && px <= c.x + c.w + pad && py >= c.y - pad && py <= c.y + c.h + pad;
  const points = marks.points.x.map((x, i): [number, number] => [sx(x), sy(marks.points.y[i])]);
  const samples: [number, number][] = [];
  for (let i = 0; i + 1 < marks.line.x.length; i++) {
    const [ax, ay, bx, by] = [sx(marks.line.x[i]), sy(marks.line.y[i]), sx(marks.line.x[i + 1]), sy(marks.line.y[i + 1])];
    const n = Math.min(1000, Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / LINE_SAMPLE_PX)));
    for (let k = 0; k < n; k++) samples.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  const cost = (c: Box): number =>
    POINT_WEIGHT * points.filter(([px, py]) => inside(c, px, py)).length + samples.filter(([px, py]) => inside(c, px, py)).length;
  let best = corners[0];
  let bestCost = cost(best);
  for (const c of corners.slice(1)) {
    const k = cost(c);
    if (k < bestCost) [best, bestCost] = [c, k];
  }
  return best;
}

/**
 * A framed plot, a group of class "panel <name>": title, grid lines at the ticks, tick labels,
 * axis titles, the clipped body, and the legend in the corner where it hides the least.
 */
function panel(b: Box, name: string, title: string, xAxis: Axis, yAxis: Axis, body: (sx: Scale, sy: Scale) => string[], legend: Legend | null = null, note = ''): string {
  const clipId = `clip-${name}`;
  const area = { x0: b.x + 72, x1: b.x + b.w - 16, y0: b.y + 34, y1: b.y + b.h - 48 };
  const clampPx = (v: number, lo: number, hi: number): number => Math.min(hi + OVERDRAW, Math.max(lo - OVERDRAW, v));
  const sx: Scale = (v) => clampPx(area.x0 + fraction(v, xAxis.min, xAxis.max) * (area.x1 - area.x0), area.x0, area.x1);
  const sy: Scale = (v) => clampPx(area.y1 - fraction(v, yAxis.min, yAxis.max) * (area.y1 - area.y0), area.y0, area.y1);
  const tickFont: Attributes = { 'font-size': 11, fill: COLORS.axis };
  const xTicks = xAxis.ticks.filter((t) => t >= xAxis.min && t <= xAxis.max);
  const yTicks = yAxis.ticks.filter((t) => t >= yAxis.min && t <= yAxis.max);
  const parts = [
    element('clipPath', { id: clipId }, [element('rect', { x: area.x0, y: area.y0, width: area.x1 - area.x0, height: area.y1 - area.y0 })]),
    text(title, { x: (area.x0 + area.x1) / 2, y: b.y + 20, 'text-anchor': 'middle', 'font-size': 14, 'font-weight': 'bold' }),
    ...xTicks.map((t) => element('line', { x1: sx(t), y1: area.y0, x2: sx(t), y2: area.y1, stroke: COLORS.grid })),
    ...yTicks.map((t) => element('line', { x1: area.x0, y1: sy(t), x2: area.x1, y2: sy(t), stroke: COLORS.grid })),
    element('rect', { x: area.x0, y: area.y0, width: area.x1 - area.x0, height: area.y1 - area.y0, fill: 'none', stroke: COLORS.axis }),
    ...xTicks.map((t) => text(xAxis.tickLabel(t), { ...tickFont, x: sx(t), y: area.y1 + 16, 'text-anchor': 'middle' })),
    ...yTicks.map((t) => text(yAxis.tickLabel(t), { ...tickFont, x: area.x0 - 6, y: sy(t) + 4, 'text-anchor': 'end' })),
    text(xAxis.title, { x: (area.x0 + area.x1) / 2, y: area.y1 + 36, 'text-anchor': 'middle', 'font-size': 12 }),
    text(yAxis.title, {
      x: b.x + 16,
      y: (area.y0 + area.y1) / 2,
      'text-anchor': 'middle',
      'font-size': 12,
      transform: `rotate(-90 ${coord(b.x + 16)} ${coord((area.y0 + area.y1) / 2)})`,
    }),
    element('g', { 'clip-path': `url(#${clipId})` }, body(sx, sy)),
    ...(legend && legend.entries.length > 0 ? [legendGroup(legendBox(area, legend.entries.length, legend, sx, sy), legend.entries)] : []),
  ];
  if (note) parts.push(text(note, { x: (area.x0 + area.x1) / 2, y: (area.y0 + area.y1) / 2, 'text-anchor': 'middle', 'font-size': 13, fill: COLORS.axis }));
  return element('g', { class: `panel ${name}` }, parts);
}

/** The legend drawn in `box`: a white frame, then a symbol and a label per entry. */
function legendGroup(box: Box, entries: LegendEntry[]): string {
  return element('g', { class: 'legend' }, [
    element('rect', { x: box.x, y: box.y, width: box.w, height: box.h, fill: 'white', 'fill-opacity': 0.85, stroke: COLORS.grid }),
    ...entries.flatMap(([label, color, mark], i) => {
      const lx = box.x + 8;
      const ly = box.y + 12 + 16 * i;
      const symbol =
        mark === 'dot'
          ? element('circle', { cx: lx + 8, cy: ly - 4, r: 3, fill: color })
          : mark === 'band'
            ? element('rect', { x: lx, y: ly - 9, width: 16, height: 10, fill: color, 'fill-opacity': 0.15 })
            : element('line', { x1: lx, y1: ly - 4, x2: lx + 16, y2: ly - 4, stroke: color, 'stroke-width': 2 });
      return [symbol, text(label, { x: lx + 22, y: ly, 'font-size': 11 })];
    }),
  ]);
}

function axis(min: number, max: number, title: string): Axis {
  const ticks = niceTicks(min, max, 5);
  return { min, max, ticks, tickLabel: (v) => formatNumber(v, 6), title };
}

/** Residuals y − model at each data x, sorted by x, finite only. */
function residualPairs(d: PlotData, curve: Pairs): Pairs {
  const n = Math.min(d.x.length, d.y.length);
  const useFitted = d.fitted !== undefined && d.fitted.length >= n;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = d.y[i] - (useFitted ? d.fitted![i] : interpolateSorted(curve.x, curve.y, d.x[i]));
  const pairs = finitePairsByX(d.x.subarray(0, n), res);
  return { x: pairs.x, y: pairs.y };
}

/** At most MAX_POINTS points, evenly by position, and a note saying so when thinned. */
function thin(p: Pairs): Pairs & { note: string } {
  if (p.x.length <= MAX_POINTS) return { ...p, note: '' };
  const stride = Math.ceil(p.x.length / MAX_POINTS);
  const keep = (_: number, i: number): boolean => i % stride === 0;
  return { x: p.x.filter(keep), y: p.y.filter(keep), note: ` (1 in ${stride} of ${p.x.length} points)` };
}

/** Runs of consecutive finite values as [index, value] pairs, every `stride`-th index kept. */
function segments(values: readonly number[], stride: number): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      if (i % stride === 0 || i === values.length - 1) run.push([i, v]);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** `s` broken at spaces into lines of at most `limit` characters (longer words stay whole). */
function wrap(s: string, limit: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}
