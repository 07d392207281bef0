/**
 * The covariance of least-squares parameters, cov = s²·(JᵀJ)⁻¹, computed as s²·(RᵀR)⁻¹ from a
 * pivoted QR of the column-scaled Jacobian, never by forming JᵀJ (which squares the condition).
 */
import { invertUpper } from './triangular.js';
import { upperTriangle } from './qr.js';
import { scaledQr } from './scaled-qr.js';

export interface CovarianceResult {
  /** Numerical rank of J (same rule as lstsq: |R_kk| <= eps·max(m, n, √rows)·|R_00| is zero). */
  rank: number;
  /**
   * n×n column-major covariance matrix. Rows and columns of unidentifiable parameters are NaN;
   * the identifiable block is the covariance with those parameters held fixed.
   */
  cov: Float64Array;
  /** Parameters (column indices of J, ascending) that the data cannot tell apart from the others. */
  unidentifiable: number[];
  /**
   * The same covariance before the column scaling is undone: cov[a,b] = inner[a,b]/(scale[a]·scale[b]).
   * Its parts stay in range where a variance does not (data near 1e±300 make variances near
   * 1e±600, whose square roots, the standard errors, are doubles).
   */
  inner: Float64Array;
  /** J's column norms (1 for a zero column). */
  scale: Float64Array;
}

/**
 * Covariance of the parameters from the column-major m×n Jacobian J of the residuals at the
 * solution and the residual variance s2 (RSS/(m−n), or 1 for weights that are true 1/σ).
 * With J·S⁻¹·P = Q·R: (JᵀJ)⁻¹ = S⁻¹·P·(R⁻¹R⁻ᵀ)·Pᵀ·S⁻¹. J is not modified. `rows`: the rows J
 * stands for when it is a fold's triangle (its rank is judged as that matrix's: scaledQr).
 */
export function covariance(J: ArrayLike<number>, m: number, n: number, s2: number, rows = m): CovarianceResult {
  const { qr, scale, rank } = scaledQr('covariance', J, m, n, rows);
  const R = upperTriangle(qr, rank);
  const Rinv = invertUpper(R, rank, rank);
  const cov = new Float64Array(n * n).fill(NaN);
  const inner = new Float64Array(n * n).fill(NaN);
  for (let a = 0; a < rank; a++) {
    for (let b = a; b < rank; b++) {
      // (R⁻¹R⁻ᵀ)[a,b] = Σ_k Rinv[a,k]·Rinv[b,k], k >= max(a, b) since R⁻¹ is upper triangular.
      let sum = 0;
      for (let k = b; k < rank; k++) sum += Rinv[a + k * rank] * Rinv[b + k * rank];
      const pa = qr.ipvt[a];
      const pb = qr.ipvt[b];
      const v = (s2 * sum) / (scale[pa] * scale[pb]);
      cov[pa + pb * n] = v;
      cov[pb + pa * n] = v;
      inner[pa + pb * n] = s2 * sum;
      inner[pb + pa * n] = s2 * sum;
    }
  }
  const unidentifiable = Array.from(qr.ipvt.subarray(rank)).sort((p, q) => p - q);
  return { rank, cov, unidentifiable, inner, scale: Float64Array.from(scale) };
}
