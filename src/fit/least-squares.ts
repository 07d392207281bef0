/**
 * Levenberg–Marquardt as the fits use it: MINPACK's lmder (optim/levenberg-marquardt.ts), then
 * the policy around it, in one place: a Gauss–Newton polish of the point lmder stopped at, and
 * the verdict — a stop by MINPACK's ftol or xtol is a convergence only at a stationary point of
 * Σr², or at one rounding cannot tell from it.
 */
import { enorm, EPSMCH, lmpar, upperTriangle } from '../linalg/index.js';
import { gradient, lmder, LM_MAX_STEPS, pivotedFactor } from '../optim/index.js';
import type { LeastSquares, LeastSquaresFold, LeastSquaresResult, OptimOptions } from '../optim/index.js';
import { fmt } from '../optim/numeric.js';

/**
 * The largest cosine between the residual vector and a column of J at a minimum. At a true
 * least-squares solution it is rounding noise (below 1e-9 on the NIST problems); a stop at a
 * domain edge or on a run that never moved shows a large cosine.
 */
export const LM_STATIONARY_COSINE = 1e-5;

/**
 * How far above roundingNorm/‖r‖ a cosine may be and still count as rounding: residuals carry
 * errors of a few ε times the model's terms, which can exceed ‖y‖ a little.
 */
const ROUNDING_COSINE_FACTOR = 10;

/** At most this many Gauss–Newton polishing steps after lmder's convergence. */
const POLISH_STEPS = 10;

/** Minimise Σr² from p0: lmder, polished, and judged. */
export function levenbergMarquardt(ls: LeastSquares, p0: Float64Array, opts: OptimOptions = {}): LeastSquaresResult {
  return judgeStationary(ls, lmder(ls, p0, opts), opts);
}

/**
 * lmder's convergence, judged. A stop by the gradient test (orthogonality) or at zero residuals
 * stands. Otherwise the point is polished, and it is a minimum only where the gradient is small;
 * a run that took no step converged only if it started at one.
 */
function judgeStationary(ls: LeastSquares, res: LeastSquaresResult, opts: OptimOptions): LeastSquaresResult {
  if (!res.converged || res.reason === 'exact' || res.reason === 'orthogonality') return res;
  // A start at the solution (a --start copied from an earlier result) may take no LM step at
  // all: rounding hides every reduction. The polish, judged by the gradient, runs then too.
  const run = polish(ls, res, opts);
  let message = res.message;
  if (run.kept > 0) message += ` (then ${run.kept} Gauss–Newton polishing step${run.kept > 1 ? 's' : ''})`;
  const at = run.result;
  const done = (reason: LeastSquaresResult['reason'], converged: boolean, text: string): LeastSquaresResult => ({ ...at, reason, converged, message: text });
  const fnorm = Math.sqrt(at.factor.rss);
  if (fnorm === 0) return done('exact', true, `the residuals are all zero: an exact fit (${message})`);
  const cos = stationarityCosine(at.factor);
  // Residuals that are partly rounding noise make a cosine of up to about roundingNorm/‖r‖.
  const noise = (ROUNDING_COSINE_FACTOR * (ls.roundingNorm ?? 0)) / fnorm;
  if (cos > LM_STATIONARY_COSINE && cos <= noise) {
    return done(res.reason, true, `${message}; the residuals are near the rounding level of the data (‖r‖ = ${fmt(fnorm)}), so a cosine of ${fmt(cos)} is rounding`);
  }
  if (cos <= LM_STATIONARY_COSINE) return done(res.reason, true, at.iterations === 0 ? `the start is a stationary point of the sum of squares (cosine ${fmt(cos)}): ${message}` : message);
  if (at.iterations === 0) return done('no-progress', false, `no step from the start reduced the sum of squares, and the start is not a minimum (cosine ${fmt(cos)})`);
  return done(res.reason, false, `${message}, but the gradient is not small (cosine ${fmt(cos)} between the residuals and a column of the Jacobian): not a minimum`);
}

