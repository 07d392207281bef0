/** Linear least squares, min ‖A·x − b‖, by Householder QR of the column-scaled A with pivoting. */
import { requireLength } from './errors.js';
import { enorm } from './norm.js';
import { applyQt, upperTriangle } from './qr.js';
import { scaledQr, type ScaledQr } from './scaled-qr.js';
import { solveUpper } from './triangular.js';

export interface LstsqResult {
  /** The solution (n values). When rank < n, the basic solution: the columns left out get 0. */
  x: Float64Array;
  /** Numerical rank of A: |R_kk| <= eps·max(m, n, √rows)·|R_00| counts as zero (see `tol`). */
  rank: number;
  /** Pivot order: the k-th column chosen is column perm[k] of A. perm[rank..] are the dependent ones. */
  perm: Int32Array;
  /** R of A·S⁻¹·P = Q·R: min(m,n)×min(m,n), column-major, upper triangular. */
  R: Float64Array;
  /** Column norms S used for scaling (1 for a zero column). */
  scale: Float64Array;
  /** The rank tolerance used. */
  tol: number;
  /** The least residual norm min ‖A·x − b‖, from the part of Qᵀb that no column can explain. */
  residualNorm: number;
  /** Columns of A that could not be told apart from the others (perm[rank..], ascending). */
  dependent: number[];
}

/**
 * Solve min ‖A·x − b‖ for the column-major m×n matrix A. Each column is scaled to unit norm,
 * factored with column pivoting, and the solution is scaled back; one step of iterative
 * refinement with the same factors then recovers most of what rounding took (on a degree-10
 * polynomial over x in [-9, -3] it gains half a digit in every coefficient). Neither A nor b is
 * modified. `rows`: the rows A stands for when it is a fold's triangle (scaledQr: the rank tolerance).
 */
export function lstsq(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, rows = m): LstsqResult {
  const factors = scaledQr('lstsq', A, m, n, rows);
  const { qr, scale, rank, tol } = factors;
  requireLength(`lstsq: the right-hand side for ${m} rows`, b, m);
  const R = upperTriangle(qr);
  const qtb = Float64Array.from({ length: m }, (_, i) => b[i]);
  applyQt(qr, qtb);
  const x = new Float64Array(n);
  addSolution(factors, R, qtb, x);
  // Refine: solve again for the residual b − A·x and add the correction.
  const r = Float64Array.from({ length: m }, (_, i) => b[i]);
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    for (let i = 0; i < m; i++) r[i] = r[i] - A[i + j * m] * xj;
  }
  applyQt(qr, r);
  addSolution(factors, R, r, x);
  const dependent = Array.from(qr.ipvt.subarray(rank)).sort((p, q) => p - q);
  return { x, rank, perm: qr.ipvt, R, scale, tol, residualNorm: enorm(qtb, rank, m), dependent };
}

/** x += S⁻¹·P·R₁₁⁻¹·(Qᵀb)[0..rank): the basic least-squares solution for the transformed right-hand side. */
function addSolution({ qr, scale, rank }: ScaledQr, R: Float64Array, qtb: Float64Array, x: Float64Array): void {
  const z = qtb.slice(0, rank);
  solveUpper(R, Math.min(qr.m, qr.n), rank, z);
  for (let k = 0; k < rank; k++) {
    const col = qr.ipvt[k];
    x[col] = x[col] + z[k] / scale[col];
  }
}
