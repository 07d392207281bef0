/**
 * The fit use case: given the loaded data and model, run the chosen method, then compute the
 * statistics and uncertainties of the solution. Returns a plain FitResult (the JSON shape of
 * docs/CLI.md) and the curve to draw; deciding exit codes and printing is the CLI's job.
 */
import { compileKernel, type Kernel } from '../expr/index.js';
import { covariance, enorm, EPSMCH, FOLD_BLOCK, lstsq } from '../linalg/index.js';
import { descend, levenbergMarquardt, type DescentMethod, type RunSettings } from '../optim/index.js';
import type { LeastSquares, Objective, OptimOptions, OptimResult } from '../optim/index.js';
import { startingPoint } from '../optim/random.js';
import { InputError } from '../errors.js';
import type { Dataset, LoadedFit } from './dataset.js';
import { polynomialOrder, type ModelSpec } from './model.js';
import { foldJacobian, rowBlock, type FitRows } from './jacobian-factor.js';
import {
  fromStandard,
  fromStandardMatrix,
  rangeStandardisation,
  safeLearningRate,
  standardisation,
  standardise,
  standardPolynomial,
  toStandard,
} from './polynomial.js';
import type { FitResult } from './result.js';
import { judge } from './judge.js';
import { searchStart, type SearchReport } from './search.js';
import { linearParameters } from './separable.js';
import { fitStatistics } from './stats.js';
import { boundedLevenbergMarquardt, BoxTransform, clip, constrains, gradientOf, onBound, type Box } from './bounds.js';
import { downWeighted, robustFold, type LossName } from './loss.js';
import type { Node } from '../expr/index.js';
import { informationCriteria, waldIntervals } from './intervals.js';
import { profileIntervals } from './profile.js';
import { band, type Band } from './bands.js';

export const FIT_METHODS = ['lm', 'gd', 'momentum', 'adam', 'lbfgs'] as const;
export type FitMethod = (typeof FIT_METHODS)[number];

/** `start`: --start values; the others start at 1 (0 for a polynomial's coefficients). */
export interface FitSettings extends RunSettings {
  method: FitMethod;
  /** --global: search for the start even when --start gives every parameter. */
  global?: boolean;
  /** --bounds: [lo, hi] per parameter (±Infinity for an open side). */
  bounds?: ReadonlyMap<string, readonly [number, number]>;
  /** --fix: parameters held at these values. */
  fix?: ReadonlyMap<string, number>;
  /** --loss (default linear) and --f-scale (default 1). */
  loss?: LossName;
  fScale?: number;
  /** --absolute-sigma: the covariance is (JᵀWJ)⁻¹, not scaled by the reduced χ². */
  absoluteSigma?: boolean;
  /** --level: the confidence level of the intervals and bands (default 0.95). */
  level?: number;
  /** --intervals: value ± t·stderr ("wald", the default) or profile likelihood. */
  intervals?: 'wald' | 'profile';
  /**
   * false: a local fit from a full start is not checked by a search over every parameter (a joint
   * fit of many groups, whose start comes from each group's own search; joint.ts). Default true.
   */
  searchCheck?: boolean;
}

/** The data and the fitted curve, for charts and pictures. */
export interface FitCurve {
  x: Float64Array;
  y: Float64Array;
  /** Points of the fitted curve, sorted by x. */
  curveX: Float64Array;
  curveY: Float64Array;
  /** The model at each data row (residuals are y - fitted). */
  fitted: Float64Array;
  xName: string;
  yName: string;
  /** The confidence band at the curve's points (at the fit's --level), when the covariance is known. */
  band?: Band;
  /** The band's confidence level. */
  bandLevel?: number;
}

export interface FitRun {
  result: FitResult;
  /** The data and fitted curve, computed on demand (only charts and pictures need it). */
  curve(): FitCurve;
  /** The parameters' covariance by rows (null when not every entry is known): for --save and bands. */
  covariance: number[][] | null;
}

/** What a method produced, before statistics: the parameters and how the run went. */
interface Outcome {
  params: Float64Array;
  /**
   * Σr² and the Jacobian's triangular factor at `params`, when the method already has them; with
   * `transform` T, R is the factor for other parameters d, and params = T·d.
   */
  factor?: { R: Float64Array; rss: number; transform?: Float64Array };
  run: Pick<OptimResult, 'iterations' | 'evaluations' | 'converged' | 'reason' | 'message' | 'history' | 'failure'>;
  /** 'linear' when the model was solved exactly as linear in its parameters (else the method asked for). */
  method?: 'linear';
  /** What the automatic start search did, when it ran. */
  search?: SearchReport;
  /** Indices of the parameters that enter the model linearly, when known. */
  linear?: number[];
  /** With a robust loss: Σ f²·ρ(z_i) at the solution (the factor is then of the rescaled Jacobian). */
  cost?: number;
}

