/** backward(): gradients of a root with respect to the leaves, accumulated into `.grad`. */
import { EngineError } from './errors.js';
import { reverseSweep } from './reverse-pass.js';
import type { Tensor } from './tensor.js';
import { topoOrder } from './topo.js';

/**
 * Adds d(seed · root)/d(leaf) into `leaf.grad` for every leaf that requires grad.
 * A scalar root's seed defaults to 1; a column root needs a seed of its length.
 */
export function backward(root: Tensor, seed?: Float64Array): void {
  if (!root.requiresGrad) {
    throw new EngineError(
      'backward() was called on a tensor that does not depend on anything requiring grad; create the variables with { requiresGrad: true } (and outside noGrad)',
    );
  }
  const rootSeed = seedFor(root, seed);
  const grads = reverseSweep({
    order: topoOrder(root),
    seed: rootSeed,
    follows: (t) => t.requiresGrad,
    gradLength: (t) => t.size,
    keeps: (t) => t.op === 'leaf',
  });
  for (const [leaf, g] of grads) {
    if (leaf.grad === null) {
      leaf.grad = g;
    } else {
      const acc = leaf.grad;
      for (let i = 0; i < acc.length; i++) acc[i] += g[i];
    }
  }
}

function seedFor(root: Tensor, seed: Float64Array | undefined): Float64Array {
  if (seed === undefined) {
    if (!root.isScalar) {
      throw new EngineError(
        `backward() on a column of ${root.size} values needs a seed of ${root.size} values (the gradient of the final result with respect to it); reduce it with sum() or mean() first, or pass a seed`,
      );
    }
    return Float64Array.of(1);
  }
  if (seed.length !== root.size) {
    throw new EngineError(`backward() seed has ${seed.length} values but the tensor has ${root.size}; pass one value per element`);
  }
  return seed;
}
