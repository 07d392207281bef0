import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qrFactor, upperTriangle } from '../../src/linalg/qr.js';
import { foldRows, triangularFactor } from '../../src/linalg/row-fold.js';

/** Folds the column-major m×q matrix A into a q×q triangle in blocks of the given sizes. */
function foldInBlocks(A: Float64Array, m: number, q: number, sizes: number[]): { R: Float64Array; squares: number } {
  const R = new Float64Array(q * q);
  let squares = 0;
  let start = 0;
  for (const nb of sizes) {
    const B = new Float64Array(nb * q);
    for (let j = 0; j < q; j++) B.set(A.subarray(j * m + start, j * m + start + nb), j * nb);
    squares += foldRows(R, q, B, nb);
    start += nb;
  }
  expect(start).toBe(m);
  return { R, squares };
}

/** R with each row's sign chosen so that its diagonal is ≥ 0 (QR is unique up to those signs). */
function positiveDiagonal(R: Float64Array, q: number): Float64Array {
  const out = R.slice();
  for (let i = 0; i < q; i++) {
    if (R[i + i * q] < 0) for (let j = i; j < q; j++) out[i + j * q] = -R[i + j * q];
  }
  return out;
}

/** Expects the two triangles to agree entry by entry, relative to their columns' norms. */
function expectSameTriangle(actual: Float64Array, expected: Float64Array, q: number, rtol: number): void {
  const a = positiveDiagonal(actual, q);
  const e = positiveDiagonal(expected, q);
  for (let j = 0; j < q; j++) {
    let norm = 0;
    for (let i = 0; i <= j; i++) norm = Math.max(norm, Math.abs(e[i + j * q]));
    for (let i = 0; i < q; i++) {
      const diff = Math.abs(a[i + j * q] - e[i + j * q]);
      expect(diff, `R[${i}][${j}]: ${a[i + j * q]} vs ${e[i + j * q]}`).toBeLessThanOrEqual(rtol * norm);
    }
  }
}

/** Expects RᵀR = AᵀA entry by entry, relative to ‖A_i‖·‖A_j‖: the backward stability of a QR. */
function expectSameGram(R: Float64Array, A: Float64Array, m: number, q: number, rtol: number): void {
  const norms = Array.from({ length: q }, (_, j) => Math.hypot(...A.subarray(j * m, j * m + m)));
  for (let j = 0; j < q; j++) {
    for (let i = j + 1; i < q; i++) expect(R[i + j * q], 'R is upper triangular').toBe(0);
    for (let k = 0; k <= j; k++) {
      let ata = 0;
      for (let i = 0; i < m; i++) ata += A[i + j * m] * A[i + k * m];
      let rtr = 0;
      for (let i = 0; i <= k; i++) rtr += R[i + j * q] * R[i + k * q];
      expect(Math.abs(rtr - ata), `(RᵀR)[${j}][${k}] = ${rtr} vs ${ata}`).toBeLessThanOrEqual(rtol * norms[j] * norms[k] * m);
    }
  }
}

/** MINPACK's unpivoted QR of the whole matrix: the reference. */
function referenceR(A: Float64Array, m: number, q: number): Float64Array {
  return upperTriangle(qrFactor(A.slice(), m, q, false), q);
}

/** Splits m rows into blocks of the given sizes, cycling. */
function blockSizes(m: number, pattern: number[]): number[] {
  const sizes: number[] = [];
  for (let left = m, k = 0; left > 0; k++) {
    const nb = Math.min(left, pattern[k % pattern.length]);
    sizes.push(nb);
    left -= nb;
  }
  return sizes;
}

