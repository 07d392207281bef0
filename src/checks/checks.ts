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
  /**
   * The `params` (fit) or `at` (minimize) object of an earlier --json result, and where it came
   * from; for a fit also its `stderr` (null for a parameter without one, or when the file has none).
   */
  baseline?: { values: Record<string, number>; source: string; stderr?: Record<string, number | null> | null };
  maxRmse?: number;
  minR2?: number;
  tolerance: Tolerance;
  /** Whether --rtol or --atol was given (with --sigma-tol, they are then checked as well). */
  toleranceGiven?: boolean;
  /**
   * --sigma-tol K: a baseline parameter fails when it moved by more than K combined standard
   * errors √(se² + se_base²). Beside it, --rtol/--atol apply only when given; a parameter
   * without a standard error on either side is compared by --rtol/--atol (defaults if not given).
   */
  sigmaTol?: number;
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

/** The text for --rtol/--atol in messages. */
function tolText(tol: Tolerance): string {
  return tol.atol === 0 ? `--rtol ${show(tol.rtol)}` : tol.rtol === 0 ? `--atol ${show(tol.atol)}` : `--rtol ${show(tol.rtol)} + --atol ${show(tol.atol)}`;
}

/**
 * A baseline parameter under --sigma-tol K: it fails when |actual − expected| > K·σ with
 * σ = √(se² + se_base²), and, when --rtol/--atol were given, also when it is outside them. A
 * standard error that is null on either side (or a combined σ of 0 or not finite, which says
 * nothing about noise) falls back to --rtol/--atol, and the message says so.
 */
function compareSigma(
  name: string, actual: number, expected: number, se: number | null, seBase: number | null,
  k: number, tol: Tolerance, tolGiven: boolean, source: string,
): Check {
  const difference = actual - expected;
  const sigma = se !== null && seBase !== null ? Math.hypot(se, seBase) : null;
  if (sigma === null || !(sigma > 0) || !Number.isFinite(sigma)) {
    const plain = compare(name, 'baseline', actual, expected, tol);
    const why = se === null && seBase === null
      ? `${name} has no standard error here nor in the baseline ${source}`
      : se === null
        ? `${name} has no standard error in this fit`
        : seBase === null
          ? `${name} has no standard error in the baseline ${source}`
          : `${name}'s standard errors are both 0`;
    return { ...plain, sigmas: null, combinedStderr: null, message: `${plain.message} (${why}, so it was compared by ${tolText(tol)}${tolGiven ? '' : ' (the default)'} instead of --sigma-tol)` };
  }
  const sigmas = difference / sigma;
  const sigmaAllowed = k * sigma;
  const sigmaPassed = Number.isFinite(actual) && Math.abs(difference) <= sigmaAllowed;
  const plain = tolGiven ? compare(name, 'baseline', actual, expected, tol) : null;
  const passed = sigmaPassed && (plain === null || plain.passed);
  const head = `${name} = ${show(actual)}, baseline ${show(expected)}: off by ${show(difference)} = ${show(Number(sigmas.toPrecision(3)))}σ (σ = ${show(sigma)}, combined)`;
  const parts = [sigmaPassed ? `within ${show(k)}σ` : `more than --sigma-tol ${show(k)}σ`];
  if (plain !== null) {
    const allowed = plain.tolerance!;
    parts.push(plain.passed ? `within ± ${show(allowed)} (${tolText(tol)})` : `outside ± ${show(allowed)} (${tolText(tol)})`);
  }
  return {
    name, kind: 'baseline', passed, expected, actual, difference,
    tolerance: plain === null ? sigmaAllowed : Math.min(sigmaAllowed, plain.tolerance!),
    sigmas, combinedStderr: sigma,
    message: `${head}, ${parts.join(' and ')}`,
  };
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
  /** The result's standard errors, for --sigma-tol. */
  stderr: Record<string, number | null> | null = null,
): Check[] {
  const checks: Check[] = [];
  const names = Object.keys(values);
  if (req.expect) {
    for (const [name, expected] of req.expect) {
      if (!Object.hasOwn(values, name)) {
        throw new InputError(`--expect names '${name}', which is not a ${what} (the ${what}s are: ${shownList(names)})`);
      }
      checks.push(compare(name, 'expect', values[name], expected, req.tolerance));
    }
  }
  if (req.baseline) {
    const base = req.baseline.values;
    for (const name of names) {
      if (!Object.hasOwn(base, name)) {
        checks.push(missing(name, 'baseline', values[name], null, `${name} is not in the baseline ${req.baseline.source}`));
      } else if (req.sigmaTol !== undefined) {
        const se = stderr !== null && Object.hasOwn(stderr, name) ? stderr[name] : null;
        const baseSe = req.baseline.stderr && Object.hasOwn(req.baseline.stderr, name) ? req.baseline.stderr[name] : null;
        checks.push(compareSigma(name, values[name], base[name], se, baseSe, req.sigmaTol, req.tolerance, req.toleranceGiven === true, shownName(req.baseline.source)));
      } else checks.push(compare(name, 'baseline', values[name], base[name], req.tolerance));
    }
    for (const name of Object.keys(base)) {
      // a baseline's names come from a file: shown escaped
      if (!Object.hasOwn(values, name)) {
        checks.push(missing(name, 'baseline', null, base[name], `${shownName(name)} is in the baseline ${req.baseline.source} but not in this result`));
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

/**
 * The standard errors of an earlier fit's --json result (`stderr`), for --sigma-tol: null when
 * the file has none; a parameter's entry is a number (0 or more) or null. Provenance and every
 * other field are ignored. Anything else is an InputError.
 */
export function baselineStderr(doc: unknown, source: string): Record<string, number | null> | null {
  const obj = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).stderr : undefined;
  if (obj === undefined || obj === null) return null;
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new InputError(`${source}: "stderr" is not an object of standard errors`);
  const out: Record<string, number | null> = Object.create(null);
  for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v === null) out[name] = null;
    else if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[name] = v;
    else throw new InputError(`${source}: "stderr.${shownName(name)}" is ${typeof v === 'number' ? v : JSON.stringify(v) ?? typeof v}, not a standard error (a finite number, 0 or more, or null)`);
  }
  return out;
}
