/** The descent methods by name, as the use cases offer them, with the settings a run takes. */
import { adam } from './adam.js';
import { gd } from './gd.js';
import { lbfgs } from './lbfgs.js';
import { momentum } from './momentum.js';
import { notMinimumIsFailure } from './not-minimum.js';
import type { Objective, OptimOptions, OptimResult, StepInfo } from './types.js';

export const DESCENT_METHODS = { lbfgs, gd, momentum, adam } as const;
export type DescentMethod = keyof typeof DESCENT_METHODS;

/** What a user sets for one run: where to start (by name) and the optimiser's options. */
export interface RunSettings {
  /** --start values by name; names not given start at the use case's default. */
  start: ReadonlyMap<string, number>;
  /** With a seed, names not in `start` start from seeded standard normal draws. */
  seed?: number;
  lr?: number;
  maxSteps?: number;
  tol?: number;
  onStep?: (s: StepInfo) => void;
}

/** Run a descent method; a stop on a stationary point that is not a minimum is a failure. */
export function descend(method: DescentMethod, objective: Objective, x0: Float64Array, opts: OptimOptions): OptimResult {
  return notMinimumIsFailure(DESCENT_METHODS[method](objective, x0, opts));
}
