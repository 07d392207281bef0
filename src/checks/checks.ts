/**
 * Regression checks for CI (docs/CLI.md "CI regression checks"): compare fitted values with
 * expected ones, with an earlier --json result, or with bounds on the fit statistics.
 */
import { InputError } from '../errors.js';
import type { Check } from './check.js';
import { shownList, shownName } from '../names.js';

export interface Tolerance {
  /** Relative tolerance (default 1e-3). */
  rtol: number;
  /** Absolute tolerance (default 0). */
  atol: number;
}

export interface CheckRequest {
  expect?: Map<string, number>;
  /** The `params` (fit) or `at` (minimize) object of an earlier --json result, and where it came from. */
  baseline?: { values: Record<string, number>; source: string };
  maxRmse?: number;
  minR2?: number;
  tolerance: Tolerance;
}

/** Short, exact-enough text of a number for check messages. */
function show(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(8))) : String(v);
}

function compare(name: string, kind: 'expect' | 'baseline', actual: number, expected: number, tol: Tolerance): Check {
  const allowed = tol.atol + tol.rtol * Math.abs(expected);
  const difference = actual - expected;
  // An expected value that is not finite makes the tolerance infinite or NaN: it passes nothing.
  const passed = Number.isFinite(actual) && Number.isFinite(expected) && Number.isFinite(allowed) && Math.abs(difference) <= allowed;
  const rel = expected !== 0 ? ` (${show((difference / Math.abs(expected)) * 100)}%)` : '';
  const message = passed
    ? `${name} = ${show(actual)}, expected ${show(expected)} ± ${show(allowed)}`
    : `${name} = ${show(actual)}, expected ${show(expected)} ± ${show(allowed)}: off by ${show(difference)}${rel}`;
  return { name, kind, passed, expected, actual, difference, tolerance: allowed, message };
}

/**
 * Run the requested checks against `values` (parameter values or a minimiser's location) and,
 * for fits, the statistics. Names in `expect` must exist (a typo is a usage error, exit 2);
 * a baseline whose names differ is a failed check that says which names are missing or extra.
 */
export function runChecks(
  values: Record<string, number>,
  stats: { rmse: number; r2: number | null } | null,
  req: CheckRequest,
  what = 'parameter',
): Check[] {
  const checks: Check[] = [];
  const names = Object.keys(values);
  if (req.expect) {
    for (const [name, expected] of req.expect) {
      if (!Object.hasOwn(values, name)) {
        throw new InputError(`--expect names '${name}', which is not a ${what} (the ${what}s are: ${shownList(names)})`);
      }
      checks.push(compare(name, 'expect', values[name]!, expected, req.tolerance));
    }
  }
  if (req.baseline) {
    const base = req.baseline.values;
    for (const name of names) {
      if (Object.hasOwn(base, name)) checks.push(compare(name, 'baseline', values[name]!, base[name]!, req.tolerance));
      else checks.push(missing(name, 'baseline', values[name]!, null, `${name} is not in the baseline ${req.baseline.source}`));
    }
    for (const name of Object.keys(base)) {
      // a baseline's names come from a file: shown escaped
      if (!Object.hasOwn(values, name)) {
        checks.push(missing(name, 'baseline', null, base[name]!, `${shownName(name)} is in the baseline ${req.baseline.source} but not in this result`));
      }
    }
  }
  if (req.maxRmse !== undefined) {
    if (!stats) throw new InputError('--max-rmse applies to fit only');
    const passed = stats.rmse <= req.maxRmse;
    checks.push({
      name: 'rmse', kind: 'max-rmse', passed, expected: req.maxRmse, actual: stats.rmse,
      difference: stats.rmse - req.maxRmse, tolerance: req.maxRmse,
      message: passed ? `RMSE ${show(stats.rmse)} <= ${show(req.maxRmse)}` : `RMSE ${show(stats.rmse)} is above the limit ${show(req.maxRmse)}`,
    });
  }
  if (req.minR2 !== undefined) {
    if (!stats) throw new InputError('--min-r2 applies to fit only');
    // R² of a constant response is undefined (null): it meets no bound.
    const r2 = stats.r2;
    const passed = r2 !== null && r2 >= req.minR2;
    checks.push({
      name: 'r2', kind: 'min-r2', passed, expected: req.minR2, actual: r2,
      difference: r2 === null ? null : r2 - req.minR2, tolerance: req.minR2,
      message: r2 === null
        ? `R² is undefined (the response is constant), so it cannot be checked against ${show(req.minR2)}`
        : passed ? `R² ${show(r2)} >= ${show(req.minR2)}` : `R² ${show(r2)} is below the limit ${show(req.minR2)}`,
    });
  }
  return checks;
}

function missing(name: string, kind: 'baseline', actual: number | null, expected: number | null, message: string): Check {
  return { name, kind, passed: false, expected, actual, difference: null, tolerance: null, message };
}

/**
 * The values to compare from an earlier --json result: its `params` (fit) or `at` (minimize).
 * Anything else is an InputError that says what the file should be.
 */
export function baselineValues(doc: unknown, source: string, key: 'params' | 'at'): Record<string, number> {
  const obj = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[key] : undefined;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new InputError(`${source} is not a gradfit --json result: it has no "${key}" object (make it with --json > ${source})`);
  }
  const out: Record<string, number> = Object.create(null);
  for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v !== 'number') throw new InputError(`${source}: "${key}.${shownName(name)}" is not a number`);
    // JSON reads 1e999 as Infinity, and a tolerance relative to it would pass any value.
    if (!Number.isFinite(v)) throw new InputError(`${source}: "${key}.${shownName(name)}" is ${v}, not a finite number; a baseline needs finite values`);
    out[name] = v;
  }
  return out;
}