export function fitDataset(loaded: LoadedFit, settings: FitSettings): FitRun {
  const { data } = loaded;
  const full = loaded.spec;
  for (const name of settings.start.keys()) {
    if (!full.params.includes(name)) {
      throw new InputError(`--start names '${name}', which is not a parameter of the model (its parameters are: ${full.params.join(', ')})`);
    }
  }
  const constraint = constraintsOf(full, data, settings);
  // A fixed parameter becomes a constant of the model: every path below fits the others only.
  const spec = constraint.fixed.size > 0 ? fixedSpec(full, constraint.fixed) : full;
  const P = spec.params.length;
  if (data.n < P) {
    const what = spec.degree !== null ? `degree ${spec.degree} needs at least ${P} data rows` : `the model has ${P} parameters, so it needs at least ${P} data rows`;
    throw new InputError(`${what}, but ${data.source} has ${data.n}`);
  }
  const kernel = compileKernel(spec.ast, { params: spec.params, columns: spec.data });
  // Responses of astronomical (or minute) size are brought to order one by an exact power-of-two
  // weight for Levenberg–Marquardt and the exact solves, so that no sum of squares overflows; the
  // solution and its standard errors do not change, and the sums of squares are scaled back below.
  const scale = responseScale(data.y, data.w);
  const scaled: Dataset = scale === 1 ? data : { ...data, w: scaledWeights(data, scale) };
  // The descent methods run on the data as given: weights shrunk by the scale would shrink their
  // gradient too, and they would stop at once, "converged", wherever they started.
  const solveOn = settings.method === 'lm' ? scaled : data;
  const loss = settings.loss ?? 'linear';
  const constrained = constrains(constraint.box) || loss !== 'linear';
  const outcome = constrained
    ? fitConstrained(kernel, spec, solveOn, settings, constraint.box, loss, (settings.fScale ?? 1) / (solveOn === scaled ? scale : 1), { data: scaled, fScale: (settings.fScale ?? 1) / scale })
    : spec.degree !== null
      ? fitPolynomial(kernel, spec, solveOn, settings)
      : fitModel(kernel, spec, solveOn, settings, polynomialOrder(spec));

  // Levenberg–Marquardt ends with the factor at its solution, and a linear model's Jacobian does
  // not depend on the parameters; the descent methods need one more pass.
  const factor = outcome.factor ?? foldJacobian(kernel, outcome.params, scaled);
  const uncertainty = fitStatistics(
    {
      names: spec.params,
      params: outcome.params,
      rss: factor.rss,
      n: data.n,
      J: factor.R,
      rows: P,
      transform: outcome.factor?.transform,
      varianceRss: outcome.cost,
      absoluteVariance: settings.absoluteSigma ? 1 / (scale * scale) : undefined,
    },
    scaled.y,
    scaled.w,
  );
  if (data.w && uncertainty.rank) checkWeightsHonoured(kernel, outcome.params, data, uncertainty.rank.rank);
  if (scale !== 1) {
    const s2 = scale * scale;
    uncertainty.stats.rss *= s2;
    uncertainty.stats.rmse *= scale;
    if (uncertainty.stats.chi2red !== null) uncertainty.stats.chi2red *= s2;
    if (solveOn === scaled) outcome.run = { ...outcome.run, history: outcome.run.history.map((f) => f * s2) };
  }
  const { covariance, ...shown } = uncertainty;
  // R's logLik/AIC/BIC for nls and lm with normal errors; with --sigma its weights are 1/σ² (Σ log W = 2·Σ log w).
  let sumLogW = 0;
  if (data.w) for (const w of data.w) sumLogW += 2 * Math.log(w);
  const criteria = shown.stats.rss > 0 && Number.isFinite(shown.stats.rss) ? informationCriteria(shown.stats.rss, data.n, shown.rank?.rank ?? P, sumLogW) : null;
  Object.assign(shown.stats, { loglik: criteria?.loglik ?? null, aic: criteria?.aic ?? null, aicc: criteria?.aicc ?? null, bic: criteria?.bic ?? null });
  const params: Record<string, number> = Object.create(null); // a parameter may be called __proto__
  for (const name of full.params) params[name] = constraint.fixed.get(name) ?? outcome.params[spec.params.indexOf(name)];
  if (constraint.fixed.size > 0) {
    // Fixed parameters keep their place in params, with no standard error.
    const stderr: Record<string, number | null> = Object.create(null);
    const rel: Record<string, number | null> = Object.create(null);
    for (const name of full.params) {
      stderr[name] = constraint.fixed.has(name) ? null : uncertainty.stderr[name];
      rel[name] = constraint.fixed.has(name) ? null : uncertainty.relStderr[name];
    }
    shown.stderr = stderr;
    shown.relStderr = rel;
  }

  const result: FitResult = {
    command: 'fit',
    model: spec.text,
    method: outcome.method ?? settings.method,
    params,
    ...shown,
    iterations: outcome.run.iterations,
    evaluations: outcome.run.evaluations,
    converged: outcome.run.converged,
    reason: outcome.run.reason,
    message: outcome.run.message,
    columns: {
      x: data.names.x,
      y: data.names.y,
      sigma: data.names.sigma,
      data: spec.data.map((id) => (id === 'x' ? data.names.x : id)),
      ...data.reading,
    },
    skipped: data.skipped,
    history: outcome.run.history,
    checks: [],
    failure: outcome.run.failure,
    warnings: [],
  };
  if (outcome.search) result.search = outcome.search;
  describeConstraints(result, full, spec, constraint, outcome, settings, kernel, scaled, scale);
  const searched = outcome.search;
  const verdict = judge(result, {
    searchBest: searched && searched.bestRss !== null && searched.rows === data.n && loss === 'linear' ? searched.bestRss * scale * scale : null,
    startGiven: !searched && (spec.degree === null || constrained) && outcome.method === undefined,
    kernel,
    data,
    params: outcome.params,
    // Only a nonlinear parameter of an iterative fit can run off; linear ones scale with y.
    canRunOff: outcome.method === 'linear' || spec.degree !== null ? [] : spec.params.filter((_, k) => !(outcome.linear ?? []).includes(k)),
  });
  result.failure = verdict.failure;
  result.warnings = verdict.warnings;
  const level = settings.level ?? 0.95;
  const dof = result.stats.dof;
  result.level = level;
  result.intervalMethod = settings.intervals ?? 'wald';
  // A model linear in its parameters has a quadratic S(β): its profile intervals are the Wald ones.
  result.intervals =
    settings.intervals === 'profile' && outcome.method !== 'linear' && !result.failure && dof > 0
      ? profileIntervals({ kernel, data: scaled, params: outcome.params, names: spec.params, rss: factor.rss, dof, stderr: result.stderr }, level)
      : waldIntervals(result.params, result.stderr, dof, level);
  const bandOf = covariance && dof > 0 ? { cov: covariance, dof, s2: result.stats.chi2red ?? 0, level, kind: 'confidence' as const } : null;
  return {
    result,
    // Over every parameter, as the saved model lists them: a fixed one has no variance.
    covariance: covariance && constraint.fixed.size > 0 ? fullCovariance(covariance, full.params, spec.params) : covariance,
    curve: () => ({ ...fittedCurve(kernel, spec, data, outcome.params, bandOf ? (cols, n) => band(kernel, outcome.params, cols, n, bandOf) : null), ...(bandOf ? { bandLevel: level } : {}) }),
  };
}

