/** Plain gradient descent, exactly as a textbook writes it: x ← x − lr·∇f(x). */
import { descend } from './descent.js';
import type { Objective, OptimOptions, OptimResult } from './types.js';

/** Default learning rate of gd. */
export const GD_LR = 0.01;

/**
 * Gradient descent: at each step evaluate f and g at x, take x −= lr·g, count the step, and
 * stop when |g| <= tol (the g just used; Euclidean norm) or after maxSteps. The x sequence is
 * the one of the classic loop, bit for bit. The result reports f and g at the final x.
 * Defaults: lr 0.01, tol 1e-6, maxSteps 10000.
 */
export function gd(objective: Objective, x0: Float64Array, opts: OptimOptions = {}): OptimResult {
  const lr = opts.lr ?? GD_LR;
  return descend('gd', objective, x0, opts, {
    update(x, g) {
      for (let i = 0; i < x.length; i++) x[i] = x[i] - lr * g[i];
    },
  });
}
