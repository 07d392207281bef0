/**
 * The optimisers' shared vocabulary. Objectives are plain callbacks: this layer knows nothing of
 * expressions, data or output.
 */

/** A smooth function of `dim` variables. `evaluate` returns f(x) and writes ∇f(x) into g. */
export interface Objective {
  dim: number;
  evaluate(x: Float64Array, g: Float64Array): number;
}

/**
 * A least-squares problem: m residuals r(p) in n parameters. Levenberg–Marquardt never sees the
 * m×n Jacobian J = ∂r/∂p, only its triangular factor: `fold` returns, at p, Σr² and the R and
 * Qᵀr of J = Q·R, which a problem over a million rows can compute a block of rows at a time
 * (the tests adapt small problems given as r and J with test/optim/dense-least-squares.ts).
 */
export interface LeastSquares {
  m: number;
  n: number;
  fold(p: Float64Array): LeastSquaresFold;
  /**
   * The size of ‖r‖ that rounding alone leaves in computing the residuals, about ε·‖y‖ for
   * r = f − y (optional). Where ‖r‖ itself is not far above it (an exact fit of data given to
   * 13 digits), the residuals are partly rounding noise, and so is their angle with J's columns.
   */
  roundingNorm?: number;
}

/** A least-squares problem at one point, as the triangular factor of [J | r]. */
export interface LeastSquaresFold {
  /** Σ r_i²: not finite when some residual is not (or the sum overflows). */
  rss: number;
  /** The n×n upper triangular R of J = Q·R (column-major): RᵀR = JᵀJ. */
  R: Float64Array;
  /** The first n entries of Qᵀr, so that Jᵀr = Rᵀ·qtr and ‖J·δ + r‖² = ‖R·δ + qtr‖² + const. */
  qtr: Float64Array;
  /**
   * Where a value was not finite, or null: the first such residual (param null), else the first
   * such derivative, parameter by parameter. Rows and parameters count from 0.
   */
  nonFinite: { row: number; param: number | null; value: number } | null;
}

/**
 * What a method reports after each iteration: the iterate's number (1, 2, …), f, x and |∇f|
 * there. `x` is the method's working array: copy it to keep it beyond the call.
 */
export interface StepInfo {
  step: number;
  f: number;
  x: Float64Array;
  gradNorm: number;
}

export interface OptimOptions {
  /** Iteration cap (default 10000; 1000 for Levenberg–Marquardt). */
  maxSteps?: number;
  /**
   * Stopping tolerance. gd, momentum, adam, lbfgs: on |∇f|₂ (defaults 1e-6 for the first three;
   * lbfgs by default runs to the rounding floor). levenbergMarquardt: MINPACK's gtol, on the
   * cosine between the residuals and the columns of J (default 1e-15).
   */
  tol?: number;
  /** Learning rate of gd, momentum and adam (default 0.01); the others ignore it. */
  lr?: number;
  /** Called once per iteration, with the new iterate (for progress bars and --trace rows). */
  onStep?: (s: StepInfo) => void;
}

/**
 * Why a run stopped.
 * - gradient: |∇f| fell to the tolerance (descent methods, L-BFGS);
 * - rss-reduction, step-size, orthogonality: MINPACK's ftol, xtol and gtol tests (LM);
 * - exact: the residuals are all zero (LM);
 * - no-progress: no step can decrease f any further (L-BFGS), or LM's tests at rounding level;
 * - step-cap: maxSteps iterations without meeting a test;
 * - not-minimum: the gradient vanished at a saddle point, a maximum or an inflection;
 * - nonfinite: f or its gradient became NaN or infinite;
 * - unbounded: f decreases without bound;
 * - diverged: f grew by orders of magnitude (a learning rate too large).
 */
export type StopReason =
  | 'gradient'
  | 'rss-reduction'
  | 'step-size'
  | 'orthogonality'
  | 'exact'
  | 'no-progress'
  | 'step-cap'
  | 'not-minimum'
  | 'nonfinite'
  | 'unbounded'
  | 'diverged';

/** A run that went wrong: where, what, and what the user can do about it. */
export interface Failure {
  /** The iteration at which it happened (0: at the start point). */
  step: number;
  message: string;
  /** What to try, as data: the command line words it with its flags, the library with its options (report/remedies.ts). */
  remedies: Remedy[];
}

/**
 * One thing the user can do about a failure. The layers below the command line never name a
 * flag: they say what to change, and the layer that knows the user's vocabulary words it.
 */
export type Remedy =
  /** Start elsewhere: another start, one nearer the answer, or none (the fit then searches). */
  | { kind: 'start'; how: 'another' | 'nearer' | 'omit' }
  | { kind: 'smaller-lr' }
  | { kind: 'method'; method: string; why?: string }
  | { kind: 'more-steps' }
  | { kind: 'global'; why?: string }
  /** A search range of minimize --global is where it looks, not a bound. */
  | { kind: 'range-is-not-a-bound' }
  /** Advice that names no option. */
  | { kind: 'note'; text: string };

export interface OptimResult {
  /** The final iterate (where the run stopped; for a failure, the point where it happened). */
  x: Float64Array;
  /** f at x. */
  f: number;
  /** ∇f at x. */
  grad: Float64Array;
  /** Euclidean norm of grad. */
  gradNorm: number;
  iterations: number;
  /** Number of calls to the objective (or the residual function). */
  evaluations: number;
  converged: boolean;
  reason: StopReason;
  /** The stop reason as one sentence, e.g. "gradient norm 3.2e-11 <= tol 1e-10". */
  message: string;
  /** f at the start, then after each iteration: history[k] is f at iterate k (for a failure, possibly NaN or −∞ last). */
  history: number[];
  /** The step of each value in `history` (0, 1, 2, … while a run is short; evenly thinned steps for a long one). */
  historySteps?: number[];
  /** Set for nonfinite, unbounded and diverged. */
  failure: null | Failure;
}

/** Levenberg–Marquardt's result: f = Σr², grad = 2·Jᵀr, and the problem's fold at x (for the covariance). */
export interface LeastSquaresResult extends OptimResult {
  factor: LeastSquaresFold;
}
