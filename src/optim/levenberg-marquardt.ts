/**
 * Levenberg–Marquardt: a port of MINPACK's lmder (Moré, "The Levenberg–Marquardt algorithm:
 * implementation and theory", 1978). Trust-region steps from lmpar and qrsolv on the pivoted QR
 * of the Jacobian, scaled by its column norms (mode 1), never the normal equations.
 *
 * Unlike lmder, it never holds the m×n Jacobian: each evaluation is a fold (LeastSquares.fold),
 * Σr² and the n×n triangular factor of [J | r], which a problem computes a block of rows at a
 * time in the same pass as its residuals. The pivoted QR then runs on that small factor: in exact
 * arithmetic its R, Qᵀr and column norms are those of J's own pivoted QR. Every trial point is
 * folded, so an accepted step costs one pass over the data and a rejected one no more.
 */
import { History } from './history.js';
import { applyQt, EPSMCH, enorm, lmpar, qrFactor, upperTriangle, type QrFactors } from '../linalg/index.js';
import { ProblemShapeError } from './errors.js';
import { fmt } from './numeric.js';
import type { LeastSquares, LeastSquaresFold, LeastSquaresResult, Failure, OptimOptions, Remedy, StopReason } from './types.js';

/**
 * ftol: stop when both the actual and predicted relative reductions of Σr² are at most this, or at
 * most the rounding level of a sum of m squares, ε·√m, if that is larger (see rssTolerance).
 */
export const LM_FTOL = 1e-15;
/** xtol: stop when the trust region (relative to the scaled parameters) shrinks below this. */
export const LM_XTOL = 1e-15;
/** gtol (default of opts.tol): stop when the cosine between r and every column of J is at most this. */
export const LM_GTOL = 1e-15;
/** Default cap on iterations (accepted steps; evaluations are counted separately). */
export const LM_MAX_STEPS = 1000;
/** MINPACK's factor: the initial trust radius is 100·‖D·p0‖. */
const FACTOR = 100;
const START_REMEDIES: Remedy[] = [{ kind: 'start', how: 'another' }];

/**
 * Minimise Σr² over the parameters p of a least-squares problem (m >= n), from p0 (not
 * modified), until one of MINPACK's tests passes (converged: true; fit/least-squares.ts then
 * polishes the point and judges whether it is a minimum). Reasons: 'rss-reduction' (ftol), 'step-size' (xtol), 'orthogonality' (gtol),
 * 'exact' (Σr² = 0), 'step-cap', 'nonfinite'. A non-finite trial point counts as a failed step
 * (the trust region shrinks); non-finite residuals or Jacobian at p0, or a non-finite Jacobian at
 * an accepted point, end the run. The result carries r and J at the final p, f = Σr² and
 * grad = 2·Jᵀr. history[k] is Σr² after k accepted steps; onStep reports each accepted step.
 */
