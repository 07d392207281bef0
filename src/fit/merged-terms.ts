/**
 * Two terms of a model merging: a fit of A1·g(x; θ1) + A2·g(x; θ2) can run towards θ1 = θ2 with
 * A1 = −A2 growing without bound, where the pair tends to A·∂g/∂θ, a curve outside the model
 * (two decays with equal rates tend to t·e^(−kt); two peaks at one place, to a peak's
 * derivative). Out along that path the sum of squares keeps falling, the solver stops somewhere
 * with the amplitudes huge, opposite and all but cancelling, and the Jacobian short of full rank.
 * The values are then one point of a path that goes on, not an optimum.
 */
import type { Kernel } from '../expr/index.js';
import type { FitRows } from './jacobian-factor.js';
import { Projector } from './separable.js';
import { norm, termCurves } from './term-curves.js';

/** The two terms' curves agree to this (1 − |cos| of the angle between them)… */
const SAME_SHAPE = 1e-4;
/** …and each is this many times the size of what all the linear terms add up to. */
const CANCELLING = 1e3;

export interface MergedTerms {
  /** The two linear parameters (indices into the parameters). */
  a: number;
  b: number;
  /** How many times the sum of the linear terms each of the two is, at the least. */
  ratio: number;
}

/**
 * The pair of linear parameters (indices `linear`) whose curves have merged at `params`, or null.
 * A curve is the change of the model for a unit change of its parameter, weighted as the fit is
 * (the basis separable.ts's Projector solves the linear parameters on).
 */
export function mergedTerms(kernel: Kernel, rows: FitRows, params: Float64Array, linear: readonly number[]): MergedTerms | null {
  if (linear.length < 2) return null;
  const n = rows.n;
  const terms = termCurves(new Projector(kernel, linear, rows), params, linear);
  if (terms === null) return null;
  const { curves, norms, moving } = terms;
  // What the linear terms add up to.
  const sum = new Float64Array(n);
  linear.forEach((j, k) => {
    for (let i = 0; i < n; i++) sum[i] += params[j] * curves[k][i];
  });
  const total = norm(sum);
  if (!Number.isFinite(total)) return null;
  let found: MergedTerms | null = null;
  for (let p = 0; p < linear.length; p++) {
    for (let q = p + 1; q < linear.length; q++) {
      if (!(norms[p] > 0 && norms[q] > 0) || !(moving[p] || moving[q])) continue;
      const ratio = Math.min(Math.abs(params[linear[p]]) * norms[p], Math.abs(params[linear[q]]) * norms[q]) / total;
      if (!(ratio >= CANCELLING)) continue;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += curves[p][i] * curves[q][i];
      const cos = dot / (norms[p] * norms[q]);
      if (1 - Math.abs(cos) <= SAME_SHAPE && (found === null || ratio > found.ratio)) found = { a: linear[p], b: linear[q], ratio };
    }
  }
  return found;
}
