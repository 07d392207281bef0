/**
 * The fit use case, top-down: the model was classified when it was read (model.ts); here its
 * constraints are checked, it is solved by the solver for its kind and method (solve.ts), the
 * solution is judged (judge.ts), and its statistics and uncertainties computed (stats.ts,
 * intervals.ts). Returns a plain FitResult (the JSON shape of docs/CLI.md) and the curve to
 * draw; deciding exit codes and printing is the CLI's job.
 */
import { compileKernel, type Kernel } from '../expr/index.js';
import { InputError, option } from '../errors.js';
import type { Dataset, LoadedFit } from './dataset.js';
import { foldJacobian } from './jacobian-factor.js';
import { checkRepresentable } from './representable.js';
import type { FitResult } from './result.js';
import { judge } from './judge.js';
import { fitStatistics } from './stats.js';
import { constrains } from './bounds.js';
import { addInformationCriteria, waldIntervals } from './intervals.js';
import { profileIntervals } from './profile.js';
import { band } from './bands.js';
import { constraintsOf, describeConstraints, fixedSpec, fullCovariance, type Constraints } from './constraints.js';
import { fittedCurve, type FitCurve } from './curve.js';
import { checkWeightsHonoured, responseScale, scaledWeights } from './response-scale.js';
import type { FitSettings } from './settings.js';
import { solve, type Constrained } from './solve.js';
import type { LossName } from './loss.js';
import type { ModelSpec } from './model.js';
import type { SolveOutcome } from './outcome.js';

export { FIT_METHODS, type FitMethod, type FitSettings } from './settings.js';
export type { FitCurve } from './curve.js';
export { responseScale } from './response-scale.js';

export interface FitRun {
  result: FitResult;
  /** The data and fitted curve, computed on demand (only charts and pictures need it). */
  curve(): FitCurve;
  /** The parameters' covariance by rows (null when not every entry is known): for --save and bands. */
  covariance: number[][] | null;
}

export function fitDataset(loaded: LoadedFit, settings: FitSettings): FitRun {
  const problem = prepare(loaded, settings);
  const outcome = solve(problem.kernel, problem.spec, problem.solveOn, settings, problem.constrained);
  const { result, factor, covariance } = describe(problem, outcome, settings);
  const verdict = judge(result, {
    searchBest: searchBest(problem, outcome),
    startGiven: !outcome.search && (problem.spec.kind !== 'polynomial' || problem.constrained !== null) && outcome.method === undefined,
    kernel: problem.kernel,
    data: problem.data,
    names: problem.spec.params,
    params: outcome.params,
    // Only a nonlinear parameter can run off; linear ones scale with y.
    canRunOff: problem.spec.params.filter((_, k) => !problem.spec.linear.includes(k)),
    linear: problem.constrained === null ? problem.spec.linear : null,
  });
  result.failure = verdict.failure;
  result.warnings = verdict.warnings;
  addIntervals(result, problem, outcome, factor.rss, settings);
  const { kernel, spec, data, full, constraint } = problem;
  const level = result.level ?? 0.95;
  const dof = result.stats.dof;
  const bandOf = covariance && dof > 0 ? { cov: covariance, dof, s2: result.stats.chi2red ?? 0, level, kind: 'confidence' as const } : null;
  return {
    result,
    // Over every parameter, as the saved model lists them: a fixed one has no variance.
    covariance: covariance && constraint.fixed.size > 0 ? fullCovariance(covariance, full.params, spec.params) : covariance,
    curve: () => ({ ...fittedCurve(kernel, spec, data, outcome.params, bandOf ? (cols, n) => band(kernel, outcome.params, cols, n, bandOf) : null), ...(bandOf ? { bandLevel: level } : {}) }),
  };
}

/** The problem as solved: the model with its fixed parameters held, its kernel, and the rows at the scale they are solved on. */
interface Problem {
  /** The model as given, and as fitted (without the fixed parameters). */
  full: ModelSpec;
  spec: ModelSpec;
  constraint: Constraints;
  kernel: Kernel;
  data: Dataset;
  /** The rows with the response scale in their weights, and that exact power of two. */
  scaled: Dataset;
  scale: number;
  /** The rows the solver runs on: the scaled ones for Levenberg–Marquardt and the exact solves. */
  solveOn: Dataset;
  loss: LossName;
  /** Bounds or a robust loss, or null. */
  constrained: Constrained | null;
}

