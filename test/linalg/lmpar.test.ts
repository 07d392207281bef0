import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lmpar } from '../../src/linalg/lmpar.js';
import { applyQt, qrFactor, upperTriangle } from '../../src/linalg/qr.js';
import { qrSolve } from '../../src/linalg/qrsolv.js';

/** A random well-conditioned-enough m×n problem: A (column-major), b, and a positive diagonal D. */
const problem = fc
  .record({
    a: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 24, maxLength: 24 }),
    b: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
    d: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ a, b, d }) => {
    const A = Float64Array.from(a);
    for (let j = 0; j < 4; j++) A[j + j * 6] = A[j + j * 6] + 8; // keep it away from singular
    return { A, b: Float64Array.from(b), d: Float64Array.from(d), m: 6, n: 4 };
  });

/** (AᵀA + λ·DᵀD)·x − Aᵀb: zero for the solution of the damped problem. */
function normalResidual(A: Float64Array, b: Float64Array, d: Float64Array, lambda: number, x: Float64Array, m: number, n: number): number {
  let worst = 0;
  for (let k = 0; k < n; k++) {
    let s = lambda * d[k] * d[k] * x[k];
    for (let i = 0; i < m; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += A[i + j * m] * x[j];
      s += A[i + k * m] * (ax - b[i]);
    }
    worst = Math.max(worst, Math.abs(s));
  }
  return worst;
}

/** Factor A·P = Q·R and return R (n×n), Qᵀb and the permutation, as lmder prepares them. */
function factor(A: Float64Array, b: Float64Array, m: number, n: number) {
  const qr = qrFactor(A.slice(), m, n, true);
  const qtb = b.slice();
  applyQt(qr, qtb);
  return { R: upperTriangle(qr, n), qtb: qtb.slice(0, n), ipvt: qr.ipvt };
}

const norm2 = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));

describe('qrSolve', () => {
  it('solves the damped least-squares problem [A; D]·x ≈ [b; 0]', () => {
    fc.assert(
      fc.property(problem, ({ A, b, d, m, n }) => {
        const { R, qtb, ipvt } = factor(A, b, m, n);
        const x = new Float64Array(n);
        const sdiag = new Float64Array(n);
        qrSolve(n, R, n, ipvt, d, qtb, x, sdiag);
        expect(normalResidual(A, b, d, 1, x, m, n)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves R (diagonal and upper triangle) as it was', () => {
    const A = Float64Array.from([4, 1, 0, 2, 3, 1]);
    const { R, qtb, ipvt } = factor(A, Float64Array.from([1, 2, 3]), 3, 2);
    const before = [R[0], R[2], R[3]];
    qrSolve(2, R, 2, ipvt, [1, 1], qtb, new Float64Array(2), new Float64Array(2));
    expect([R[0], R[2], R[3]]).toEqual(before);
  });
});

describe('lmpar', () => {
  it('returns par = 0 and the Gauss–Newton step when it fits in the trust region', () => {
    fc.assert(
      fc.property(problem, ({ A, b, d, m, n }) => {
        const { R, qtb, ipvt } = factor(A, b, m, n);
        const x = new Float64Array(n);
        const par = lmpar(n, R, n, ipvt, d, qtb, 1e6, 0, x, new Float64Array(n));
        expect(par).toBe(0);
        expect(normalResidual(A, b, d, 0, x, m, n)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('otherwise finds par > 0 whose damped step has ‖D·x‖ within 10% of the radius', () => {
    fc.assert(
      fc.property(problem, fc.double({ min: 0.01, max: 0.9, noNaN: true }), ({ A, b, d, m, n }, shrink) => {
        const { R, qtb, ipvt } = factor(A, b, m, n);
        const gn = new Float64Array(n);
        lmpar(n, R, n, ipvt, d, qtb, 1e6, 0, gn, new Float64Array(n));
        const gnNorm = norm2(gn.map((v, k) => v * d[k]));
        fc.pre(gnNorm > 1e-6);
        const delta = shrink * gnNorm;
        const x = new Float64Array(n);
        const par = lmpar(n, R, n, ipvt, d, qtb, delta, 0, x, new Float64Array(n));
        expect(par).toBeGreaterThan(0);
        const dx = norm2(x.map((v, k) => v * d[k]));
        expect(Math.abs(dx - delta)).toBeLessThanOrEqual(0.1 * delta * (1 + 1e-9));
        expect(normalResidual(A, b, d, par, x, m, n)).toBeLessThan(1e-8 * (1 + par));
      }),
      { numRuns: 150 },
    );
  });
});