/** The covariance of the free parameters `free`, widened to `all` with zeros for the fixed ones. */
function fullCovariance(cov: number[][], all: readonly string[], free: readonly string[]): number[][] {
  const at = all.map((name) => free.indexOf(name));
  return at.map((i) => at.map((j) => (i >= 0 && j >= 0 ? cov[i][j] : 0)));
}

/**
 * 1, or the power of two nearest the largest weighted response when that is beyond 1e±100. The
 * exponent stays within ±1022 so that both the scale and its reciprocal are finite doubles (2^1024,
 * the power of two nearest 1.3e308 and beyond, is Infinity, and would turn every weight into 0).
 */
export function responseScale(y: Float64Array, w: Float64Array | null): number {
  let max = 0;
  for (let i = 0; i < y.length; i++) max = Math.max(max, Math.abs(y[i] * (w ? w[i] : 1)));
  if (max > 1e-100 && max < 1e100) return 1;
  // Out of the comfortable range, or a product that overflowed: the exponent of the largest
  // |y·w|, summed as logarithms so that it cannot overflow.
  let e = -Infinity;
  for (let i = 0; i < y.length; i++) {
    const a = Math.abs(y[i]);
    if (a > 0) e = Math.max(e, Math.log2(a) + (w ? Math.log2(w[i]) : 0));
  }
  if (!Number.isFinite(e)) return 1;
  return 2 ** Math.max(-1022, Math.min(1022, Math.round(e)));
}

/** The weights divided by the response scale; refused when one leaves the range of doubles. */
function scaledWeights(data: Dataset, scale: number): Float64Array {
  const w = Float64Array.from(data.y, (_, i) => (data.w ? data.w[i] : 1) / scale);
  for (let i = 0; i < w.length; i++) {
    if (!(w[i] > 0) || !Number.isFinite(w[i])) {
      throw new InputError(
        `the weighted responses reach about ${scale.toExponential(1)} while data row ${i + 1} has weight ${data.w ? `1/${data.names.sigma} = ${data.w[i]}` : '1'}: together they span more than double precision holds, so the weights cannot be honoured; rescale ${data.names.y}${data.w ? ` or ${data.names.sigma}` : ''} (other units)`,
      );
    }
  }
  return w;
}

/**
 * A weighted fit whose Jacobian is rank-deficient while the unweighted one is not: the weights, not
 * the data, took the rank (σ of 1e-20 beside σ of 1 puts the light rows below the rounding of the
 * heavy ones), and the parameters it drops would be wrong. Refused: those weights cannot be honoured.
 */
function checkWeightsHonoured(kernel: Kernel, params: Float64Array, data: Dataset, rank: number): void {
  const P = params.length;
  const plain = foldJacobian(kernel, params, { cols: data.cols, y: data.y, w: null, n: data.n });
  if (plain.nonFinite !== null || !plain.R.every(Number.isFinite)) return;
  const unweighted = covariance(plain.R, P, P, 1).rank;
  if (unweighted <= rank) return;
  let lo = Infinity;
  let hi = 0;
  for (const w of data.w!) {
    lo = Math.min(lo, 1 / w);
    hi = Math.max(hi, 1 / w);
  }
  throw new InputError(
    `the weights cannot be honoured: ${data.names.sigma} spans ${Math.round(Math.log10(hi / lo))} orders of magnitude (${Number(lo.toPrecision(3))} to ${Number(hi.toPrecision(3))}), and beside the heaviest rows the others fall below rounding (rank ${rank} of ${P} weighted, ${unweighted === P ? 'full' : unweighted} unweighted); use sigma values closer together`,
  );
}

function optimOptions(settings: FitSettings, lr: number | undefined): OptimOptions {
  return { maxSteps: settings.maxSteps, tol: settings.tol, lr: settings.lr ?? lr, onStep: settings.onStep };
}

