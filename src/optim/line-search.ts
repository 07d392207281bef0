/**
 * A line search along a descent direction for L-BFGS: Moré–Thuente for the strong Wolfe
 * conditions, made safe for real objectives.
 * - Near a minimum, f changes by less than its rounding error and the sufficient-decrease test
 *   becomes a coin toss, while the derivative is still accurate. There a step is also accepted
 *   on Hager and Zhang's approximate Wolfe conditions (CG_DESCENT, 2005): f(x + αd) within
 *   rounding of f(x) and  σ·φ'(0) <= φ'(α) <= (2δ − 1)·φ'(0), δ = 0.1, σ = 0.9.
 * - A trial step where f or ∇f is not finite (outside the function's domain, or overflowing) is
 *   not fed to the search: the step is halved back toward the best point and the search's upper
 *   limit lowered.
 * - A value below −1e100 ends the search at once: the objective is unbounded below.
 */
import { UNBOUNDED_BELOW } from './guards.js';
import { MoreThuente } from './more-thuente.js';
import { allFinite, dot } from './numeric.js';
import type { Objective } from './types.js';

/** Wolfe constants and limits: c1 = 1e-4, c2 = 0.9 (the usual quasi-Newton choice). */
export const WOLFE = { ftol: 1e-4, gtol: 0.9, xtol: 1e-14 } as const;
/** Hager–Zhang's δ: the approximate Wolfe conditions ask φ'(α) <= (2δ − 1)·φ'(0). */
const APPROX_DELTA = 0.1;
/** f values within this relative distance of f(x) count as equal up to rounding. */
export const F_ROUNDING = 1e-10;
/** Evaluations allowed per line search. */
export const MAX_LINE_EVALUATIONS = 40;
/** The longest step, in units of |d|∞: beyond it, a still-decreasing f is taken as unbounded. */
export const MAX_STEP_LENGTH = 1e100;

export interface LineSearchResult {
  /**
   * ok: an acceptable step (strong Wolfe, or the lowest point found when the search could not
   * do better but did decrease f); fail: no point lower than f(x) was found; unbounded: f fell
   * below −1e100; nonfinite: no finite trial point at all.
   */
  status: 'ok' | 'fail' | 'unbounded' | 'nonfinite';
  /** The step taken (0 when nothing was accepted). */
  stp: number;
  /** x + stp·d, f and ∇f there (for 'unbounded': the point found). */
  x: Float64Array;
  f: number;
  g: Float64Array;
  evaluations: number;
}

/**
 * Search along d from x (f0 = f(x), g0 = ∇f(x), g0ᵀd < 0), starting with step `stp0`.
 */
export function lineSearch(
  objective: Objective,
  x0: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  stp0: number,
): LineSearchResult {
  const n = x0.length;
  const dg0 = dot(g0, d);
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(d[i]));
  const stpmax = MAX_STEP_LENGTH / Math.max(dmax, Number.MIN_VALUE);
  const search = new MoreThuente(f0, dg0, stp0, { ...WOLFE, stpmin: 0, stpmax });
  const noise = F_ROUNDING * Math.max(1, Math.abs(f0));

  const x = new Float64Array(n);
  const g = new Float64Array(n);
  let best: { stp: number; f: number; x: Float64Array; g: Float64Array } | null = null;
  let lastFinite = 0;
  let evaluations = 0;
  const result = (status: LineSearchResult['status'], stp: number, xr: Float64Array, f: number, gr: Float64Array): LineSearchResult => ({
    status,
    stp,
    x: xr,
    f,
    g: gr,
    evaluations,
  });
  const settle = (): LineSearchResult =>
    best !== null && best.f < f0 ? result('ok', best.stp, best.x, best.f, best.g) : result(lastFinite > 0 ? 'fail' : 'nonfinite', 0, x0, f0, g0);

  while (evaluations < MAX_LINE_EVALUATIONS) {
    const stp = search.stp;
    for (let i = 0; i < n; i++) x[i] = x0[i] + stp * d[i];
    const f = objective.evaluate(x, g);
    evaluations++;
    if (f < UNBOUNDED_BELOW) return result('unbounded', stp, x.slice(), f, g.slice());
    if (!Number.isFinite(f) || !allFinite(g)) {
      // Outside the domain: retreat halfway toward the best point, and never come back here.
      const toward = search.best;
      const retreat = toward + 0.5 * (stp - toward);
      if (retreat === stp || retreat === toward) break;
      search.stpmax = Math.min(search.stpmax, retreat);
      search.stp = retreat;
      continue;
    }
    lastFinite++;
    if (best === null || f < best.f) best = { stp, f, x: x.slice(), g: g.slice() };
    const dg = dot(g, d);
    if (f <= f0 + noise && dg >= WOLFE.gtol * dg0 && dg <= (2 * APPROX_DELTA - 1) * dg0) {
      return result('ok', stp, x.slice(), f, g.slice());
    }
    const task = search.next(f, dg);
    if (task === 'converged') return result('ok', stp, x.slice(), f, g.slice());
    // Still decreasing at a step of length 1e100: there is no bottom along this line.
    if (task === 'stpmax' && stp === stpmax) return result('unbounded', stp, x.slice(), f, g.slice());
    if (task !== 'fg') return settle();
  }
  return settle();
}
