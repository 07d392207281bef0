/**
 * The curves of a model's linear terms, as the verdicts on terms read them: for each linear
 * parameter, the model's change for a unit change of it, weighted as the fit is (the basis
 * separable.ts's Projector solves the linear parameters on), and whether a nonlinear parameter
 * moves it. A curve no nonlinear parameter moves (1, x, x² of a polynomial part) is fixed by the
 * data alone: no search put it where it is.
 */
import type { Projector } from './separable.js';

export interface TermCurves {
  curves: Float64Array[];
  norms: number[];
  /** Per curve: whether the nonlinear parameters move it. */
  moving: boolean[];
}

/** The nonlinear parameters nudged: by a thousandth of themselves and a thousandth. */
function nudge(params: Float64Array, which: (k: number) => boolean): Float64Array {
  return Float64Array.from(params, (v, k) => (which(k) ? v * (1 + 1e-3) + 1e-3 : v));
}

/** Which of `curves` change (beyond rounding) when the parameters `which` are nudged. */
function movedBy(projector: Projector, params: Float64Array, curves: Float64Array[], norms: number[], which: (k: number) => boolean): boolean[] {
  const moved = projector.basis(nudge(params, which));
  return curves.map((c, k) => {
    if (moved === null) return true;
    let change = 0;
    for (let i = 0; i < c.length; i++) change = Math.max(change, Math.abs(moved[k][i] - c[i]));
    return change > 1e-9 * (norms[k] / Math.sqrt(Math.max(1, c.length)));
  });
}

/** The curves at `params` of the linear parameters `linear` (indices), or null where the model is not finite. */
export function termCurves(projector: Projector, params: Float64Array, linear: readonly number[]): TermCurves | null {
  const curves = projector.basis(params);
  if (curves === null) return null;
  const norms = curves.map(norm);
  if (norms.some((v) => !Number.isFinite(v))) return null;
  const isLinear = new Set(linear);
  return { curves, norms, moving: movedBy(projector, params, curves, norms, (k) => !isLinear.has(k)) };
}

/** For the nonlinear parameter k: which curves it moves. */
export function curvesMovedBy(projector: Projector, params: Float64Array, terms: TermCurves, k: number): boolean[] {
  return movedBy(projector, params, terms.curves, terms.norms, (j) => j === k);
}

export function norm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}
