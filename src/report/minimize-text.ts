/** `gradfit minimize` for people: where the minimum is, how it was found, f per iteration. */
import type { MinimizeResult } from '../minimize/result.js';
import { formatFull, formatNumber } from './format.js';
import { alignDecimals, layoutColumns, wrapWords } from './layout.js';
import { lossChart } from './loss-chart.js';
import { checkLines, outcomeLines, plural } from './run-status.js';
import { minFinite } from './scale.js';
import type { TextOptions } from './text-options.js';

/** Variables named in the headline; with more, the headline points at the table. */
const HEADLINE_VARIABLES = 3;

/**
 * ```
 * minimum f = -1.533 at x = -0.3333
 *
 *   variable  value    gradient
 *   x         -0.3333  0
 *
 *   gradient norm  0
 *   method         lbfgs
 *
 * converged after 5 iterations (12 evaluations): <message>
 * ```
 * ("best f found" when not converged), then the checks and, when `o.chart`, a chart of f − min f
 * per iteration on a log scale (convergence reads as a slope); the status and check lines are
 * wrapped at spaces to `o.width`. `o.quiet`: `name = value` per variable at full precision.
 */
export function renderMinimizeText(r: MinimizeResult, o: TextOptions): string {
  if (o.quiet) return Object.entries(r.at).map(([name, v]) => `${name} = ${formatFull(v)}\n`).join('');
  const { chalk } = o;
  const n = (v: number): string => formatNumber(v, o.digits);
  const names = Object.keys(r.at);
  const where =
    names.length === 0 ? '' : names.length <= HEADLINE_VARIABLES ? ` at ${names.map((k) => `${k} = ${n(r.at[k])}`).join(', ')}` : ' at the point below';
  const headline = `${r.converged ? 'minimum f' : 'best f found'} = ${n(r.minimum)}${where}`;

  const values = alignDecimals(names.map((k) => n(r.at[k])));
  const gradients = alignDecimals(names.map((k) => n(r.gradient[k] ?? NaN)));
  const table = layoutColumns(
    [['variable', 'value', 'gradient'].map((h) => chalk.dim(h)), ...names.map((k, i) => [k, values[i], gradients[i]])],
    { indent: '  ' },
  );
  const summary = layoutColumns(
    [
      [chalk.dim('gradient norm'), n(r.gradNorm)],
      [chalk.dim('method'), r.method],
    ],
    { indent: '  ' },
  );
  const search = r.search ? wrapWords(searchLine(r, n), o.width) : [];
  const blocks: string[][] = [
    [chalk.bold(headline)],
    ...(names.length > 0 ? [table] : []),
    summary,
    [...search, ...outcomeLines(r, chalk, o.width), ...checkLines(r.checks, chalk, o.width)],
  ];
  if (o.chart && r.history.length >= 2) {
    const lowest = minFinite([r.minimum, ...r.history]);
    const gaps = r.history.map((v) => v - lowest);
    blocks.push([lossChart(gaps, { width: o.width, log: true, title: 'f − min f per iteration (log scale)', chalk, lastStep: r.historySteps?.at(-1) }).trimEnd()]);
  }
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/**
 * What --global did, in one sentence: "global search: 4,201 points screened in x in [-9.5, 10.5],
 * y in [-22, 18]; 41 local runs, 34 reached the lowest minimum; next lowest f = 48.98 at x = 11.41,
 * y = -0.8968".
 */
function searchLine(r: MinimizeResult, n: (v: number) => string): string {
  const s = r.search!;
  const box = Object.entries(s.box).map(([name, [lo, hi]]) => `${name} in [${n(lo)}, ${n(hi)}]`).join(', ');
  const runs = `${plural(s.starts, 'local run')}, ${s.reachedBest} reached the lowest value`;
  const next = s.nextBest
    ? `next lowest minimum f = ${n(s.nextBest.f)} at ${Object.entries(s.nextBest.at).map(([k, v]) => `${k} = ${n(v)}`).join(', ')}`
    : 'no other minimum found';
  // The box is where the search looks, not a bound: say so when the answer lies outside it.
  const outside = Object.entries(s.box)
    .filter(([name, [lo, hi]]) => !(r.at[name] >= lo && r.at[name] <= hi))
    .map(([name]) => name);
  const left = outside.length === 0 ? '' : `; the lowest minimum lies outside the box in ${outside.join(', ')} (the box is where the search looks, not a bound)`;
  return `global search: ${plural(s.candidates, 'point')} screened in ${box}; ${runs}; ${next}${left}`;
}
