/**
 * Householder QR with optional column pivoting: a port of MINPACK's qrfac (Moré, Garbow and
 * Hillstrom, 1980), on a column-major m×n matrix (element (i,j) at [i + j*m]).
 */
import { EPSMCH } from './constants.js';
import { requireDimensions, requireLength } from './errors.js';
import { enorm } from './norm.js';

/** The factors of A·P = Q·R, stored compactly as qrfac leaves them. */
export interface QrFactors {
  m: number;
  n: number;
  /**
   * The factored matrix: R's strictly upper part above the diagonal; on and below the diagonal
   * the Householder vectors (column j holds v_j, with Q = H_0·H_1·…, H_j = I − v_j·v_jᵀ / v_j[j]).
   */
  a: Float64Array;
  /** R's diagonal (0 for columns beyond min(m, n)). */
  rdiag: Float64Array;
  /** The Euclidean norms of A's columns before factoring. */
  acnorm: Float64Array;
  /** The permutation: column k of A·P is column ipvt[k] of A (the identity without pivoting). */
  ipvt: Int32Array;
}

/**
 * Factor A·P = Q·R in place (`a` is overwritten). With `pivot`, at each stage the remaining
 * column of largest norm is moved forward, so |R_00| >= |R_11| >= … and a rank deficiency shows
 * up as a trailing block of tiny diagonal entries.
 */
export function qrFactor(a: Float64Array, m: number, n: number, pivot: boolean): QrFactors {
  requireDimensions('qrFactor', m, n);
  requireLength(`qrFactor: a ${m}×${n} matrix`, a, m * n);
  const rdiag = new Float64Array(n);
  const acnorm = new Float64Array(n);
  const wa = new Float64Array(n);
  const ipvt = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    acnorm[j] = enorm(a, j * m, j * m + m);
    rdiag[j] = acnorm[j];
    wa[j] = rdiag[j];
    ipvt[j] = j;
  }
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    const cj = j * m;
    if (pivot) {
      let kmax = j;
      for (let k = j; k < n; k++) if (rdiag[k] > rdiag[kmax]) kmax = k;
      if (kmax !== j) {
        const ck = kmax * m;
        for (let i = 0; i < m; i++) {
          const t = a[cj + i];
          a[cj + i] = a[ck + i];
          a[ck + i] = t;
        }
        rdiag[kmax] = rdiag[j];
        wa[kmax] = wa[j];
        const k = ipvt[j];
        ipvt[j] = ipvt[kmax];
        ipvt[kmax] = k;
      }
    }
    // The Householder transformation that reduces column j to a multiple of e_j.
    let ajnorm = enorm(a, cj + j, cj + m);
    if (ajnorm !== 0) {
      if (a[cj + j] < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[cj + i] = a[cj + i] / ajnorm;
      a[cj + j] = a[cj + j] + 1;
      // Apply it to the remaining columns and update their norms.
      for (let k = j + 1; k < n; k++) {
        const ck = k * m;
        let sum = 0;
        for (let i = j; i < m; i++) sum += a[cj + i] * a[ck + i];
        const temp = sum / a[cj + j];
        for (let i = j; i < m; i++) a[ck + i] = a[ck + i] - temp * a[cj + i];
        if (pivot && rdiag[k] !== 0) {
          const t = a[ck + j] / rdiag[k];
          rdiag[k] = rdiag[k] * Math.sqrt(Math.max(0, 1 - t * t));
          const ratio = rdiag[k] / wa[k];
          if (0.05 * ratio * ratio <= EPSMCH) {
            rdiag[k] = enorm(a, ck + j + 1, ck + m);
            wa[k] = rdiag[k];
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
  for (let j = minmn; j < n; j++) rdiag[j] = 0;
  return { m, n, a, rdiag, acnorm, ipvt };
}

/** Overwrite `b` (length m) with Qᵀ·b, using the Householder vectors of `qr`. */
export function applyQt(qr: QrFactors, b: Float64Array): void {
  const { m, n, a } = qr;
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    const cj = j * m;
    const ajj = a[cj + j];
    if (ajj === 0) continue;
    let sum = 0;
    for (let i = j; i < m; i++) sum += a[cj + i] * b[i];
    const temp = -sum / ajj;
    for (let i = j; i < m; i++) b[i] = b[i] + a[cj + i] * temp;
  }
}

/**
 * The leading k×k block of R as a separate column-major array (leading dimension k), with the
 * true diagonal `rdiag` in place of the Householder entries. Everything below the diagonal is 0.
 */
export function upperTriangle(qr: QrFactors, k = Math.min(qr.m, qr.n)): Float64Array {
  const { m, a, rdiag } = qr;
  const r = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) r[i + j * k] = a[i + j * m];
    r[j + j * k] = rdiag[j];
  }
  return r;
}
