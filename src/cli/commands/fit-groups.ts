/**
 * `gradfit fit --group COL`: the model fitted to each group of rows separately (R's nlsList), in
 * the order the groups first appear. A group that cannot be fitted is reported and the others
 * still are; the command then exits 3. Also the groups' regression checks (their parameters named
 * `p[g]`), their model files (`--save` with `{group}`), and the parts of a joint fit's report
 * (`--shared`, src/fit/joint.ts) that know of groups.
 */
import type { Dataset, LoadedFit } from '../../fit/dataset.js';
import { fitDataset, type FitSettings } from '../../fit/fit.js';
import type { FitResult } from '../../fit/result.js';
import { InputError } from '../../errors.js';
import { shownList, shownName } from '../../names.js';
import { cellText, csvField, type Cell } from '../../report/csv.js';
import { formatNumber } from '../../report/format.js';
import { layoutColumns } from '../../report/layout.js';
import { checkLines } from '../../report/run-status.js';
import { PLAIN, type Paint } from '../../report/color.js';
import { renderJson } from '../../report/json.js';
import { EXIT, exitCodeFor } from '../exit.js';
import { writeErr, writeOut } from '../output.js';
import { writeOutputFile } from '../files.js';
import { runChecks, type CheckRequest } from '../../checks/checks.js';
import type { Check } from '../../checks/check.js';
import { groupParamName, type JointRun } from '../../fit/joint.js';
import { savedModel, type SavedModel } from '../../fit/model-file.js';
import type { ModelSpec } from '../../fit/model.js';