describe('foldRows: a tall matrix triangularised a block of rows at a time', () => {
  it('gives RᵀR = AᵀA (to rounding, relative to the column norms), however the rows are split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((q) =>
          fc.record({
            q: fc.constant(q),
            m: fc.integer({ min: q, max: 60 }),
            pattern: fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 4 }),
            seed: fc.integer(),
          }),
        ),
        ({ q, m, pattern, seed }) => {
          const A = Float64Array.from({ length: m * q }, (_, i) => Math.sin(seed + i * 1.37) * 10 ** ((i % 3) - 1));
          const { R, squares } = foldInBlocks(A, m, q, blockSizes(m, pattern));
          expectSameGram(R, A, m, q, 1e-13);
          // The sum of squares of the last column, as it was.
          let last = 0;
          for (let i = 0; i < m; i++) last += A[i + (q - 1) * m] ** 2;
          expect(squares).toBeCloseTo(last, 10);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps an ill-conditioned Vandermonde matrix as accurate as one QR (degree 8 on x in [1, 2])', () => {
    const m = 5000;
    const q = 9;
    const A = new Float64Array(m * q);
    for (let i = 0; i < m; i++) for (let j = 0; j < q; j++) A[i + j * m] = (1 + i / m) ** j;
    const { R } = foldInBlocks(A, m, q, blockSizes(m, [2048]));
    expectSameTriangle(R, referenceR(A, m, q), q, 1e-10);
  });

  it('handles columns of 1e200 and of 1e-200 (squares out of range), matching the scaled QR', () => {
    const m = 300;
    for (const scale of [1e200, 1e-170, 1e-200, 1e-300]) {
      const A = new Float64Array(m * 3);
      for (let i = 0; i < m; i++) {
        A[i] = 1;
        A[i + m] = scale * Math.cos(i);
        A[i + 2 * m] = Math.sin(i * 0.3);
      }
      const { R } = foldInBlocks(A, m, 3, blockSizes(m, [128]));
      expect(R.every(Number.isFinite), `scale ${scale}`).toBe(true);
      expectSameTriangle(R, referenceR(A, m, 3), 3, 1e-12);
      expect(Math.abs(R[4])).toBeGreaterThan(0);
    }
  });

  it('folds a column of subnormal entries (a derivative that underflowed) to a finite R, whose pivot has no finite inverse', () => {
    const m = 300;
    for (const scale of [1e-311, 1e-318, 5e-324]) {
      const A = new Float64Array(m * 3);
      for (let i = 0; i < m; i++) {
        A[i] = 1;
        A[i + m] = i % 7 === 0 ? scale : 0;
        A[i + 2 * m] = Math.sin(i * 0.3);
      }
      const { R } = foldInBlocks(A, m, 3, blockSizes(m, [128]));
      expect(R.every(Number.isFinite), `scale ${scale}`).toBe(true);
      expect(Math.abs(R[4]), `scale ${scale}`).toBeGreaterThan(0);
      // Subnormal numbers carry fewer digits, and so does the direction of the subnormal column:
      // what does not depend on it is checked as for any fold, and the last column's norm is kept.
      const a = positiveDiagonal(R, 3);
      const e = positiveDiagonal(referenceR(A, m, 3), 3);
      for (const k of [0, 6]) expect(Math.abs(a[k] - e[k])).toBeLessThanOrEqual(1e-12 * Math.abs(e[k]));
      let column = 0;
      for (let i = 0; i < m; i++) column += A[i + 2 * m] ** 2;
      expect(Math.abs(a[6] ** 2 + a[7] ** 2 + a[8] ** 2 - column)).toBeLessThanOrEqual(1e-12 * column);
    }
  });

  it('leaves a zero column zero, and lets a NaN show in R', () => {
    const m = 50;
    const A = new Float64Array(m * 3);
    for (let i = 0; i < m; i++) {
      A[i] = 1;
      A[i + 2 * m] = i;
    }
    const { R } = foldInBlocks(A, m, 3, [20, 30]);
    expect(R.every(Number.isFinite)).toBe(true);
    expect([R[3], R[4]]).toEqual([0, 0]);
    A[7 + m] = Number.NaN;
    expect(foldInBlocks(A, m, 3, [20, 30]).R.some(Number.isNaN)).toBe(true);
  });
});

describe('triangularFactor', () => {
  it('gives R and Qᵀb: ‖A·x − b‖ is smallest where R·x = Qᵀb', () => {
    // y = 1 + 2t exactly, plus one outlier: the least-squares line through (t, y).
    const t = [0, 1, 2, 3, 4, 5];
    const b = Float64Array.from(t, (v) => 1 + 2 * v + (v === 3 ? 0.6 : 0));
    const A = Float64Array.from([...t.map(() => 1), ...t]);
    const { R, qtb } = triangularFactor(A, 6, 2, b);
    const slope = qtb[1] / R[3];
    const intercept = (qtb[0] - R[2] * slope) / R[0];
    // Normal-equation answer, exact here: slope = Sty/Stt, intercept = ȳ − slope·t̄.
    expect(slope).toBeCloseTo(2 + (0.6 * (3 - 2.5)) / 17.5, 13);
    expect(intercept).toBeCloseTo(1 + 0.1 - (slope - 2) * 2.5, 13);
  });
});
