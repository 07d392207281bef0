/** Gradient descent with heavy-ball momentum, as PyTorch's SGD with momentum 0.9. */
import { descend } from './descent.js';
import type { Objective, OptimOptions, OptimResult } from './types.js';

/** Default learning rate of momentum. */
export const MOMENTUM_LR = 0.01;
/** The momentum coefficient μ. */
export const MOMENTUM = 0.9;

/**
 * Heavy-ball momentum (torch.optim.SGD, momentum 0.9, no dampening, not Nesterov):
 * v ← μ·v + g, x ← x − lr·v, with v = 0 before the first step. Stops like gd: |g| <= tol (the g
 * just used) or maxSteps. Defaults: lr 0.01, tol 1e-6, maxSteps 10000.
 */
export function momentum(objective: Objective, x0: Float64Array, opts: OptimOptions = {}): OptimResult {
  const lr = opts.lr ?? MOMENTUM_LR;
  const v = new Float64Array(x0.length);
  return descend('momentum', objective, x0, opts, {
    update(x, g) {
      for (let i = 0; i < x.length; i++) {
        v[i] = MOMENTUM * v[i] + g[i];
        x[i] = x[i] - lr * v[i];
      }
    },
  });
}
