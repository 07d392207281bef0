/** The optimisers: objectives in, results out. See types.ts for the shared vocabulary. */
export { adam, ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, ADAM_LR } from './adam.js';
export { DESCENT_MAX_STEPS, DESCENT_TOL } from './descent.js';
export { ProblemShapeError } from './errors.js';
export { gd, GD_LR } from './gd.js';
export { UNBOUNDED_BELOW } from './guards.js';
export { lbfgs, LBFGS_MAX_RESTARTS, LBFGS_MAX_STEPS, LBFGS_MEMORY, LBFGS_RELATIVE_TOL, LBFGS_STALL_TOL } from './lbfgs.js';
export { gradient, lmder, LM_FTOL, LM_GTOL, LM_MAX_STEPS, LM_XTOL, pivotedFactor, rssTolerance } from './levenberg-marquardt.js';
export { momentum, MOMENTUM, MOMENTUM_LR } from './momentum.js';
export { relativeGradient } from './numeric.js';
export type {
  LeastSquares,
  LeastSquaresFold,
  LeastSquaresResult,
  Objective,
  Failure,
  Remedy,
  OptimOptions,
  OptimResult,
  StepInfo,
  StopReason,
} from './types.js';
export { notMinimumIsFailure } from './not-minimum.js';
export { DESCENT_METHODS, descend, type DescentMethod, type RunSettings } from './descend.js';