/** A general model: Levenberg–Marquardt on the residuals, or a descent method on the MSE. */
function fitModel(kernel: Kernel, spec: ModelSpec, data: Dataset, settings: FitSettings, order: number[] | null): Outcome {
  const P = spec.params.length;
  // A --model that is a polynomial in x (b0 + b1*x + ... + bN*x^N) is solved as --degree N is.
  if (settings.method === 'lm' && order !== null && !settings.global) {
    checkPowers(data.cols[0], order.length - 1, spec.data[0] === 'x' ? data.names.x : spec.data[0]);
    return solvePolynomial(kernel, order.length - 1, order, data);
  }
  const linear = linearParameters(spec.ast, spec.params);
  // A model linear in every parameter is one least-squares solve.
  if (settings.method === 'lm' && linear.length === P && !settings.global) {
    const exact = solveLinearModel(kernel, P, data);
    if (exact) return exact;
  }
  // Without a start for every parameter (and without --seed, which draws them), search for one.
  let search: SearchReport | undefined;
  let p0: Float64Array;
  if (settings.global || (settings.start.size < P && settings.seed === undefined)) {
    const found = searchStart({ kernel, ast: spec.ast, params: spec.params, columns: spec.data, rows: data, given: settings.start, everything: settings.global === true, maxSteps: settings.maxSteps }, linear);
    p0 = found.start;
    search = found.report;
    // The best local fit ran on all the rows: it is the fit.
    if (settings.method === 'lm' && found.run?.converged) return { params: found.run.x, factor: found.run.factor, run: found.run, search, linear };
  } else {
    p0 = startingPoint(spec.params, settings.start, 1, settings.seed);
  }
  checkStart(kernel, spec, data, p0);
  const outcome = solveFrom(kernel, data, settings, p0);
  if (search) return { ...outcome, search, linear };
  // A local fit from a start the user gave: a search over every parameter checks that it did not
  // end in a local minimum above a lower one (the judge then fails it).
  if (settings.method === 'lm' && outcome.run.converged && !outcome.run.failure && settings.searchCheck !== false) {
    const check = searchStart({ kernel, ast: spec.ast, params: spec.params, columns: spec.data, rows: data, given: new Map(), everything: true, maxSteps: settings.maxSteps }, linear);
    const lowest = kernel.sumSquares(check.start, data.cols, data.y, data.w, data.n, null);
    return { ...outcome, linear, search: { ...check.report, bestRss: Number.isFinite(lowest) ? lowest : null, rows: data.n, check: true, bestParams: named(spec.params, check.start) } };
  }
  return { ...outcome, linear };
}

function named(names: readonly string[], p: Float64Array): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  names.forEach((name, k) => (out[name] = p[k]));
  return out;
}

/** A model linear in all its parameters, solved exactly; null when the solve does not reproduce its own fit. */
function solveLinearModel(kernel: Kernel, P: number, data: Dataset): Outcome | null {
  const solved = solveLinear(kernel, P, data, 2);
  const rss = kernel.sumSquares(solved.params, data.cols, data.y, data.w, data.n, null);
  if (!Number.isFinite(rss) || !solved.params.every(Number.isFinite)) return null;
  const message =
    solved.rank === P
      ? 'linear in its parameters: solved exactly by column-scaled QR'
      : `linear in its parameters: solved by column-scaled QR, but the design has rank ${solved.rank} of ${P}`;
  return {
    params: solved.params,
    factor: { R: solved.R, rss },
    method: 'linear',
    run: { iterations: 1, evaluations: solved.passes + 1, converged: true, reason: 'exact', message, history: [], failure: null },
  };
}

/** The local fit from p0 by the chosen method. */
function solveFrom(kernel: Kernel, data: Dataset, settings: FitSettings, p0: Float64Array): Outcome {
  const P = p0.length;
  if (settings.method === 'lm') {
    const ls: LeastSquares = { m: data.n, n: P, fold: (p) => foldJacobian(kernel, p, data), roundingNorm: EPSMCH * weightedNorm(data.y, data.w) };
    let res = levenbergMarquardt(ls, p0, optimOptions(settings, undefined));
    if (res.reason === 'no-progress' && res.iterations === 0 && !res.failure) {
      // LM's first trust region is scaled by the start (100·‖D·p0‖); when the answer is many
      // orders of magnitude away, no step within it shows a reduction. One full Gauss–Newton
      // step gives a start of the right size; LM goes on from there if it lowered the RSS.
      const retry = gaussNewtonStart(kernel, data, p0);
      if (retry) {
        const again = levenbergMarquardt(ls, retry, optimOptions(settings, undefined));
        res = { ...again, iterations: again.iterations + 1, evaluations: again.evaluations + res.evaluations + 1, history: [res.history[0], ...again.history] };
      }
    }
    if (res.reason === 'no-progress' && res.iterations === 0 && !res.failure) {
      // Not a single step lowered the sum of squares: the fit did nothing, which is a failure.
      const failure = { step: 0, message: `the fit could not move from the start: ${res.message}`, hint: 'give starting values nearer the answer with --start' };
      return { params: res.x, factor: res.factor, run: { ...res, failure } };
    }
    return { params: res.x, factor: res.factor, run: res };
  }
  const res = descend(settings.method as DescentMethod, meanSquares(kernel, data.cols, data.y, data.w, data.n), p0, optimOptions(settings, undefined));
  return { params: res.x, run: res };
}

/**
 * A polynomial: solved exactly by QR with the default method; the descent methods run on the
 * standardised problem (z in [-1, 1], unit-variance y) and map their coefficients back.
 */
