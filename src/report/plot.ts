/** `--plot`: the data points and the fitted curve on a character grid with axes. */
import type { Paint } from './color.js';
import { formatNumber } from './format.js';
import { shownName } from '../names.js';
import { bandName, finitePairsByX, interpolateSorted, type PlotData } from './plot-data.js';
import { clampedFraction, paddedRange, rangeTowards } from './scale.js';

/** How `fitPlot` draws. */
export interface FitPlotOptions {
  /** Terminal columns the plot may use (labels included). */
  width: number;
  /** Rows of the plot area (default 15). */
  height?: number;
  chalk: Paint;
}

const LABEL_DIGITS = 4;
const MIN_COLUMNS = 10;

type Cell = { ch: string; kind: 'empty' | 'data' | 'curve' | 'band' };

/**
 * The fitted curve as a line with the data ('•') drawn over it (a point on the curve stays
 * visible), the y axis labelled at top, middle and bottom, the x axis at both ends and the
 * middle, a legend line on top. The curve
 * is sorted by x and resampled to one point per column. The y range is the data's, widened to
 * the curve up to half the data's span on each side (beyond that the curve runs along the
 * edge). Non-finite points are skipped and counted. Never throws; ends with a newline.
 */
export function fitPlot(d: PlotData, o: FitPlotOptions): string {
  const { chalk } = o;
  const data = finitePairsByX(d.x, d.y);
  const curve = finitePairsByX(d.curveX, d.curveY);
  const lower = d.band ? finitePairsByX(d.curveX, d.band.lower) : null;
  const upper = d.band ? finitePairsByX(d.curveX, d.band.upper) : null;
  const head = `${d.yName} against ${d.xName}   • data  ─ fitted curve`;
  // The band's legend in full when the line has room for it, else shortened ("95% band").
  const full = bandName(d.bandLevel);
  const bandLabel = head.length + 4 + full.length <= o.width ? full : full.replace(' confidence', '');
  const bandText = lower && upper ? `  ${chalk.dim('·')} ${bandLabel}` : '';
  // (Column names come from the file: a control character in one would reach the terminal.)
  const legend = `${chalk.bold(`${shownName(d.yName)} against ${shownName(d.xName)}`)}   ${chalk.cyan('•')} data  ${chalk.yellow('─')} fitted curve${bandText}\n`;
  if (data.x.length === 0 && curve.x.length === 0) return `${legend}  (no finite points to plot)\n`;

  const [xMin, xMax] = paddedRange(data.x.length > 0 ? data.x : curve.x);
  const rows = Math.max(3, Math.round(o.height ?? 15));
  // The width needs the y labels, which need the y range, which needs the curve at each column:
  // take the range from the curve's own samples within the x range, which bound its interpolation.
  const inRange = (p: { x: number[]; y: number[] }) => p.y.filter((_, i) => p.x[i] >= xMin && p.x[i] <= xMax);
  const [yMin, yMax] = rangeTowards(data.y, [...inRange(curve), ...(lower && upper ? [...inRange(lower), ...inRange(upper)] : [])]);
  const yLabel = (row: number): number => yMax - (row / (rows - 1)) * (yMax - yMin);
  const tickRows = [0, Math.floor((rows - 1) / 2), rows - 1];
  const labels = new Map(tickRows.map((r) => [r, formatNumber(yLabel(r), LABEL_DIGITS)]));
  const labelWidth = Math.max(...[...labels.values()].map((l) => l.length));
  const columns = Math.max(MIN_COLUMNS, Math.floor(o.width) - labelWidth - 3);

  const grid: Cell[][] = Array.from({ length: rows }, () => Array.from({ length: columns }, (): Cell => ({ ch: ' ', kind: 'empty' })));
  const rowOf = (y: number): number => Math.round((1 - clampedFraction(y, yMin, yMax)) * (rows - 1));
  const columnOf = (x: number): number => Math.round(clampedFraction(x, xMin, xMax) * (columns - 1));

  const xAt = (c: number): number => xMin + (c / (columns - 1)) * (xMax - xMin);
  // The band's edges as dots under the curve and the data.
  for (const edge of lower && upper ? [lower, upper] : []) {
    for (let c = 0; c < columns; c++) {
      const y = interpolateSorted(edge.x, edge.y, xAt(c));
      if (Number.isFinite(y)) grid[rowOf(y)][c] = { ch: '·', kind: 'band' };
    }
  }
  drawCurve(grid, curve, xAt, rowOf);
  for (let i = 0; i < data.x.length; i++) grid[rowOf(data.y[i])][columnOf(data.x[i])] = { ch: '•', kind: 'data' };

  const lines: string[] = [legend.trimEnd()];
  for (let r = 0; r < rows; r++) {
    const label = (labels.get(r) ?? '').padStart(labelWidth);
    const axis = labels.has(r) ? '┤' : '│';
    const cells = grid[r].map((cell) => (cell.kind === 'data' ? chalk.cyan(cell.ch) : cell.kind === 'curve' ? chalk.yellow(cell.ch) : cell.kind === 'band' ? chalk.dim(cell.ch) : cell.ch)).join('');
    lines.push(`${label} ${axis}${cells}`.trimEnd());
  }
  lines.push(`${' '.repeat(labelWidth + 1)}└${'─'.repeat(columns)}`);
  lines.push(xTicks(formatNumber(xMin, LABEL_DIGITS), formatNumber((xMin + xMax) / 2, LABEL_DIGITS), formatNumber(xMax, LABEL_DIGITS), labelWidth + 2, columns));
  const skipped = data.dropped + curve.dropped;
  if (skipped > 0) lines.push(chalk.dim(`  (${skipped} non-finite point${skipped === 1 ? '' : 's'} not drawn)`));
  return `${lines.join('\n')}\n`;
}

