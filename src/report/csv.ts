/** `--format csv`: a header row of names and a row of values, numbers at full precision. */
import type { FitResult } from '../fit/result.js';
import type { GradResult, MinimizeResult } from '../minimize/result.js';
import { formatFull } from './format.js';

/** One CSV value. */
export type Cell = number | boolean | null;

/**
 * A header row of names and one row of values:
 * - grad: `value,dy/dx,...`
 * - minimize: `minimum,<variables...>,iterations,converged`
 * - fit: `<params...>,stderr_<param>...,n,rss,rmse,r2,dof,iterations,converged,lower_<param>,upper_<param>...,level,aic,aicc,bic`
 *
 * Numbers at full precision; null as an empty cell; NaN, inf, -inf as pandas reads them.
 */
export function renderCsv(r: GradResult | MinimizeResult | FitResult): string {
  const columns = csvColumns(r);
  return `${columns.map(([name]) => csvField(name)).join(',')}\n${columns.map(([, v]) => cellText(v)).join(',')}\n`;
}

function csvColumns(r: GradResult | MinimizeResult | FitResult): [string, Cell][] {
  switch (r.command) {
    case 'grad':
      return [['value', r.value], ...Object.entries(r.gradient).map(([k, v]): [string, Cell] => [`dy/d${k}`, v])];
    case 'minimize':
      return [['minimum', r.minimum], ...Object.entries(r.at), ['iterations', r.iterations], ['converged', r.converged]];
    case 'fit':
      return [
        ...Object.entries(r.params),
        ...Object.keys(r.params).map((k): [string, Cell] => [`stderr_${k}`, r.stderr[k] ?? null]),
        ['n', r.stats.n],
        ['rss', r.stats.rss],
        ['rmse', r.stats.rmse],
        ['r2', r.stats.r2],
        ['dof', r.stats.dof],
        ['iterations', r.iterations],
        // (False for a fit that failed its verdict, exit 3, as in the grouped table: a script that
        // reads only this row must not take it for a trusted fit.)
        ['converged', r.converged && !r.failure],
        // (A result made without intervals or criteria, such as a test fixture, has none of these columns.)
        ...(r.intervals
          ? Object.keys(r.params).flatMap((k): [string, Cell][] => [
              [`lower_${k}`, r.intervals![k]?.[0] ?? null],
              [`upper_${k}`, r.intervals![k]?.[1] ?? null],
            ])
          : []),
        ...(r.intervals ? [['level', r.level ?? null] as [string, Cell]] : []),
        ...(r.stats.aic !== undefined
          ? ([
              ['aic', r.stats.aic],
              ['aicc', r.stats.aicc ?? null],
              ['bic', r.stats.bic ?? null],
            ] as [string, Cell][])
          : []),
      ];
  }
}

/** A number at full precision (NaN, inf, -inf as pandas reads them), null empty, a boolean as text. */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return formatFull(v);
}

/** A field quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