function fitPolynomial(kernel: Kernel, spec: ModelSpec, data: Dataset, settings: FitSettings): Outcome {
  const degree = spec.degree!;
  const P = degree + 1;
  checkPowers(data.x, degree, data.names.x);
  if (settings.method === 'lm') return solvePolynomial(kernel, degree, Array.from({ length: P }, (_, k) => k), data);
  const s = standardisation(data.x, data.y);
  const { z, u } = standardise(data.x, data.y, s);
  const c0 = startingPoint(spec.params, settings.start, 0, settings.seed);
  const d0 = settings.start.size > 0 || settings.seed !== undefined ? toStandard(c0, s) : new Float64Array(P);
  const lr =
    settings.method === 'gd' || settings.method === 'momentum'
      ? safeLearningRate(foldJacobian(kernel, new Float64Array(P), { cols: [z], y: u, w: data.w, n: data.n }).R, data.n, P)
      : undefined;
  const opts = optimOptions(settings, lr);
  opts.tol = settings.tol ?? 1e-10;
  const res = descend(settings.method as DescentMethod, meanSquares(kernel, [z], u, data.w, data.n), d0, opts);
  const scale = s.ys * s.ys;
  return {
    params: fromStandard(res.x, s),
    run: { ...res, history: res.history.map((f) => f * scale) },
  };
}

/** Refuses a polynomial whose highest power overflows on the data. */
function checkPowers(x: Float64Array, degree: number, name: string): void {
  let xmax = 0;
  for (const v of x) xmax = Math.max(xmax, Math.abs(v));
  if (!Number.isFinite(xmax ** degree)) {
    throw new InputError(`x^${degree} overflows for ${name} values as large as ${xmax}: rescale the ${name} column (other units) before fitting`);
  }
  // x^N below the smallest normal double has lost significant bits (or is 0): its coefficient
  // cannot be represented or determined.
  if (degree > 1 && xmax > 0 && xmax ** degree < 2 ** -1022) {
    throw new InputError(`x^${degree} underflows for ${name} values no larger than ${xmax}: rescale the ${name} column (other units) before fitting`);
  }
}

/**
 * A polynomial in x by least squares, solved in z = (x − xm)/xs, where the design is well
 * conditioned (the raw Vandermonde matrix of Filip's degree 10 has a condition number near 1e15),
 * and the coefficients and their covariance mapped back to powers of x. Even a design that
 * column scaling makes passable in x loses digits there when the residuals are large (the
 * error grows with the condition number squared: Wampler4 and 5). `order[k]` is the index of the
 * parameter of x^k in the kernel's parameters. A design that is rank-deficient is solved in x,
 * which names the coefficients it cannot determine.
 */
function solvePolynomial(kernel: Kernel, degree: number, order: number[], data: Dataset): Outcome {
  const P = degree + 1;
  // The polynomial's variable: the model's one data column (the -x column for --degree).
  const x = data.cols[0];
  const rows = { cols: [x], y: data.y, w: data.w, n: data.n };
  const rawOutcome = (solved: LinearSolution) => ({
    params: solved.params,
    factor: { R: solved.R, rss: kernel.sumSquares(solved.params, rows.cols, data.y, data.w, data.n, null) },
  });
  const result = (outcome: Pick<Outcome, 'params' | 'factor'>, passes: number, message: string): Outcome => ({
    ...outcome,
    method: 'linear',
    run: { iterations: 1, evaluations: passes, converged: true, reason: 'exact', message, history: [], failure: null },
  });

  const map = rangeStandardisation(x);
  const powers = Array.from({ length: P }, (_, k) => `c${k}`);
  const zKernel = compileKernel(standardPolynomial(degree, map), { params: powers, columns: ['x'] });
  const centred = solveLinear(zKernel, P, rows, 2);
  let mapped: Pick<Outcome, 'params' | 'factor'> | null = null;
  let rssInX = Infinity;
  let passes = centred.passes;
  if (centred.rank === P) {
    // Coefficients of x^k, and T with c = T·d, both re-ordered to the kernel's parameters.
    const c = fromStandard(centred.params, map);
    const T = fromStandardMatrix(degree, map);
    const params = new Float64Array(P);
    const transform = new Float64Array(P * P);
    for (let k = 0; k < P; k++) {
      params[order[k]] = c[k];
      for (let j = 0; j < P; j++) transform[order[k] + j * P] = T[k + j * P];
    }
    const rss = zKernel.sumSquares(centred.params, rows.cols, data.y, data.w, data.n, null);
    mapped = { params, factor: { R: centred.R, rss, transform } };
    // The coefficients are what predict, the plots and the user evaluate, in powers of x; they
    // should still give that fit there (up to rounding).
    rssInX = kernel.sumSquares(params, rows.cols, data.y, data.w, data.n, null);
    passes++;
    if (reproduces(rssInX, rss, data)) return result(mapped, passes, CENTRED_MESSAGE);
  }
  // Powers of x lose the centred fit to cancellation (a high degree on data far from 0), or the
  // centred design is rank-deficient: solve in x itself. Its coefficients are the best for powers
  // of x; the centred ones are still kept when powers of x evaluate them about as well (x given as
  // Unix timestamps: both lose the same digits to evaluating huge terms).
  const solved = solveLinear(kernel, P, rows, 2);
  const raw = rawOutcome(solved);
  passes += solved.passes + 1;
  if (mapped !== null && rssInX <= 2 * raw.factor.rss + roundingFloor(data)) return result(mapped, passes, CENTRED_MESSAGE);
  return result(
    raw,
    passes,
    solved.rank === P
      ? `linear in its parameters: solved by column-scaled QR in x (in powers of x, the solution in centred x loses too much to cancellation at degree ${degree})`
      : `linear in its parameters: solved by column-scaled QR, but the design has rank ${solved.rank} of ${P}`,
  );
}