/**
 * Polish a converged point with Gauss–Newton steps. When the residuals are tiny next to the
 * data, or there are very many of them, rounding hides the last reductions of Σr² from
 * lmder's tests (it stops at 6 to 7 digits on Lanczos3, as MINPACK itself does); the cosine
 * between r and the columns of J is still computed accurately. A step is kept only if it
 * halves that cosine without raising Σr² by more than rounding (1e-10 relative).
 */
function polish(ls: LeastSquares, res: LeastSquaresResult, opts: OptimOptions): { result: LeastSquaresResult; kept: number } {
  const n = ls.n;
  const maxSteps = opts.maxSteps ?? LM_MAX_STEPS;
  let x = Float64Array.from(res.x);
  let here = res.factor;
  let { iterations, evaluations } = res;
  const history = [...res.history];
  const steps = res.historySteps ? [...res.historySteps] : history.map((_, k) => k);
  let kept = 0;
  let cos = stationarityCosine(here);
  const unit = new Float64Array(n).fill(1);
  const step = new Float64Array(n);
  const sdiag = new Float64Array(n);
  for (let k = 0; k < POLISH_STEPS && cos > 0 && iterations < maxSteps; k++) {
    const { qr, qtr } = pivotedFactor(here);
    lmpar(n, upperTriangle(qr, n), n, qr.ipvt, unit, qtr.subarray(0, n), Infinity, 0, step, sdiag);
    const xt = x.map((v, j) => v - step[j]);
    // A step below half an ulp of every parameter leaves the point where it is: nothing to try.
    if (xt.every((v, j) => v === x[j])) break;
    if (withinRounding(step, x, ls, here.rss)) break;
    const trial = ls.fold(xt);
    evaluations++;
    if (trial.nonFinite || !Number.isFinite(trial.rss)) break;
    const cos1 = stationarityCosine(trial);
    if (!(cos1 < cos && trial.rss <= here.rss * (1 + 1e-10))) break;
    x = xt;
    here = trial;
    cos = cos1;
    iterations++;
    kept++;
    history.push(here.rss);
    steps.push(iterations);
    opts.onStep?.({ step: iterations, f: here.rss, x, gradNorm: enorm(gradient(here)) });
  }
  if (kept === 0) return { result: { ...res, evaluations }, kept };
  const grad = gradient(here);
  return {
    result: { ...res, x, f: Math.sqrt(here.rss) ** 2, grad, gradNorm: enorm(grad), iterations, evaluations, history, historySteps: steps, factor: here },
    kept,
  };
}

/**
 * Whether a polishing step (to be subtracted from x) is the rounding of the fold it came from
 * rather than a way down: where the residuals are well above the rounding level of the data
 * (noise, not an exact fit), a step no larger than the rounding of sums over m rows (relative
 * ε·√m in every parameter, the level of lmder's test of Σr²). Such a step is not tried: on a
 * million rows that is a pass over them saved. An exact fit is polished to the last bit.
 */
export function withinRounding(step: Float64Array, x: Float64Array, ls: Pick<LeastSquares, 'm' | 'roundingNorm'>, rss: number): boolean {
  const roundingNorm = ls.roundingNorm ?? 0;
  if (!(roundingNorm > 0 && Math.sqrt(rss) > ROUNDING_COSINE_FACTOR * roundingNorm)) return false;
  const level = EPSMCH * Math.sqrt(ls.m);
  return step.every((d, j) => Math.abs(d) <= level * Math.abs(x[j]));
}

/**
 * The same cosine from the fold: max_k |(Jᵀr)_k| / (‖column k of J‖·‖r‖), with Jᵀr = Rᵀ·Qᵀr and
 * the column norms of R, which are J's. 0 when r = 0.
 */
export function stationarityCosine(fold: LeastSquaresFold): number {
  const rn = Math.sqrt(fold.rss);
  if (rn === 0) return 0;
  const n = fold.qtr.length;
  const g = gradient(fold);
  let worst = 0;
  for (let k = 0; k < n; k++) {
    const cn = enorm(fold.R, k * n, k * n + k + 1);
    if (cn === 0) continue;
    worst = Math.max(worst, Math.abs(g[k] / 2) / (cn * rn));
  }
  return worst;
}

