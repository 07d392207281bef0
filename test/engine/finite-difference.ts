/** Central finite differences: the oracle the engine's gradients are checked against. */
import { expect } from 'vitest';

/** Step for a central difference at v: small relative to v, never below 1e-6. */
export function stepAt(v: number): number {
  return 1e-6 * Math.max(1, Math.abs(v));
}

/** d f / d values[i] for every i, by central differences (f gets a fresh copy each call). */
export function numericGradient(f: (values: Float64Array) => number, at: Float64Array): Float64Array {
  const grad = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const h = stepAt(at[i]);
    const plus = at.slice();
    const minus = at.slice();
    plus[i] += h;
    minus[i] -= h;
    grad[i] = (f(plus) - f(minus)) / (plus[i] - minus[i]);
  }
  return grad;
}

/** Expects |actual − expected| ≤ tol · max(1, |expected|) elementwise. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tol * scale)) {
      expect.fail(`element ${i}: got ${actual[i]}, expected ${expected[i]} (tolerance ${tol * scale})`);
    }
  }
}

/** Σ weights_i · values_i. */
export function weightedSum(values: Float64Array, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] * weights[i];
  return total;
}