const CENTRED_MESSAGE = 'linear in its parameters: solved exactly by column-scaled QR in centred and scaled x, then mapped back to powers of x';

/** Σr² that rounding alone can leave, for responses of this size. */
function roundingFloor(data: Dataset): number {
  return (1e3 * EPSMCH * weightedNorm(data.y, data.w)) ** 2;
}

/**
 * Whether Σr² with the coefficients evaluated in powers of x (rssInX) is the fit's own (rss), up
 * to rounding: within a millionth, or within the rounding of residuals of responses of this size.
 */
function reproduces(rssInX: number, rss: number, data: Dataset): boolean {
  return Math.abs(rssInX - rss) <= 1e-6 * rss + roundingFloor(data);
}

interface LinearSolution {
  params: Float64Array;
  R: Float64Array;
  rank: number;
  passes: number;
}

/**
 * A model linear in its P parameters, by least squares: one Gauss–Newton step from 0 is the
 * solution, and a second one from there (up to maxPasses) an iterative refinement. Each is a pass
 * over the rows that folds the Jacobian into a small triangular factor, solved by column-scaled
 * QR with pivoting. The refinement pays only on an ill-conditioned design: elsewhere it changes
 * no digit.
 */
function solveLinear(kernel: Kernel, P: number, rows: FitRows, maxPasses: number): LinearSolution {
  const params = new Float64Array(P);
  let rank = P;
  let R: Float64Array = new Float64Array(0);
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    const fold = foldJacobian(kernel, params, rows);
    const step = lstsq(fold.R, P, P, fold.qtr.map((v) => -v));
    for (let k = 0; k < P; k++) params[k] = params[k] + step.x[k];
    rank = step.rank;
    R = fold.R;
    // The column-scaled R's diagonal spread estimates the condition number.
    const spread = Math.abs(step.R[0] / step.R[(P - 1) * (P + 1)]);
    if (rank === P && spread < 1e4) break;
  }
  return { params, R, rank, passes };
}

/** ‖w∘y‖ (w null means 1), scaled by the largest term so that no square leaves the range. */
function weightedNorm(y: Float64Array, w: Float64Array | null): number {
  if (!w) return enorm(y);
  let big = 0;
  for (let i = 0; i < y.length; i++) big = Math.max(big, Math.abs(y[i] * w[i]));
  if (!(big > 0) || !Number.isFinite(big)) return big;
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += ((y[i] * w[i]) / big) ** 2;
  return big * Math.sqrt(sum);
}

/** p0 plus one full Gauss–Newton step, if that is finite and lowers the sum of squares; else null. */
function gaussNewtonStart(kernel: Kernel, data: Dataset, p0: Float64Array): Float64Array | null {
  const at0 = foldJacobian(kernel, p0, data);
  if (at0.nonFinite !== null || !Number.isFinite(at0.rss)) return null;
  const step = lstsq(at0.R, p0.length, p0.length, at0.qtr.map((v) => -v));
  const p1 = p0.map((v, k) => v + step.x[k]);
  if (!p1.every(Number.isFinite)) return null;
  const rss1 = kernel.sumSquares(p1, data.cols, data.y, data.w, data.n, null);
  return rss1 < at0.rss ? p1 : null;
}

/** The mean squared (weighted) residual as an objective for the descent methods. */
function meanSquares(kernel: Kernel, cols: Float64Array[], y: Float64Array, w: Float64Array | null, n: number): Objective {
  return {
    dim: kernel.layout.params.length,
    evaluate(p, g) {
      const f = kernel.sumSquares(p, cols, y, w, n, g);
      for (let k = 0; k < g.length; k++) g[k] = g[k] / n;
      return f / n;
    },
  };
}

/** A model that is not finite at the start cannot be fitted from there: say where, and what to do. */
function checkStart(kernel: Kernel, spec: ModelSpec, data: Dataset, p0: Float64Array): void {
  const P = spec.params.length;
  const at = spec.params.map((name, k) => `${name}=${p0[k]}`).join(',');
  // A block of rows at a time: a million-row fit needs no n×p matrix just to check its start.
  const r = new Float64Array(FOLD_BLOCK);
  const J = new Float64Array(FOLD_BLOCK * P);
  for (let start = 0; start < data.n; start += FOLD_BLOCK) {
    const b = rowBlock(data, start, Math.min(data.n, start + FOLD_BLOCK));
    kernel.residuals(p0, b.cols, b.y, b.w, b.n, r, J);
    for (let i = 0; i < b.n; i++) {
      if (!Number.isFinite(r[i])) {
        throw new InputError(
          `the model is not finite at the start (${at}) for data row ${start + i + 1} (${data.names.x} = ${data.x[start + i]}); give other starting values with --start`,
        );
      }
    }
    for (let k = 0; k < P; k++) {
      for (let i = 0; i < b.n; i++) {
        if (!Number.isFinite(J[i + k * b.n])) {
          throw new InputError(
            `the model's derivative with respect to ${spec.params[k]} is not finite at the start (${at}) for data row ${start + i + 1}; give other starting values with --start`,
          );
        }
      }
    }
  }
}