/** One group's outcome: a fit result, or the error that kept it from being fitted (too few rows, ...). */
export interface GroupFit {
  group: string;
  n: number;
  result: FitResult | null;
  error: string | null;
  /** The parameters' covariance (for --save), when known. */
  covariance: number[][] | null;
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

/**
 * Fit every group; an input error of every group (a bad setting, not the data) is thrown as it is,
 * unless `allMayFail` (the separate fits that start a joint fit, which may need fewer rows).
 */
export function fitGroups(loaded: LoadedFit, settings: FitSettings, allMayFail = false): GroupFit[] {
  const grouping = loaded.grouping!;
  const fits: GroupFit[] = [];
  let firstError: unknown = null;
  grouping.values.forEach((value, k) => {
    const data = groupRows(loaded.data, grouping.of, k, shownName(value));
    try {
      const { result, covariance } = fitDataset({ spec: loaded.spec, data }, settings);
      result.checks = [];
      fits.push({ group: value, n: data.n, result, error: null, covariance });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      firstError ??= e;
      fits.push({ group: value, n: data.n, result: null, error: e.commandLineMessage(), covariance: null });
    }
  });
  if (!allMayFail && fits.every((f) => f.result === null)) throw firstError;
  return fits;
}

/** The exit code: 3 when some group failed (or, with --strict, did not converge), else 1 when a check failed, else 0. */
export function groupsExitCode(fits: readonly GroupFit[], strict: boolean, checks: readonly Check[] = []): number {
  if (fits.some((f) => f.result === null || exitCodeFor(f.result, strict) === EXIT.optimisation)) return EXIT.optimisation;
  return checks.some((c) => !c.passed) ? EXIT.check : EXIT.ok;
}

/** A group's value for JSON: a number when every group's value is one, else the text. */
function groupValues(fits: readonly GroupFit[]): (string | number)[] {
  const numeric = fits.every((f) => f.group.trim() !== '' && Number.isFinite(Number(f.group)));
  return fits.map((f) => (numeric ? Number(f.group) : f.group));
}

export function renderGroupsJson(fits: readonly GroupFit[], model: string, column: string, checks: readonly Check[], extra: object): string {
  const values = groupValues(fits);
  // Every fitted group's parameters as p[g] as well: what --baseline compares with a later run.
  const { params, stderr } = groupedValues(fits);
  return renderJson({
    command: 'fit',
    model,
    group: column,
    groups: fits.map((f, k) =>
      f.result ? { group: values[k], ...f.result } : { group: values[k], converged: false, failure: { message: f.error }, stats: { n: f.n } },
    ),
    params,
    stderr,
    checks,
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

export function renderGroupsText(fits: readonly GroupFit[], params: readonly string[], column: string, digits: number, checks: readonly Check[] = [], chalk: Paint = PLAIN, width = 80): string {
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
  const checked = checks.length > 0 ? `${checkLines(checks, chalk, width).join('\n')}\n` : '';
  return `${layoutColumns([header, ...rows]).join('\n')}\n${summary}\n${checked}`;
}

/** Write the groups' report in the chosen format. */
export function writeGroups(
  fits: readonly GroupFit[], loaded: LoadedFit, format: 'text' | 'json' | 'csv', digits: number, checks: readonly Check[], extra: object, chalk: Paint = PLAIN, width = 80,
): void {
  const params = loaded.spec.params;
  const column = loaded.grouping?.column ?? '';
  const model = fits.find((f) => f.result)?.result?.model ?? '';
  if (format === 'json') writeOut(renderGroupsJson(fits, model, column, checks, extra));
  else if (format === 'csv') writeOut(renderGroupsCsv(fits, params));
  else writeOut(renderGroupsText(fits, params, column, digits, checks, chalk, width));
}

/** Each fitted group's parameters as `p[g]`, and their standard errors: what checks and baselines compare. */
export function groupedValues(fits: readonly GroupFit[]): { params: Record<string, number>; stderr: Record<string, number | null> } {
  const params: Record<string, number> = Object.create(null);
  const stderr: Record<string, number | null> = Object.create(null);
  for (const f of fits) {
    const r = f.result;
    if (!r || r.failure) continue;
    for (const [p, v] of Object.entries(r.params)) {
      params[groupParamName(p, f.group)] = v;
      stderr[groupParamName(p, f.group)] = r.stderr[p] ?? null;
    }
  }
  return { params, stderr };
}

/**
 * The regression checks of separate group fits: --expect and --baseline on `p[g]` (a name of a
 * group that was not fitted fails, saying so), --max-rmse and --min-r2 on every fitted group.
 */
export function groupChecks(fits: readonly GroupFit[], params: readonly string[], req: CheckRequest): Check[] {
  const { params: values, stderr } = groupedValues(fits);
  const expect = new Map(req.expect ?? []);
  const unfitted: Check[] = [];
  for (const f of fits) {
    if (f.result && !f.result.failure) continue;
    for (const p of params) {
      const name = groupParamName(p, f.group);
      const expected = expect.get(name);
      if (expected === undefined) continue;
      expect.delete(name);
      unfitted.push({ name, kind: 'expect', passed: false, expected, actual: null, difference: null, tolerance: null, message: `${shownName(name)} has no value: group ${shownName(f.group)} was not fitted` });
    }
  }
  const { maxRmse, minR2, ...rest } = req;
  const checks = [...unfitted, ...runChecks(values, null, { ...rest, ...(expect.size > 0 ? { expect } : { expect: undefined }) }, 'parameter', stderr)];
  if (maxRmse === undefined && minR2 === undefined) return checks;
  for (const f of fits) {
    const r = f.result;
    if (!r || r.failure) continue;
    const own = runChecks(Object.create(null), r.stats, { tolerance: req.tolerance, ...(maxRmse !== undefined ? { maxRmse } : {}), ...(minR2 !== undefined ? { minR2 } : {}) });
    checks.push(...own.map((c) => ({ ...c, name: groupParamName(c.name, f.group), message: `group ${shownName(f.group)}: ${c.message}` })));
  }
  return checks;
}

/**
 * The file a group's model is saved in: --save's name with `{group}` replaced by the group's
 * value, every character but letters, digits, `.`, `-` and `_` written as `_`.
 */
export function groupFileName(pattern: string, value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length)) || '_';
  return pattern.split('{group}').join(safe);
}

/** --save with --group: one file per group, named by a `{group}` in the name; refused before any work otherwise. */
export function checkGroupSave(pattern: string): void {
  if (!pattern.includes('{group}')) {
    throw new InputError(`--save with --group writes one model file per group: put {group} in the name, e.g. --save 'model-{group}.json' (not ${shownName(pattern)})`);
  }
}

/** The files of --save for the groups, refused (exit 2) when two groups would share one. */
export function groupFiles(pattern: string, values: readonly string[]): string[] {
  const files = values.map((v) => groupFileName(pattern, v));
  const seen = new Map<string, string>();
  values.forEach((v, k) => {
    const file = files[k] ?? '';
    const other = seen.get(file);
    if (other !== undefined) throw new InputError(`--save: groups ${shownName(other)} and ${shownName(v)} would both be saved as ${shownName(file)} (their values differ only in characters a file name does not keep)`);
    seen.set(file, v);
  });
  return files;
}

/** A fitted group's model, for predict (the separate fit's own file). */
export function groupModel(f: GroupFit, identifiers: readonly string[]): SavedModel | null {
  return f.result && !f.result.failure ? savedModel(f.result, identifiers, f.covariance) : null;
}

/**
 * Group k's model from a joint fit: the model with the shared values and the group's own, their
 * covariance the joint covariance's block, and the joint fit's statistics (its dof and s²), so
 * that predict's bands are the joint fit's.
 */
export function jointGroupModel(run: JointRun, k: number, identifiers: readonly string[], spec: ModelSpec): SavedModel {
  const r = run.result;
  const names = spec.params.map((p) => (run.joint.shared.includes(p) ? p : (run.joint.copies(p)[k] ?? p)));
  const params: Record<string, number> = Object.create(null);
  const stderr: Record<string, number | null> = Object.create(null);
  spec.params.forEach((p, j) => {
    const name = names[j] ?? p;
    params[p] = r.params[name] ?? NaN;
    stderr[p] = r.stderr[name] ?? null;
  });
  const all = Object.keys(r.params);
  const at = names.map((name) => all.indexOf(name));
  const cov = run.covariance;
  const block = cov ? at.map((i) => at.map((j) => cov[i]?.[j] ?? NaN)) : null;
  return savedModel({ ...r, params, stderr }, identifiers, block && block.every((row) => row.every(Number.isFinite)) ? block : null);
}

/** Write the groups' model files (a group not fitted is said on stderr and not saved). */
export function saveGroupModels(pattern: string, values: readonly string[], model: (k: number) => SavedModel | null): void {
  const files = groupFiles(pattern, values);
  values.forEach((v, k) => {
    const m = model(k);
    const file = files[k] ?? '';
    if (m === null) writeErr(`gradfit: not saving ${shownName(file)}: group ${shownName(v)} was not fitted\n`);
    else writeOutputFile(file, `${JSON.stringify(m, null, 2)}\n`, '--save');
  });
}

/** The first line of a joint fit's text report: the groups, the shared parameters and the per-group ones. */
export function jointHeader(run: JointRun, column: string): string {
  const { joint, start } = run;
  const per = joint.perGroup.length > 0 ? `; per group: ${joint.perGroup.join(', ')}` : '';
  const from = start.groupsFitted === start.groups ? 'each group fitted alone first' : `${start.groupsFitted} of ${start.groups} groups fitted alone first`;
  const unchecked = start.searchCheck || run.result.search ? '' : '; too many parameters to check by a search over all of them';
  return `joint fit of ${start.groups} group${start.groups === 1 ? '' : 's'} by ${shownName(column)}; shared: ${joint.shared.join(', ')}${per} (started from ${from}${unchecked})\n`;
}

/**
 * --expect's names checked before any work (and before any other stderr line): with --group they
 * are `p[g]` for every parameter p and group g (for a joint fit, a shared parameter by its name).
 */
export function checkGroupExpect(req: CheckRequest, spec: ModelSpec, values: readonly string[], shared: readonly string[] | null): void {
  if (!req.expect) return;
  const names = spec.params.flatMap((p) => (shared?.includes(p) ? [p] : values.map((v) => groupParamName(p, v))));
  for (const name of req.expect.keys()) {
    if (!names.includes(name)) throw new InputError(`--expect names '${shownName(name)}', which is not a parameter (the parameters are: ${shownList(names)})`);
  }
}
