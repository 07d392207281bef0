/** Test helper: small objectives with analytic gradients, as the optimisers see them. */
import type { Objective } from '../../src/optim/types.js';
import type { TestFunction } from './functions.js';

/** An Objective from f and its gradient. */
export function objective(dim: number, f: (x: Float64Array) => number, grad: (x: Float64Array, g: Float64Array) => void): Objective {
  return {
    dim,
    evaluate(x, g) {
      grad(x, g);
      return f(x);
    },
  };
}

/** One-variable objective from f(x) and f'(x). */
export function oneD(f: (x: number) => number, df: (x: number) => number): Objective {
  return objective(1, (x) => f(x[0]), (x, g) => (g[0] = df(x[0])));
}

/** The notebook's parabola 3x² + 2x − 1.2, minimum −23/15 at x = −1/3. */
export const parabola = oneD(
  (x) => 3 * x ** 2 + 2 * x + -1.2,
  (x) => 6 * x + 2,
);

/** A test function of functions.ts as an Objective. */
export function fromTestFunction(t: TestFunction): Objective {
  return objective(t.dim, t.f, t.grad);
}
