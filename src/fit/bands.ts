/**
 * Confidence and prediction bands on the fitted curve by the delta method, from the exact
 * Jacobian: at a point with gradient g = ∂f/∂β, se_fit² = gᵀ·C·g (C the parameters' covariance),
 * the confidence band is f ± t·se_fit and the prediction band f ± t·√(se_fit² + s²), t =
 * qt((1+level)/2, dof) (R's predict.lm; predict.nls has no bands, this is the same formula).
 */
import type { Kernel } from '../expr/index.js';
import { quadraticForm, studentQuantile } from './intervals.js';

export type BandKind = 'confidence' | 'prediction';

export interface Band {
  fit: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export interface BandSettings {
  cov: readonly (readonly number[])[];
  dof: number;
  /** s²: the residual variance (RSS/dof); a new observation's variance for prediction bands. */
  s2: number;
  level: number;
  kind: BandKind;
}

/** The band at n points given as the kernel's data columns. */
export function band(kernel: Kernel, params: Float64Array, cols: Float64Array[], n: number, s: BandSettings): Band {
  const P = params.length;
  const fit = new Float64Array(n);
  const J = new Float64Array(n * P);
  // With y = 0 and no weights, the residuals are f itself and their derivatives ∂f/∂β.
  kernel.residuals(params, cols, new Float64Array(n), null, n, fit, J);
  const t = studentQuantile((1 + s.level) / 2, s.dof);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const g = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < P; k++) g[k] = J[i + k * n];
    const v = quadraticForm(g, s.cov) + (s.kind === 'prediction' ? s.s2 : 0);
    const half = t * Math.sqrt(Math.max(0, v));
    lower[i] = fit[i] - half;
    upper[i] = fit[i] + half;
  }
  return { fit, lower, upper };
}