/** The fitted curve: a smooth grid for one-variable models, the fitted rows otherwise. */
function fittedCurve(kernel: Kernel, spec: ModelSpec, data: Dataset, params: Float64Array, bandAt: ((cols: Float64Array[], n: number) => Band) | null): FitCurve {
  const fitted = new Float64Array(data.n);
  kernel.evaluate(params, data.cols, data.n, fitted);
  const base = { x: data.x, y: data.y, fitted, xName: data.names.x, yName: data.names.y };
  if (data.n === 0) return { ...base, curveX: new Float64Array(0), curveY: new Float64Array(0) };
  if (spec.data.length === 1 && spec.data[0] === 'x') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of data.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const k = hi > lo ? 400 : 1;
    const curveX = Float64Array.from({ length: k }, (_, i) => (k === 1 ? lo : lo + ((hi - lo) * i) / (k - 1)));
    const curveY = new Float64Array(k);
    kernel.evaluate(params, [curveX], k, curveY);
    return bandAt ? { ...base, curveX, curveY, band: bandAt([curveX], k) } : { ...base, curveX, curveY };
  }
  const order = Array.from({ length: data.n }, (_, i) => i).sort((a, b) => data.x[a] - data.x[b]);
  const curve = {
    ...base,
    curveX: Float64Array.from(order, (i) => data.x[i]),
    curveY: Float64Array.from(order, (i) => fitted[i]),
  };
  if (!bandAt) return curve;
  const atRows = bandAt(data.cols, data.n);
  const sorted = (v: Float64Array) => Float64Array.from(order, (i) => v[i]);
  return { ...curve, band: { fit: sorted(atRows.fit), lower: sorted(atRows.lower), upper: sorted(atRows.upper) } };
}

/** --bounds and --fix, checked against the model and the start. */
interface Constraints {
  fixed: Map<string, number>;
  /** Bounds over the parameters that are not fixed (spec order), or undefined when none is given. */
  box: Box | undefined;
  /** The bounds as given, by name. */
  bounds: Map<string, readonly [number, number]>;
}

function constraintsOf(spec: ModelSpec, data: Dataset, settings: FitSettings): Constraints {
  const list = spec.params.join(', ');
  const bounds = new Map(settings.bounds ?? []);
  const fixed = new Map(settings.fix ?? []);
  for (const [flag, names] of [['--bounds', bounds.keys()], ['--fix', fixed.keys()]] as const) {
    for (const name of names) {
      if (!spec.params.includes(name)) throw new InputError(`${flag} names '${name}', which is not a parameter of the model (its parameters are: ${list})`);
    }
  }
  for (const [name, [lo, hi]] of bounds) {
    if (!(lo < hi)) throw new InputError(`--bounds gives ${name} the bounds ${lo}:${hi}; the lower bound must be below the upper one`);
  }
  if (fixed.size > 0 && fixed.size === spec.params.length) {
    throw new InputError(`--fix holds every parameter of the model (${list}): nothing is left to fit; leave at least one free`);
  }
  for (const [name, v] of fixed) {
    if (settings.start.has(name)) throw new InputError(`--start gives '${name}', which --fix holds at ${v}; give it in one of them`);
    const b = bounds.get(name);
    if (b && !(v >= b[0] && v <= b[1])) throw new InputError(`--fix holds ${name} at ${v}, outside its --bounds ${b[0]}:${b[1]}`);
  }
  for (const [name, v] of settings.start) {
    const b = bounds.get(name);
    if (b && !(v >= b[0] && v <= b[1])) throw new InputError(`--start gives ${name}=${v}, outside its --bounds ${b[0]}:${b[1]}; start inside the bounds`);
  }
  if (settings.absoluteSigma && !data.w) throw new InputError('--absolute-sigma needs --sigma COL: it says that the sigma column holds absolute standard deviations');
  if (settings.fScale !== undefined && !(settings.fScale > 0 && Number.isFinite(settings.fScale))) throw new InputError(`--f-scale must be a positive number, got ${settings.fScale}`);
  const free = spec.params.filter((name) => !fixed.has(name));
  const box = bounds.size > 0 ? { lo: Float64Array.from(free, (name) => bounds.get(name)?.[0] ?? -Infinity), hi: Float64Array.from(free, (name) => bounds.get(name)?.[1] ?? Infinity) } : undefined;
  return { fixed, box: constrains(box) ? box : undefined, bounds };
}

/** The model with the fixed parameters replaced by their values. */
function fixedSpec(spec: ModelSpec, fixed: ReadonlyMap<string, number>): ModelSpec {
  const substitute = (node: Node): Node => {
    switch (node.kind) {
      case 'num':
        return node;
      case 'ident':
        return fixed.has(node.name) ? { kind: 'num', value: fixed.get(node.name)!, span: node.span } : node;
      case 'unary':
        return { ...node, arg: substitute(node.arg) };
      case 'binary':
        return { ...node, left: substitute(node.left), right: substitute(node.right) };
      case 'call':
        return { ...node, args: node.args.map(substitute) };
      case 'cond':
        return { ...node, test: substitute(node.test), ifTrue: substitute(node.ifTrue), ifFalse: substitute(node.ifFalse) };
    }
  };
  return { ast: substitute(spec.ast), text: spec.text, params: spec.params.filter((name) => !fixed.has(name)), data: spec.data, degree: null };
}

/**
 * A fit with bounds or a robust loss: Levenberg–Marquardt on the box (bounds.ts), on the robust
 * problem's rescaled residuals (loss.ts), from the given start or the search's.
 */
