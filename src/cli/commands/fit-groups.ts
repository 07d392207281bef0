/**
 * `gradfit fit --group COL`: the model fitted to each group of rows separately (R's nlsList), in
 * the order the groups first appear. A group that cannot be fitted is reported and the others
 * still are; the command then exits 3.
 */
import type { Dataset, LoadedFit } from '../../fit/dataset.js';
import { fitDataset, type FitSettings } from '../../fit/fit.js';
import type { FitResult } from '../../fit/result.js';
import { InputError } from '../../errors.js';
import { shownName } from '../../names.js';
import { cellText, csvField, type Cell } from '../../report/csv.js';
import { formatNumber } from '../../report/format.js';
import { layoutColumns } from '../../report/layout.js';
import { renderJson } from '../../report/json.js';
import { EXIT, exitCodeFor } from '../exit.js';
import { writeOut } from '../output.js';

/** One group's outcome: a fit result, or the error that kept it from being fitted (too few rows, ...). */
export interface GroupFit {
  group: string;
  n: number;
  result: FitResult | null;
  error: string | null;
}

/** The rows of group `k` as a dataset of their own. */
export function groupRows(data: Dataset, of: Int32Array, k: number, label: string): Dataset {
  const rows: number[] = [];
  for (let i = 0; i < data.n; i++) if (of[i] === k) rows.push(i);
  const pick = (c: Float64Array): Float64Array => Float64Array.from(rows, (i) => c[i]);
  return {
    ...data,
    source: `${data.source} group ${label}`,
    n: rows.length,
    x: pick(data.x),
    y: pick(data.y),
    w: data.w ? pick(data.w) : null,
    cols: data.cols.map(pick),
  };
}

/** Fit every group; an input error of every group (a bad setting, not the data) is thrown as it is. */
export function fitGroups(loaded: LoadedFit, settings: FitSettings): GroupFit[] {
  const grouping = loaded.grouping!;
  const fits: GroupFit[] = [];
  let firstError: unknown = null;
  grouping.values.forEach((value, k) => {
    const data = groupRows(loaded.data, grouping.of, k, shownName(value));
    try {
      const { result } = fitDataset({ spec: loaded.spec, data }, settings);
      result.checks = [];
      fits.push({ group: value, n: data.n, result, error: null });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      firstError ??= e;
      fits.push({ group: value, n: data.n, result: null, error: e.message });
    }
  });
  if (fits.every((f) => f.result === null)) throw firstError;
  return fits;
}

/** The exit code: 3 when some group failed (or, with --strict, did not converge), else 0. */
export function groupsExitCode(fits: readonly GroupFit[], strict: boolean): number {
  return fits.some((f) => f.result === null || exitCodeFor(f.result, strict) === EXIT.optimisation) ? EXIT.optimisation : EXIT.ok;
}

/** A group's value for JSON: a number when every group's value is one, else the text. */
function groupValues(fits: readonly GroupFit[]): (string | number)[] {
  const numeric = fits.every((f) => f.group.trim() !== '' && Number.isFinite(Number(f.group)));
  return fits.map((f) => (numeric ? Number(f.group) : f.group));
}

export function renderGroupsJson(fits: readonly GroupFit[], model: string, column: string, extra: object): string {
  const values = groupValues(fits);
  return renderJson({
    command: 'fit',
    model,
    group: column,
    groups: fits.map((f, k) =>
      f.result ? { group: values[k], ...f.result } : { group: values[k], converged: false, failure: { message: f.error }, stats: { n: f.n } },
    ),
    ...extra,
  });
}

export function renderGroupsCsv(fits: readonly GroupFit[], params: readonly string[]): string {
  const header = ['group', ...params, ...params.map((p) => `stderr_${p}`), 'n', 'rss', 'converged'];
  const rows = fits.map((f) => {
    const r = f.result;
    const cells: Cell[] = [
      ...params.map((p) => r?.params[p] ?? null),
      ...params.map((p) => r?.stderr[p] ?? null),
      f.n,
      r && !r.failure ? r.stats.rss : null,
      r ? r.converged && !r.failure : false,
    ];
    return [csvField(f.group), ...cells.map(cellText)].join(',');
  });
  return `${header.map(csvField).join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** The status of a group's fit, in words. */
function status(f: GroupFit): string {
  if (f.result === null) return `failed: ${f.error}`;
  if (f.result.failure) return `failed: ${f.result.failure.message}`;
  return f.result.converged ? 'converged' : `not converged: ${f.result.message}`;
}

export function renderGroupsText(fits: readonly GroupFit[], params: readonly string[], column: string, digits: number): string {
  const num = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatNumber(v, digits));
  const header = [shownName(column), ...params, 'n', 'RSS', 'status'];
  const rows = fits.map((f) => {
    const r = f.result && !f.result.failure ? f.result : null;
    return [
      shownName(f.group),
      ...params.map((p) => (r ? `${num(r.params[p])} ± ${num(r.stderr[p])}` : '—')),
      String(f.n),
      r ? num(r.stats.rss) : '—',
      status(f),
    ];
  });
  const failed = fits.filter((f) => f.result === null || f.result.failure).length;
  const summary = `${fits.length} group${fits.length === 1 ? '' : 's'} by ${shownName(column)}, ${failed === 0 ? 'none' : failed} failed`;
  return `${layoutColumns([header, ...rows]).join('\n')}\n${summary}\n`;
}

/** Write the groups' report in the chosen format. */
export function writeGroups(fits: readonly GroupFit[], loaded: LoadedFit, format: 'text' | 'json' | 'csv', digits: number, extra: object): void {
  const params = loaded.spec.params;
  const column = loaded.grouping!.column;
  const model = fits.find((f) => f.result)?.result?.model ?? '';
  if (format === 'json') writeOut(renderGroupsJson(fits, model, column, extra));
  else if (format === 'csv') writeOut(renderGroupsCsv(fits, params));
  else writeOut(renderGroupsText(fits, params, column, digits));
}
