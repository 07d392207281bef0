import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyQt, qrFactor, upperTriangle } from '../../src/linalg/qr.js';
import { invertUpper, solveUpper, solveUpperTransposed } from '../../src/linalg/triangular.js';
import { enorm } from '../../src/linalg/norm.js';

/** A column-major m×n matrix from a flat list of values. */
const matrix = (m: number, n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: m * n, maxLength: m * n }).map((v) => Float64Array.from(v));

describe('enorm', () => {
  it('is the Euclidean norm', () => {
    expect(enorm([3, 4])).toBe(5);
    expect(enorm([])).toBe(0);
  });
  it('neither overflows nor underflows', () => {
    expect(enorm([3e200, 4e200])).toBeCloseTo(5e200, -190);
    expect(enorm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 14);
  });
  it('passes NaN through', () => {
    expect(enorm([1, NaN, 2])).toBeNaN();
  });
});

describe('qrFactor', () => {
  it('gives Qᵀ·A·P = R: upper triangular with the pivoted diagonal, for any matrix', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 })).chain(([m, n]) => fc.tuple(fc.constant(m), fc.constant(n), matrix(m, n))),
        ([m, n, values]) => {
        const a = values.slice();
        const qr = qrFactor(a, m, n, true);
        // Apply Qᵀ to each column of A·P and compare with R.
        for (let j = 0; j < n; j++) {
          const col = values.slice(qr.ipvt[j] * m, qr.ipvt[j] * m + m);
          applyQt(qr, col);
          for (let i = 0; i < m; i++) {
            const expected = i < j ? a[i + j * m] : i === j ? qr.rdiag[j] : 0;
            expect(col[i]).toBeCloseTo(expected, 10);
          }
        }
      },
      ),
      { numRuns: 100 },
    );
  });

  it('pivots so that |R_00| >= |R_11| >= ...', () => {
    fc.assert(
      fc.property(matrix(8, 4), (values) => {
        const qr = qrFactor(values.slice(), 8, 4, true);
        for (let k = 1; k < 4; k++) expect(Math.abs(qr.rdiag[k])).toBeLessThanOrEqual(Math.abs(qr.rdiag[k - 1]) * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the column order without pivoting, and reports the column norms', () => {
    const a = Float64Array.from([3, 4, 0, 1, 1, 1]);
    const qr = qrFactor(a, 3, 2, false);
    expect(Array.from(qr.ipvt)).toEqual([0, 1]);
    expect(Array.from(qr.acnorm)).toEqual([5, Math.sqrt(3)]);
    expect(Math.abs(qr.rdiag[0])).toBeCloseTo(5, 14);
  });

  it('moves a column that repeats another to the end, with a zero diagonal', () => {
    // Columns: u, v, u again.
    const u = [1, 2, 3, 4];
    const v = [1, -1, 1, -1];
    const qr = qrFactor(Float64Array.from([...u, ...v, ...u]), 4, 3, true);
    expect(qr.ipvt[2]).toBe(2);
    expect(Math.abs(qr.rdiag[2])).toBeLessThan(1e-14);
  });

  it('upperTriangle extracts R with its true diagonal', () => {
    const values = Float64Array.from([2, 0, 0, 1, 3, 0]);
    const qr = qrFactor(values.slice(), 3, 2, false);
    const R = upperTriangle(qr);
    expect(R.length).toBe(4);
    expect(Math.abs(R[0])).toBeCloseTo(2, 14);
    expect(Math.abs(R[3])).toBeCloseTo(3, 14);
    expect(R[1]).toBe(0);
  });
});

describe('triangular solves', () => {
  // R = [[2, 1, -1], [0, 3, 2], [0, 0, 4]] column-major.
  const R = Float64Array.from([2, 0, 0, 1, 3, 0, -1, 2, 4]);
  it('solveUpper solves R·x = b', () => {
    const x = Float64Array.from([1, 2, 3]);
    const b = Float64Array.from([2 * 1 + 1 * 2 - 1 * 3, 3 * 2 + 2 * 3, 4 * 3]);
    solveUpper(R, 3, 3, b);
    expect(Array.from(b)).toEqual(Array.from(x));
  });
  it('solveUpperTransposed solves Rᵀ·x = b', () => {
    const b = Float64Array.from([2 * 1, 1 * 1 + 3 * 2, -1 * 1 + 2 * 2 + 4 * 3]);
    solveUpperTransposed(R, 3, 3, b);
    expect(Array.from(b)).toEqual([1, 2, 3]);
  });
  it('invertUpper gives R⁻¹ with R·R⁻¹ = I', () => {
    const inv = invertUpper(R, 3, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += R[i + k * 3] * inv[k + j * 3];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
    }
  });
});