export function lmder(ls: LeastSquares, p0: Float64Array, opts: OptimOptions = {}): LeastSquaresResult {
  const { m, n } = ls;
  if (!(Number.isInteger(m) && Number.isInteger(n) && n >= 1 && m >= n)) {
    throw new ProblemShapeError(`levenbergMarquardt needs at least as many residuals as parameters (got ${m} residuals, ${n} parameters): give more data rows or fewer parameters`);
  }
  if (p0.length !== n) {
    throw new ProblemShapeError(`levenbergMarquardt: the problem has ${n} parameters but the starting point has ${p0.length} values; give one start per parameter`);
  }
  const maxSteps = opts.maxSteps ?? LM_MAX_STEPS;
  const gtol = opts.tol ?? LM_GTOL;
  const ftol = rssTolerance(m);
  const maxEvaluations = 10 * maxSteps + 100;

  let x = Float64Array.from(p0);
  let here = ls.fold(x);
  let evaluations = 1;
  let iterations = 0;
  let fnorm = Math.sqrt(here.rss);
  const history = new History();
  history.push(here.rss);

  const result = (reason: StopReason, converged: boolean, message: string, failure: Failure | null = null): LeastSquaresResult => {
    const grad = gradient(here);
    return {
      x,
      f: fnorm * fnorm,
      grad,
      gradNorm: enorm(grad),
      iterations,
      evaluations,
      converged,
      reason,
      message,
      history: history.values,
      historySteps: history.steps,
      failure,
      factor: here,
    };
  };
  const startFailure = nonfiniteAtStart(here);
  if (startFailure) return result('nonfinite', false, startFailure.message, startFailure);

  const diag = new Float64Array(n);
  const step = new Float64Array(n);
  const scaled = new Float64Array(n);
  const sdiag = new Float64Array(n);
  let xt = new Float64Array(n);
  let par = 0;
  let delta = 0;
  let xnorm = 0;
  let first = true;

  for (;;) {
    // Factor J·P = Q·R and form Qᵀr.
    const { qr, qtr } = pivotedFactor(here);
    const { acnorm, ipvt } = qr;
    if (first) {
      first = false;
      for (let j = 0; j < n; j++) diag[j] = acnorm[j] === 0 ? 1 : acnorm[j];
      for (let j = 0; j < n; j++) scaled[j] = diag[j] * x[j];
      xnorm = enorm(scaled);
      delta = FACTOR * xnorm;
      if (delta === 0) delta = FACTOR;
    }
    const qtf = qtr.subarray(0, n);
    const R = upperTriangle(qr, n);

    if (fnorm === 0) return finishConverged('exact', 'the residuals are all zero: an exact fit');
    // The norm of the scaled gradient: the largest cosine between r and a column of J.
    const gnorm = cosine(R, qtf, acnorm, ipvt, fnorm, n);
    if (gnorm <= gtol) return finishConverged('orthogonality', `the residuals are orthogonal to every column of the Jacobian (cosine ${fmt(gnorm)} <= ${fmt(gtol)})`);
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j], acnorm[j]);

    // The inner loop: try steps, shrinking the trust region, until one is accepted.
    for (;;) {
      par = lmpar(n, R, n, ipvt, diag, qtf, delta, par, step, sdiag);
      for (let j = 0; j < n; j++) {
        step[j] = -step[j];
        xt[j] = x[j] + step[j];
        scaled[j] = diag[j] * step[j];
      }
      const pnorm = enorm(scaled);
      if (!Number.isFinite(pnorm)) {
        // A factor that holds a NaN (or a scaling that overflowed) makes every test below false:
        // without this the loop would run to its evaluation cap.
        const failure: Failure = { step: iterations, message: `the Levenberg–Marquardt step is not finite at step ${iterations + 1} (the factor of the Jacobian is not finite)`, remedies: START_REMEDIES };
        return result('nonfinite', false, failure.message, failure);
      }
      if (iterations === 0) delta = Math.min(delta, pnorm);

      const trial = ls.fold(xt);
      evaluations++;
      const fnorm1 = Number.isFinite(trial.rss) ? Math.sqrt(trial.rss) : Infinity;

      // Actual and predicted relative reductions of ‖r‖².
      const actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) ** 2 : -1;
      const jp = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const temp = step[ipvt[j]];
        for (let i = 0; i <= j; i++) jp[i] = jp[i] + R[i + j * n] * temp;
      }
      const temp1 = enorm(jp) / fnorm;
      const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
      const dirder = -(temp1 * temp1 + temp2 * temp2);
      const ratio = prered !== 0 ? actred / prered : 0;

      // Update the trust radius and the Levenberg–Marquardt parameter.
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || temp < 0.1 || !Number.isFinite(temp)) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par = par / temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par = 0.5 * par;
      }

      const accepted = ratio >= 1e-4;
      if (accepted) {
        [x, xt] = [xt, x];
        here = trial;
        for (let j = 0; j < n; j++) scaled[j] = diag[j] * x[j];
        xnorm = enorm(scaled);
        fnorm = fnorm1;
        iterations++;
        history.push(here.rss);
        if (here.nonFinite) {
          const { row, param } = here.nonFinite;
          const failure: Failure = {
            step: iterations,
            message: `the Jacobian is not finite at step ${iterations} (row ${row + 1}, parameter ${(param ?? 0) + 1})`,
            remedies: START_REMEDIES,
          };
          return result('nonfinite', false, failure.message, failure);
        }
        if (opts.onStep) {
          const at = here;
          opts.onStep({ step: iterations, f: here.rss, x, get gradNorm() { return enorm(gradient(at)); } });
        }
      }

      // Tests for convergence.
      const smallReduction = Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
      if (smallReduction) {
        const level = ftol > LM_FTOL ? ` (the rounding level of a sum of ${m} squares)` : '';
        return finishConverged('rss-reduction', `the relative reduction of the sum of squares is at most ${fmt(ftol)}${level}, actual and predicted`);
      }
      if (delta <= LM_XTOL * xnorm) {
        return finishConverged('step-size', `the relative step size fell to ${fmt(delta / Math.max(xnorm, Number.MIN_VALUE))} <= ${fmt(LM_XTOL)}`);
      }
      if (fnorm === 0) return finishConverged('exact', 'the residuals are all zero: an exact fit');
      // Tests for termination.
      if (iterations >= maxSteps || evaluations >= maxEvaluations) {
        const cap = iterations >= maxSteps ? `the cap of ${maxSteps} iterations` : `the cap of ${maxEvaluations} evaluations (for ${maxSteps} iterations)`;
        return result('step-cap', false, `stopped at ${cap} before the convergence tests were met`);
      }
      // (MINPACK's further tests, ftol, xtol or gtol below machine precision, cannot trigger:
      // the tolerances here are all above it.)
      if (accepted) break;
    }
  }

  /** A MINPACK convergence test passed (whether it is a minimum is the caller's to judge: fit/least-squares.ts). */
  function finishConverged(reason: StopReason, message: string): LeastSquaresResult {
    return result(reason, true, message);
  }
}

