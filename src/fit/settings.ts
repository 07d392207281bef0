/** How a fit is asked to run: the method and the options every solver reads. */
import type { RunSettings } from '../optim/index.js';
import type { LossName } from './loss.js';

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
