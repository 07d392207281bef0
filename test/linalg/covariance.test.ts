import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { covariance } from '../../src/linalg/covariance.js';
import { lstsq } from '../../src/linalg/lstsq.js';
import { DATA_DIR, design, lre, nistCase, nistData, readColumns, vandermonde } from './nist-data.js';

/** Residuals b − A·x and their sum of squares. */
function rss(A: Float64Array, m: number, n: number, x: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let fi = 0;
    for (let j = 0; j < n; j++) fi += A[i + j * m] * x[j];
    s += (b[i] - fi) ** 2;
  }
  return s;
}

describe('covariance', () => {
  it('gives the seed parabola its exact standard errors (to 1e-6 relative)', () => {
    const optimum = JSON.parse(readFileSync(DATA_DIR + 'seed_parabola.optimum.json', 'utf8'));
    const { x: xs, y } = readColumns(DATA_DIR + 'seed_parabola.csv');
    const { A, m, n } = vandermonde(xs!, 2);
    const sol = lstsq(A, m, n, y!);
    ['c0', 'c1', 'c2'].forEach((p, k) => expect(Math.abs(sol.x[k] / optimum.params[p] - 1), p).toBeLessThan(1e-12));
    const s2 = rss(A, m, n, sol.x, y!) / (m - n);
    const { cov, rank, unidentifiable } = covariance(A, m, n, s2);
    expect(rank).toBe(3);
    expect(unidentifiable).toEqual([]);
    ['c0', 'c1', 'c2'].forEach((p, k) => {
      expect(Math.abs(Math.sqrt(cov[k + k * n]) / optimum.stderr[p] - 1), p).toBeLessThan(1e-6);
    });
    // Symmetric.
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(cov[a + b * n]).toBe(cov[b + a * n]);
  });

  it('gives NIST Longley its certified standard deviations to >= 10 digits', () => {
    const c = nistCase('Longley');
    const d = nistData('Longley');
    const ones = new Float64Array(d.y!.length).fill(1);
    const { A, m, n } = design([ones, d.x1!, d.x2!, d.x3!, d.x4!, d.x5!, d.x6!]);
    const sol = lstsq(A, m, n, d.y!);
    const { cov } = covariance(A, m, n, rss(A, m, n, sol.x, d.y!) / (m - n));
    c.params.forEach((p, k) => expect(lre(Math.sqrt(cov[k + k * n]), c.certified_sd[p]), p).toBeGreaterThanOrEqual(10));
  });

  it('matches s²·(AᵀA)⁻¹ in closed form for a straight line', () => {
    // x = 0, 1, 2, 3: AᵀA = [[4, 6], [6, 14]], inverse = [[14, -6], [-6, 4]] / 20.
    const { A, m, n } = vandermonde([0, 1, 2, 3], 1);
    const { cov } = covariance(A, m, n, 2);
    expect(cov[0]).toBeCloseTo((2 * 14) / 20, 14);
    expect(cov[1]).toBeCloseTo((2 * -6) / 20, 14);
    expect(cov[3]).toBeCloseTo((2 * 4) / 20, 14);
  });

  it('names the repeated column of a rank-deficient Jacobian and leaves the rest computable', () => {
    // Parameters a, b, c with J = [1, x, x]: b and c have the same effect.
    const xs = [1, 2, 3, 4, 5];
    const ones = [1, 1, 1, 1, 1];
    const { A, m, n } = design([ones, xs, xs]);
    const res = covariance(A, m, n, 1);
    expect(res.rank).toBe(2);
    expect(res.unidentifiable).toEqual([2]);
    for (let k = 0; k < 3; k++) {
      expect(res.cov[2 + k * 3]).toBeNaN();
      expect(res.cov[k + 2 * 3]).toBeNaN();
    }
    // The identifiable block is the covariance of the line without c.
    const line = covariance(design([ones, xs]).A, 5, 2, 1);
    expect(res.cov[0]).toBeCloseTo(line.cov[0], 12);
    expect(res.cov[1]).toBeCloseTo(line.cov[1], 12);
    expect(res.cov[4]).toBeCloseTo(line.cov[3], 12);
  });

  it('reports a parameter with no effect (a zero column) as unidentifiable', () => {
    const { A, m, n } = design([[0, 0, 0], [1, 2, 3]]);
    const res = covariance(A, m, n, 1);
    expect(res.rank).toBe(1);
    expect(res.unidentifiable).toEqual([0]);
    expect(res.cov[3]).toBeCloseTo(1 / 14, 14);
  });

  it('does not modify the Jacobian', () => {
    const { A, m, n } = vandermonde([1, 2, 3], 1);
    const copy = A.slice();
    covariance(A, m, n, 1);
    expect(A).toEqual(copy);
  });
});