/**
 * The convergence tolerance on relative reductions of Σr²: LM_FTOL, or the rounding level of a
 * sum of m squares when that is larger. Summing m terms leaves a relative error of order ε·√m
 * (about 2e-13 for a million rows); a reduction smaller than that cannot be told from noise, and
 * chasing it only spends evaluations on steps that rounding accepts or rejects at random. The
 * Gauss–Newton polish of fit/least-squares.ts, judged by the gradient rather than by Σr², finishes the job.
 */
export function rssTolerance(m: number): number {
  return Math.max(LM_FTOL, EPSMCH * Math.sqrt(m));
}

/**
 * J·P = Q·R for the fold's small triangle, by MINPACK's pivoted QR, and Qᵀr: the same R, Qᵀr
 * and column norms as the pivoted QR of J itself (the fold's R is not modified).
 */
export function pivotedFactor(fold: LeastSquaresFold): { qr: QrFactors; qtr: Float64Array } {
  const n = fold.qtr.length;
  const qr = qrFactor(Float64Array.from(fold.R), n, n, true);
  const qtr = Float64Array.from(fold.qtr);
  applyQt(qr, qtr);
  return { qr, qtr };
}

/** MINPACK's gnorm from the factors: max_j |(column j of J)ᵀ·r| / (‖column j‖·‖r‖). */
function cosine(R: Float64Array, qtf: Float64Array, acnorm: Float64Array, ipvt: Int32Array, fnorm: number, n: number): number {
  let gnorm = 0;
  for (let j = 0; j < n; j++) {
    const l = ipvt[j];
    if (acnorm[l] === 0) continue;
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += R[i + j * n] * (qtf[i] / fnorm);
    gnorm = Math.max(gnorm, Math.abs(sum / acnorm[l]));
  }
  return gnorm;
}

/** ∇(Σr²) = 2·Jᵀr = 2·Rᵀ·Qᵀr. */
export function gradient(fold: LeastSquaresFold): Float64Array {
  const { R, qtr } = fold;
  const n = qtr.length;
  const g = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i <= k; i++) s += R[i + k * n] * qtr[i];
    g[k] = 2 * s;
  }
  return g;
}

function nonfiniteAtStart(fold: LeastSquaresFold): Failure | null {
  const bad = fold.nonFinite;
  if (bad === null) {
    return Number.isFinite(fold.rss) ? null : { step: 0, message: 'the sum of squared residuals overflows at the start', remedies: START_REMEDIES };
  }
  if (bad.param === null) return { step: 0, message: `the residual of row ${bad.row + 1} is ${bad.value} at the start`, remedies: START_REMEDIES };
  return { step: 0, message: `the Jacobian is not finite at the start (row ${bad.row + 1}, parameter ${bad.param + 1})`, remedies: START_REMEDIES };
}
