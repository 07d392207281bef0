/**
 * Fits with bounds or a robust loss: Levenberg–Marquardt on the box (bounds.ts), on the robust
 * problem's rescaled residuals (loss.ts), or a descent method through the box transform.
 */
import { EPSMCH } from '../linalg/index.js';
import { descend, type DescentMethod, type LeastSquares, type Objective } from '../optim/index.js';
import type { Kernel } from '../expr/index.js';
import { startingPoint } from '../optim/random.js';
import type { Dataset } from './dataset.js';
import type { ModelSpec } from './model.js';
import { foldJacobian, sumOfSquares } from './jacobian-factor.js';
import { boundedLevenbergMarquardt, BoxTransform, clip, gradientOf, type Box } from './bounds.js';
import { robustFold, type LossName } from './loss.js';
import { optimOptions, type SolveOutcome } from './outcome.js';
import { weightedNorm } from './response-scale.js';
import { searchStart, type SearchReport } from './search.js';
import { checkStart } from './solve-iterative.js';
import type { FitSettings } from './settings.js';

/**
 * A fit with bounds or a robust loss: Levenberg–Marquardt on the box (bounds.ts), on the robust
 * problem's rescaled residuals (loss.ts), from the given start or the search's.
 */
export function solveConstrained(
  kernel: Kernel,
  spec: ModelSpec,
  data: Dataset,
  settings: FitSettings,
  box: Box | undefined,
  loss: LossName,
  fScale: number,
  /** The response-scaled rows the statistics are computed on (data itself for lm). */
  stats: { data: Dataset; fScale: number },
): SolveOutcome {
  const P = spec.params.length;
  // A bounded parameter is searched over, never solved as linear (the solve would ignore its bounds).
  const linear = spec.linear.filter((k) => !box || (box.lo[k] === -Infinity && box.hi[k] === Infinity));
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
    if (loss === 'linear' && found.run?.converged) return { params: found.run.x, factor: found.run.factor, run: found.run, search };
  } else {
    p0 = startingPoint(spec.params, settings.start, 1, settings.seed);
  }
  if (box) p0 = clip(p0, box);
  checkStart(kernel, spec, data, p0, null, search !== undefined);
  if (settings.method !== 'lm') return descendConstrained(ls, p0, box, settings, kernel, data, loss, stats);
  const res = boundedLevenbergMarquardt(ls, p0, box, optimOptions(settings, undefined));
  const outcome: SolveOutcome = { params: res.x, factor: res.factor, run: res };
  if (search) outcome.search = search;
  if (loss !== 'linear') {
    outcome.cost = res.f;
    outcome.factor = { R: res.factor.R, rss: sumOfSquares(kernel, res.x, data) };
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
  stats: { data: Dataset; fScale: number },
): SolveOutcome {
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
  const outcome: SolveOutcome = { params, run: res };
  // (Linear loss: the statistics fold the Jacobian on the scaled rows themselves.)
  if (loss !== 'linear') {
    const at = robustFold(kernel, params, stats.data, loss, stats.fScale);
    outcome.cost = at.rss;
    outcome.factor = { R: at.R, rss: sumOfSquares(kernel, params, stats.data) };
  }
  return outcome;
}
