/** The generic reverse sweep shared by backward() and jacobian(). */
import type { Tensor } from './tensor.js';

/** What a reverse sweep differentiates and how it sizes gradient buffers. */
export interface SweepPlan {
  /** The graph, inputs before outputs (from topoOrder), ending with the root. */
  order: readonly Tensor[];
  /** The root's gradient (copied, not modified). */
  seed: Float64Array;
  /** Whether gradient flows into this tensor. */
  follows(t: Tensor): boolean;
  /** Length of this tensor's gradient buffer. */
  gradLength(t: Tensor): number;
  /** Whether this tensor's gradient is returned; the others are dropped once used. */
  keeps(t: Tensor): boolean;
}

/**
 * Walks `plan.order` from the root back to the leaves, letting each op push its output
 * gradient into its inputs (adding, so a tensor used twice gets both contributions).
 * Returns the gradients of the kept tensors.
 */
export function reverseSweep(plan: SweepPlan): Map<Tensor, Float64Array> {
  const { order } = plan;
  const grads = new Map<Tensor, Float64Array>();
  if (order.length === 0) return grads;
  grads.set(order[order.length - 1], plan.seed.slice());
  for (let j = order.length - 1; j >= 0; j--) {
    const node = order[j];
    const g = grads.get(node);
    if (g === undefined) continue;
    const rule = node.rule;
    if (rule !== null) {
      const inputs = node.inputs;
      for (let k = 0; k < inputs.length; k++) {
        const input = inputs[k];
        if (!plan.follows(input)) continue;
        let inputGrad = grads.get(input);
        if (inputGrad === undefined) {
          inputGrad = new Float64Array(plan.gradLength(input));
          grads.set(input, inputGrad);
        }
        rule.pushGrad(node, k, g, inputGrad);
      }
    }
    if (!plan.keeps(node)) grads.delete(node);
  }
  return grads;
}
