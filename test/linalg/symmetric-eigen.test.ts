import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';

/** The smallest eigenvalue and its vector, from every pair symmetricEigen gives (as the stop probe takes them). */
function smallestEigen(A: Float64Array, n: number): { value: number; vector: Float64Array } {
  const { values, vectors } = symmetricEigen(A, n);
  let min = 0;
  for (let i = 1; i < n; i++) if (values[i] < values[min]) min = i;
  return { value: values[min], vector: vectors.slice(min * n, min * n + n) };
}

/** ‖A·v − λ·v‖ for column-major A. */
function residual(A: Float64Array, n: number, value: number, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let av = 0;
    for (let j = 0; j < n; j++) av += A[i + j * n] * v[j];
    sum += (av - value * v[i]) ** 2;
  }
  return Math.sqrt(sum);
}

describe('symmetricEigen: the eigenvalues of a symmetric matrix and their vectors', () => {
  it('of [[0, 1], [1, 0]] is −1, along (1, −1)/√2', () => {
    const { value, vector } = smallestEigen(Float64Array.from([0, 1, 1, 0]), 2);
    expect(value).toBeCloseTo(-1, 15);
    expect(Math.abs(vector[0])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(vector[0] + vector[1]).toBeCloseTo(0, 15);
  });

  it('of a diagonal matrix is its smallest entry, along that axis', () => {
    const { value, vector } = smallestEigen(Float64Array.from([3, 0, 0, 0, -2, 0, 0, 0, 5]), 3);
    expect(value).toBe(-2);
    expect(Array.from(vector)).toEqual([0, 1, 0]);
  });

  it('of 1×1 [a] is a', () => {
    expect(smallestEigen(Float64Array.from([7]), 1)).toEqual({ value: 7, vector: Float64Array.from([1]) });
  });

  it('is an eigenpair, of unit length, below every diagonal entry (random symmetric matrices)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, entries) => {
        const A = new Float64Array(n * n);
        for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) A[i + j * n] = A[j + i * n] = entries[i + j * 8];
        const { value, vector } = smallestEigen(A, n);
        const norm = Math.hypot(...vector);
        expect(norm).toBeCloseTo(1, 12);
        const scale = Math.max(1, ...Array.from(A, Math.abs));
        expect(residual(A, n, value, vector)).toBeLessThan(1e-10 * scale * n);
        // Every pair, not only the smallest, is an eigenpair of unit length.
        const { values, vectors } = symmetricEigen(A, n);
        for (let k = 0; k < n; k++) {
          const v = vectors.slice(k * n, k * n + n);
          expect(Math.hypot(...v)).toBeCloseTo(1, 12);
          expect(residual(A, n, values[k], v)).toBeLessThan(1e-10 * scale * n);
        }
        // (Rayleigh: no diagonal entry, eᵢᵀAeᵢ, is below the smallest eigenvalue.)
        for (let i = 0; i < n; i++) expect(A[i + i * n]).toBeGreaterThanOrEqual(value - 1e-10 * scale);
      }),
      { numRuns: 200 },
    );
  });
});
