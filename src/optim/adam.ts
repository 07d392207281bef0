/** Adam (Kingma and Ba, 2015), with the usual constants. */
import { descend } from './descent.js';
import type { Objective, OptimOptions, OptimResult } from './types.js';

/** Default learning rate of adam. */
export const ADAM_LR = 0.01;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/**
 * Adam: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², x ← x − lr·m̂/(√v̂ + ε) with the bias
 * corrections m̂ = m/(1−β1^t), v̂ = v/(1−β2^t). β1 0.9, β2 0.999, ε 1e-8 (torch.optim.Adam).
 * Stops like gd: |g| <= tol (the g just used) or maxSteps. Defaults: lr 0.01, tol 1e-6,
 * maxSteps 10000.
 */
export function adam(objective: Objective, x0: Float64Array, opts: OptimOptions = {}): OptimResult {
  const lr = opts.lr ?? ADAM_LR;
  const m = new Float64Array(x0.length);
  const v = new Float64Array(x0.length);
  return descend('adam', objective, x0, opts, {
    update(x, g, t) {
      const c1 = 1 - ADAM_BETA1 ** t;
      const c2 = 1 - ADAM_BETA2 ** t;
      for (let i = 0; i < x.length; i++) {
        m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g[i];
        v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g[i] * g[i];
        x[i] = x[i] - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM_EPSILON);
      }
    },
  });
}
