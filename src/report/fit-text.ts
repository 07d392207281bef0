/** `gradfit fit` for people: the equation, the parameters, the statistics, how it ended. */
import type { FitResult } from '../fit/result.js';
import { fittedEquation } from './equation.js';
import { formatFull, formatNumber } from './format.js';
import { alignDecimals, layoutColumns } from './layout.js';
import { fitLossName, fitLossTitle, lossChart } from './loss-chart.js';
import { HISTORY_POINTS } from '../optim/history.js';
import { checkLines, outcomeLines, plural, warningLines } from './run-status.js';
import type { TextOptions } from './text-options.js';

/**
 * The result block of a fit:
 * ```
 * y = -0.542·x^2 + 1.171·x - 0.6189
 *
 *   parameter  value    std. error  relative
 *   c0         -0.6189  ± 0.2016    32.6%
 *   ...
 *
 *   n           200
 *   RSS         750.2
 *   ...
 *
 * converged after 7 iterations (31 evaluations): <message>
 * ```
 * then warnings (rank, skipped rows), the checks, and the loss chart when `o.chart` and the
 * history has two points or more; the status, warning and check lines are wrapped at spaces to
 * `o.width`. `o.quiet`: only `name = value` per parameter at full precision.
 */
export function renderFitText(r: FitResult, o: TextOptions): string {
  if (o.quiet) return Object.entries(r.params).map(([name, v]) => `${name} = ${formatFull(v)}\n`).join('');
  const { chalk } = o;
  const blocks: string[][] = [
    [chalk.bold(fittedEquation(r, o.digits))],
    parameterTable(r, o),
    statisticsTable(r, o),
    [...searchLines(r, o), ...outcomeLines(r, chalk, o.width), ...fitWarnings(r, o), ...checkLines(r.checks, chalk, o.width)],
  ];
  if (o.chart && r.history.length >= 2) {
    const title = fitLossTitle(fitLossName(r.method));
    // A long run keeps evenly thinned values (src/optim/history.ts): label the axis with the last step.
    const lastStep = r.iterations >= HISTORY_POINTS ? r.iterations : undefined;
    blocks.push([lossChart(r.history, { width: o.width, log: true, title, chalk, lastStep }).trimEnd()]);
  }
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Name, value, ± standard error, relative error in %, or why the error is unknown. */
function parameterTable(r: FitResult, o: TextOptions): string[] {
  const names = Object.keys(r.params);
  const values = alignDecimals(names.map((n) => formatNumber(r.params[n], o.digits)));
  const known = names.map((n) => r.stderr[n]);
  const errors = alignDecimals(known.map((s) => (s === null || s === undefined ? '' : formatNumber(s, o.digits))));
  const relatives = alignDecimals(names.map((n) => relativeText(r.relStderr[n])));
  const iv = r.intervals;
  const ends = (k: 0 | 1) => alignDecimals(names.map((n) => (iv?.[n] ? formatNumber(iv[n][k], o.digits) : '')));
  const [los, his] = [ends(0), ends(1)];
  const rows = names.map((name, i) => {
    const s = known[i];
    const error = s === null || s === undefined ? o.chalk.dim(missingErrorReason(r, name)) : `± ${errors[i]}`;
    const row = [name, values[i], error, s === null || s === undefined ? '' : relatives[i]];
    // --bounds: a parameter that ended on a bound says which.
    if (r.atBound) row.push(r.atBound[name] ? o.chalk.dim(`at ${r.atBound[name]} bound`) : '');
    if (iv) row.push(iv[name] ? `[${los[i].trim()}, ${his[i].trim()}]` : o.chalk.dim(s === null || s === undefined ? '' : 'open (the profile does not reach the level)'));
    return row;
  });
  const header = ['parameter', 'value', 'std. error', 'relative', ...(r.atBound ? [''] : [])];
  if (iv) header.push(`${formatNumber((r.level ?? 0.95) * 100, 4)}% interval${r.intervalMethod === 'profile' ? ' (profile)' : ''}`);
  return layoutColumns([header.map((h) => o.chalk.dim(h)), ...rows], { indent: '  ' });
}

function relativeText(rel: number | null | undefined): string {
  return rel === null || rel === undefined || !Number.isFinite(rel) ? '–' : `${formatNumber(rel * 100, 3)}%`;
}

function missingErrorReason(r: FitResult, name: string): string {
  if (r.fixed?.includes(name)) return 'fixed (--fix)';
  if (r.rank?.unidentifiable.includes(name)) return 'not identifiable';
  return r.stderrNote ?? 'unavailable';
}

/** n, RSS, RMSE, R², dof, reduced χ², method: one per line. */
function statisticsTable(r: FitResult, o: TextOptions): string[] {
  const n = (v: number): string => formatNumber(v, o.digits);
  // A sum of squares of responses near 1.8e308 is beyond the range of doubles (JSON null).
  const big = (v: number): string => (Number.isFinite(v) ? n(v) : '– (beyond the range of double precision)');
  const s = r.stats;
  const weighted = r.columns.sigma !== null;
  const rows: [string, string][] = [
    ['n', String(s.n)],
    [weighted ? 'χ² (weighted RSS)' : 'RSS', big(s.rss)],
    ['RMSE', big(s.rmse)],
    // (A failed fit's R² may be null for want of a finite RSS, not for a constant response.)
    ['R²', s.r2 === null ? (r.failure ? '–' : '– (undefined: the response is constant)') : n(s.r2)],
    ['dof', String(s.dof)],
    ['reduced χ²', s.chi2red === null ? '– (no degrees of freedom)' : big(s.chi2red)],
    ...(s.aic !== undefined ? ([['AIC', s.aic === null ? '–' : n(s.aic)], ['BIC', s.bic === null || s.bic === undefined ? '–' : n(s.bic)]] as [string, string][]) : []),
    ...(r.selection ? ([['degree (AICc)', `${r.selection.chosen} of 0..${r.selection.candidates.length - 1}`]] as [string, string][]) : []),
    ['method', r.method],
  ];
  if (r.loss !== undefined) {
    const down = r.loss === 'linear' ? '' : `: ${r.downWeighted ?? 0} of ${s.n} points down-weighted (|residual| > f-scale)`;
    rows.push(['loss', `${r.loss}, f-scale ${formatNumber(r.fScale ?? 1, o.digits)}${down}`]);
  }
  if (r.absoluteSigma) rows.push(['covariance', 'absolute sigma: (JᵀWJ)⁻¹, not scaled by the reduced χ²']);
  return layoutColumns(rows.map(([label, value]) => [o.chalk.dim(label), value]), { indent: '  ' });
}

/**
 * What the automatic start search did, in one line: "searched k, w (a, c solved exactly): 7 local
 * fits from 502 candidates, 7 reached the best minimum; the next best has RSS 20.8".
 */
function searchLines(r: FitResult, o: TextOptions): string[] {
  const s = r.search;
  if (!s) return [];
  const names = s.searched.map((p) => p.name).join(', ');
  const over = s.check ? `checked by a search over ${names}` : s.searched.length > 0 ? `searched ${names}` : 'no parameter to search';
  const exact = s.linear.length > 0 ? ` (${s.linear.join(', ')} solved exactly)` : '';
  const next = s.nextBest ? `; the next best minimum has ${r.columns.sigma !== null ? 'χ²' : 'RSS'} ${formatNumber(s.nextBest.rss, o.digits)}` : '';
  const sample = s.rows < r.stats.n ? ` on ${s.rows} of the rows` : '';
  const text = `${over}${exact}: ${plural(s.starts, 'local fit')}${sample} from ${plural(s.candidates, 'candidate')}, ${s.reachedBest} reached the best minimum${next}`;
  return wrapDim(text, o);
}

function wrapDim(text: string, o: TextOptions): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > Math.max(20, o.width)) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => o.chalk.dim(l));
}

/** Rank deficiency and rows dropped by --skip-invalid, wrapped to the width. */
function fitWarnings(r: FitResult, o: TextOptions): string[] {
  const lines: string[] = [];
  if (r.rank) {
    const which = r.rank.unidentifiable.length > 0 ? ` (not identifiable: ${r.rank.unidentifiable.join(', ')})` : '';
    lines.push(...warningLines(`${r.rank.reason}${which}`, o.chalk, o.width));
  }
  for (const w of r.warnings ?? []) lines.push(...warningLines(w, o.chalk, o.width));
  for (const note of Object.values(r.stderrNotes ?? {})) lines.push(...wrapDim(`note: ${note}`, o));
  if (r.skipped > 0) lines.push(...warningLines(`skipped ${plural(r.skipped, 'row')} that did not hold numbers (--skip-invalid)`, o.chalk, o.width));
  return lines;
}