function prepare(loaded: LoadedFit, settings: FitSettings): Problem {
  const { data } = loaded;
  const full = loaded.spec;
  for (const name of settings.start.keys()) {
    if (!full.params.includes(name)) {
      throw new InputError(`${option('start')} names '${name}', which is not a parameter of the model (its parameters are: ${full.params.join(', ')})`);
    }
  }
  const constraint = constraintsOf(full, data, settings);
  // A fixed parameter becomes a constant of the model: every path below fits the others only.
  const spec = constraint.fixed.size > 0 ? fixedSpec(full, constraint.fixed) : full;
  const P = spec.params.length;
  if (data.n < P) {
    const what = spec.kind === 'polynomial' ? `degree ${spec.degree} needs at least ${P} data rows` : `the model has ${P} parameters, so it needs at least ${P} data rows`;
    throw new InputError(`${what}, but ${data.source} has ${data.n}`);
  }
  const kernel = compileKernel(spec.ast, { params: spec.params, columns: spec.data });
  // Responses of astronomical (or minute) size are brought to order one by an exact power-of-two
  // weight for Levenberg–Marquardt and the exact solves, so that no sum of squares overflows; the
  // solution and its standard errors do not change, and the sums of squares are scaled back.
  const scale = responseScale(data.y, data.w);
  const scaled: Dataset = scale === 1 ? data : { ...data, w: scaledWeights(data, scale) };
  // The descent methods run on the data as given: weights shrunk by the scale would shrink their
  // gradient too, and they would stop at once, "converged", wherever they started.
  const solveOn = settings.method === 'lm' ? scaled : data;
  const loss = settings.loss ?? 'linear';
  const fScale = settings.fScale ?? 1;
  const constrained =
    constrains(constraint.box) || loss !== 'linear'
      ? { box: constraint.box, loss, fScale: fScale / (solveOn === scaled ? scale : 1), stats: { data: scaled, fScale: fScale / scale } }
      : null;
  return { full, spec, constraint, kernel, data, scaled, scale, solveOn, loss, constrained };
}

/**
 * The result before it is judged: the parameters (fixed ones in their place), the statistics and
 * standard errors at the solution, and how the run went.
 */
function describe(problem: Problem, outcome: SolveOutcome, settings: FitSettings): { result: FitResult; factor: { rss: number }; covariance: number[][] | null } {
  const { full, spec, constraint, kernel, data, scaled, scale } = problem;
  const P = spec.params.length;
  // Levenberg–Marquardt ends with the factor at its solution, and a linear model's Jacobian does
  // not depend on the parameters; the descent methods need one more pass.
  const factor = outcome.factor ?? foldJacobian(kernel, outcome.params, scaled);
  if (!outcome.run.failure) checkRepresentable(spec, kernel, data, outcome.params, factor.rss);
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
  let history = outcome.run.history;
  if (scale !== 1) {
    const s2 = scale * scale;
    uncertainty.stats.rss *= s2;
    uncertainty.stats.rmse *= scale;
    if (uncertainty.stats.chi2red !== null) uncertainty.stats.chi2red *= s2;
    if (problem.solveOn === scaled) history = history.map((f) => f * s2);
  }
  const { covariance, ...shown } = uncertainty;
  // R's logLik/AIC/BIC for nls and lm with normal errors; with --sigma its weights are 1/σ² (Σ log W = 2·Σ log w).
  let sumLogW = 0;
  if (data.w) for (const w of data.w) sumLogW += 2 * Math.log(w);
  addInformationCriteria(shown.stats, data.n, shown.rank?.rank ?? P, sumLogW, scale === 1 ? null : { rss: factor.rss, scale });
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
    history,
    checks: [],
    failure: outcome.run.failure,
    warnings: [],
  };
  if (outcome.search) result.search = outcome.search;
  describeConstraints(result, full, spec, constraint, outcome, settings, kernel, scaled, scale);
  return { result, factor, covariance };
}

/** The lowest Σr² the search saw over all the rows, at the data's scale (the judge fails a fit above it). */
function searchBest(problem: Problem, outcome: SolveOutcome): number | null {
  const searched = outcome.search;
  if (!searched || searched.bestRss === null || searched.rows !== problem.data.n || problem.loss !== 'linear') return null;
  return searched.bestRss * problem.scale * problem.scale;
}

/** Confidence intervals at --level: Wald (value ± t·stderr) or by profiling Σr². */
function addIntervals(result: FitResult, problem: Problem, outcome: SolveOutcome, rss: number, settings: FitSettings): void {
  const level = settings.level ?? 0.95;
  const dof = result.stats.dof;
  result.level = level;
  result.intervalMethod = settings.intervals ?? 'wald';
  // A model linear in its parameters has a quadratic S(β): its profile intervals are the Wald ones.
  result.intervals =
    settings.intervals === 'profile' && outcome.method !== 'linear' && !result.failure && dof > 0
      ? profileIntervals({ kernel: problem.kernel, data: problem.scaled, params: outcome.params, names: problem.spec.params, rss, dof, stderr: result.stderr }, level)
      : waldIntervals(result.params, result.stderr, dof, level);
}
