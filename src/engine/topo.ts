/** Ordering the graph, inputs before outputs, with an explicit stack (no recursion). */
import type { Tensor } from './tensor.js';

/**
 * Every tensor reachable from `root` through `inputs`, each once, inputs before the
 * tensors computed from them; `root` comes last. Iterative, so any depth works.
 */
export function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const path: Tensor[] = [root];
  const nextInput: number[] = [0];
  while (path.length > 0) {
    const top = path.length - 1;
    const node = path[top];
    const k = nextInput[top];
    if (k < node.inputs.length) {
      nextInput[top] = k + 1;
      const input = node.inputs[k];
      if (!seen.has(input)) {
        seen.add(input);
        path.push(input);
        nextInput.push(0);
      }
    } else {
      order.push(node);
      path.pop();
      nextInput.pop();
    }
  }
  return order;
}