/** The curve as a line through one point per column, with corners where it changes row. */
function drawCurve(grid: Cell[][], curve: { x: number[]; y: number[] }, xAt: (column: number) => number, rowOf: (y: number) => number): void {
  const columns = grid[0].length;
  const rowAt: (number | null)[] = [];
  for (let c = 0; c < columns; c++) {
    const y = interpolateSorted(curve.x, curve.y, xAt(c));
    rowAt.push(Number.isFinite(y) ? rowOf(y) : null);
  }
  const set = (row: number, column: number, ch: string): void => {
    grid[row][column] = { ch, kind: 'curve' };
  };
  for (let c = 0; c < columns; c++) {
    const r0 = rowAt[c];
    if (r0 === null || r0 === undefined) continue;
    const r1 = c + 1 < columns ? rowAt[c + 1] : null;
    if (r1 === null || r1 === undefined || r1 === r0) {
      set(r0, c, '─');
      continue;
    }
    // Rows grow downwards: r1 < r0 means the curve rises.
    const rising = r1 < r0;
    set(r0, c, rising ? '╯' : '╮');
    set(r1, c, rising ? '╭' : '╰');
    for (let r = Math.min(r0, r1) + 1; r < Math.max(r0, r1); r++) set(r, c, '│');
  }
}

/** The x tick labels: `first` under the first column, `middle` centred, `last` ending under the last. */
function xTicks(first: string, middle: string, last: string, start: number, columns: number): string {
  const line = Array.from({ length: start + columns }, () => ' ');
  const put = (text: string, at: number): void => {
    for (let i = 0; i < text.length; i++) if (at + i >= 0 && at + i < line.length) line[at + i] = text[i];
  };
  put(first, start);
  const lastAt = start + columns - last.length;
  const middleAt = start + Math.floor((columns - middle.length) / 2);
  if (middleAt > start + first.length && middleAt + middle.length < lastAt) put(middle, middleAt);
  if (lastAt > start + first.length) put(last, lastAt);
  return line.join('').trimEnd();
}