function fitConstrained(
  kernel: Kernel,
  spec: ModelSpec,
  data: Dataset,
  settings: FitSettings,
  box: Box | undefined,
  loss: LossName,
  fScale: number,
  /** The response-scaled rows the statistics are computed on (data itself for lm). */
  stats: { data: Dataset; fScale: number },
): Outcome {
  const P = spec.params.length;
  // A bounded parameter is searched over, never solved as linear (the solve would ignore its bounds).
  const linear = linearParameters(spec.ast, spec.params).filter((k) => !box || (box.lo[k] === -Infinity && box.hi[k] === Infinity));
  const fold = loss === 'linear' ? (p: Float64Array) => foldJacobian(kernel, p, data) : (p: Float64Array) => robustFold(kernel, p, data, loss, fScale);
  const ls: LeastSquares = { m: data.n, n: P, fold, roundingNorm: EPSMCH * weightedNorm(data.y, data.w) };
  let search: SearchReport | undefined;
  let p0: Float64Array;
  if (settings.global || (settings.start.size < P && settings.seed === undefined)) {
    const found = searchStart(
      { kernel, ast: spec.ast, params: spec.params, columns: spec.data, rows: data, given: settings.start, everything: settings.global === true, maxSteps: settings.maxSteps, box },
      linear,
    );
    p0 = found.start;
    search = found.report;
    if (loss === 'linear' && found.run?.converged) return { params: found.run.x, factor: found.run.factor, run: found.run, search, linear };
  } else {
    p0 = startingPoint(spec.params, settings.start, 1, settings.seed);
  }
  if (box) p0 = clip(p0, box);
  checkStart(kernel, spec, data, p0);
  if (settings.method !== 'lm') return descendConstrained(ls, p0, box, settings, kernel, data, loss, linear, stats);
  const res = boundedLevenbergMarquardt(ls, p0, box, optimOptions(settings, undefined));
  const outcome: Outcome = { params: res.x, factor: res.factor, run: res, linear };
  if (search) outcome.search = search;
  if (loss !== 'linear') {
    outcome.cost = res.f;
    outcome.factor = { R: res.factor.R, rss: kernel.sumSquares(res.x, data.cols, data.y, data.w, data.n, null) };
  }
  return outcome;
}

/**
 * A descent method with bounds or a robust loss: it runs on u, p = T(u) (bounds.ts), on the mean of
 * the fold's loss (Σr² or Σ f²·ρ) with its gradient chained through T′(u); the transform keeps
 * every iterate inside the box.
 */
function descendConstrained(
  ls: LeastSquares,
  p0: Float64Array,
  box: Box | undefined,
  settings: FitSettings,
  kernel: Kernel,
  data: Dataset,
  loss: LossName,
  linear: number[],
  stats: { data: Dataset; fScale: number },
): Outcome {
  const P = p0.length;
  const T = new BoxTransform(box ?? { lo: new Float64Array(P).fill(-Infinity), hi: new Float64Array(P).fill(Infinity) }, p0);
  const n = data.n;
  const objective: Objective = {
    dim: P,
    evaluate(u, g) {
      const fold = ls.fold(T.outer(u));
      const gp = gradientOf(fold);
      const d = T.derivative(u);
      for (let k = 0; k < P; k++) g[k] = (gp[k] * d[k]) / n;
      return fold.rss / n;
    },
  };
  const res = descend(settings.method as DescentMethod, objective, T.inner(p0), optimOptions(settings, undefined));
  const params = T.outer(res.x);
  const outcome: Outcome = { params, run: res, linear };
  // (Linear loss: the statistics fold the Jacobian on the scaled rows themselves.)
  if (loss !== 'linear') {
    const at = robustFold(kernel, params, stats.data, loss, stats.fScale);
    outcome.cost = at.rss;
    outcome.factor = { R: at.R, rss: kernel.sumSquares(params, stats.data.cols, stats.data.y, stats.data.w, stats.data.n, null) };
  }
  return outcome;
}

/** The JSON fields and notes of --fix, --bounds, --loss and --absolute-sigma. */
function describeConstraints(
  result: FitResult,
  full: ModelSpec,
  spec: ModelSpec,
  c: Constraints,
  outcome: Outcome,
  settings: FitSettings,
  kernel: Kernel,
  data: Dataset,
  scale: number,
): void {
  if (c.fixed.size > 0) result.fixed = full.params.filter((name) => c.fixed.has(name));
  if (c.bounds.size > 0) {
    const bounds: Record<string, [number | null, number | null]> = Object.create(null);
    for (const name of full.params) {
      const b = c.bounds.get(name);
      if (b) bounds[name] = [Number.isFinite(b[0]) ? b[0] : null, Number.isFinite(b[1]) ? b[1] : null];
    }
    result.bounds = bounds;
    const sides = onBound(outcome.params, c.box);
    const atBound: Record<string, 'lower' | 'upper'> = Object.create(null);
    spec.params.forEach((name, k) => {
      if (sides[k]) atBound[name] = sides[k];
    });
    result.atBound = atBound;
    const names = Object.keys(atBound);
    if (names.length > 0) {
      const notes: Record<string, string> = Object.create(null);
      for (const name of names) {
        notes[name] = `${name} ends on its ${atBound[name]} bound: its standard error is that of an unconstrained fit at the bound, and says nothing of the side the bound cuts off`;
      }
      result.stderrNotes = notes;
    }
  }
  const loss = settings.loss ?? 'linear';
  if (settings.loss !== undefined || settings.fScale !== undefined) {
    result.loss = loss;
    result.fScale = settings.fScale ?? 1;
    result.downWeighted = loss === 'linear' ? 0 : downWeighted(kernel, outcome.params, data, (settings.fScale ?? 1) / scale);
    if (outcome.cost !== undefined) result.cost = (outcome.cost * scale * scale) / 2;
  }
  if (settings.absoluteSigma) result.absoluteSigma = true;
}
