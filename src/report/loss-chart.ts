/** A line chart of a quantity per iteration (loss for fit, f for minimize), drawn by asciichart. */
import { cyan, plot } from 'asciichart';
import type { Paint } from './color.js';
import { formatNumber } from './format.js';
import { fillNonFinite, resampleLinear } from './resample.js';
import { clampedFraction, minFinite } from './scale.js';

/** How `lossChart` draws. */
export interface LossChartOptions {
  /** Terminal columns the chart may use (labels included). */
  width: number;
  /** Rows of the plot area (default 10). */
  height?: number;
  /** Plot log10 of the values; the labels still show the values themselves. */
  log: boolean;
  /** The first line, e.g. "loss (RSS, log scale) per iteration". */
  title: string;
  chalk: Paint;
  /** The step of the last value, when the history was thinned (a long run keeps evenly spaced values); default: its index. */
  lastStep?: number;
}

/** What a fit's loss history holds: the RSS for lm, the mean squared error for the other methods. */
export function fitLossName(method: string): 'RSS' | 'MSE' {
  return method === 'lm' ? 'RSS' : 'MSE';
}

/** The title of a fit's loss chart, in the terminal and in the SVG: "loss (RSS, log scale) per iteration". */
export function fitLossTitle(lossName: 'RSS' | 'MSE'): string {
  return `loss (${lossName}, log scale) per iteration`;
}

const LABEL_DIGITS = 3;
/** asciichart's label offset: the y axis sits one column right of the labels. */
const OFFSET = 3;

/**
 * The series as a chart `o.width` columns wide: a title line, the y axis labelled with values,
 * an x axis numbered by iteration (the first value is iteration 0). The series is resampled to
 * the width. It never throws: an empty or all-non-finite series gives a one-line note, a flat
 * or single-value series a flat line, non-finite values are drawn at the previous value and
 * counted in a note, and on a log scale values ≤ 0 are drawn one decade below the smallest
 * positive value (a series with none is drawn on a linear scale). Ends with a newline.
 */
export function lossChart(history: readonly number[], o: LossChartOptions): string {
  const title = `${o.chalk.bold(o.title)}\n`;
  if (history.length === 0) return `${title}  (no iterations to draw)\n`;
  const { series: finite, replaced } = fillNonFinite(history);
  if (finite.length === 0) return `${title}  (no finite values to draw)\n`;

  const smallestPositive = minFinite(finite.filter((v) => v > 0));
  const log = o.log && !Number.isNaN(smallestPositive);
  const floor = log ? Math.log10(smallestPositive) - 1 : 0;
  const plotted = log ? finite.map((v) => (v > 0 ? Math.log10(v) : floor)) : finite;
  const shown = (u: number): number => (log ? 10 ** u : u);

  const rows = Math.max(1, Math.round(o.height ?? 10));
  let min = Infinity;
  let max = -Infinity;
  for (const v of plotted) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const flat = !(max > min);
  const steps = flat ? 0 : rows - 1;
  /** Value at plot level k (0 at the bottom). */
  const levelValue = (k: number): number => (flat || steps === 0 ? min : min + (k / steps) * (max - min));

  const label = axisLabeller(Array.from({ length: steps + 1 }, (_, k) => shown(levelValue(k))));
  const labels = Array.from({ length: steps + 1 }, (_, k) => label(shown(levelValue(k))));
  const labelWidth = Math.max(OFFSET, ...labels.map((l) => l.length));
  const points = Math.max(2, Math.floor(o.width) - labelWidth - 3); // one spare column: no wrap

  const resampled = resampleLinear(plotted, points);
  // Levels 1..steps+1 rather than 0..steps: asciichart marks the row of level 0 with '┼'.
  const normalised = resampled.map((v) => 1 + (flat ? 0 : clampedFraction(v, min, max) * steps));
  const chart = plot(normalised, {
    height: steps,
    min: 1,
    max: steps + 1,
    offset: OFFSET,
    colors: o.chalk.level > 0 ? [cyan] : undefined,
    format: (x: number) => label(shown(levelValue(x - 1))).padStart(labelWidth),
  });

  const lines = chart.split('\n').map((line) => line.trimEnd());
  const axisColumn = labelWidth + 1;
  lines.push(`${' '.repeat(axisColumn)}└${'─'.repeat(points - 1)}`);
  lines.push(iterationTicks(o.lastStep ?? history.length - 1, axisColumn, points));
  const notes: string[] = [];
  if (replaced > 0) notes.push(`${replaced} non-finite value${replaced === 1 ? '' : 's'} drawn at the value before`);
  if (log && finite.some((v) => v <= 0)) notes.push('values ≤ 0 drawn one decade below the smallest positive value');
  if (o.log && !log) notes.push('no positive values: linear scale');
  for (const note of notes) lines.push(o.chalk.dim(`  (${note})`));
  return `${title}${lines.join('\n')}\n`;
}

/**
 * How the y labels are written, one notation for the whole axis: as `formatNumber` writes them
 * when none needs an exponent, otherwise all in exponent form (`1.16e+6` above `6.2e+5`, never
 * above `619804`).
 */
function axisLabeller(values: readonly number[]): (v: number) => string {
  if (!values.some((v) => formatNumber(v, LABEL_DIGITS).includes('e'))) return (v) => formatNumber(v, LABEL_DIGITS);
  return (v) => {
    if (!Number.isFinite(v) || v === 0) return formatNumber(v, LABEL_DIGITS);
    const [mantissa, exponent] = v.toExponential(LABEL_DIGITS - 1).split('e') as [string, string];
    return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${exponent}`;
  };
}

/** "0" under the axis corner and the last iteration under the last point. */
function iterationTicks(lastIteration: number, axisColumn: number, points: number): string {
  const first = '0';
  const last = String(lastIteration);
  const lastEnd = axisColumn + points; // one past the column of the last point
  const gap = Math.max(1, lastEnd - axisColumn - first.length - last.length);
  return `${' '.repeat(axisColumn)}${first}${lastIteration > 0 ? ' '.repeat(gap) + last : ''}`;
}
