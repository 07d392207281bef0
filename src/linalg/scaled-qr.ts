/**
 * Pivoted QR of a column-scaled matrix, and the rank decision on it: the common first step of
 * lstsq and covariance. Scaling each column to unit norm (as numpy.polyfit does) makes the
 * factorisation blind to the units of the columns, so x^10 next to x^0 loses nothing.
 */
import { EPSMCH } from './constants.js';
import { requireDimensions, requireLength } from './errors.js';
import { enorm } from './norm.js';
import { qrFactor, type QrFactors } from './qr.js';

/** A·S⁻¹·P = Q·R with S = diag(scale), and the numerical rank of R. */
export interface ScaledQr {
  qr: QrFactors;
  /** The column norms of A (1 for a zero column), by which each column was divided. */
  scale: Float64Array;
  /** Numerical rank: the number of leading diagonal entries with |R_kk| > tol. */
  rank: number;
  /** The rank tolerance, eps·max(m, n, √rows)·|R_00| (rows: those the matrix stands for). */
  tol: number;
}

/**
 * Factor the column-scaled copy of the column-major m×n matrix `a` (not modified). `rows`: when
 * `a` is the triangular factor of a fold of that many rows (a tall matrix compressed to its R),
 * the tolerance grows to eps·√rows·|R_00| if that is larger: rounding in a fold grows with the
 * rows folded, about as their square root, and on 100,000 rows of one x value the R of [1, x]
 * kept |R_11| a few ε·|R_00| above the small matrix's own tolerance (the slope came out as
 * -1e12). Not eps·rows, which would also drop what a weight of 1e15 on one row of 20 determines.
 */
/** The rank tolerance relative to |R_00| of an m×n matrix standing for `rows` rows (see scaledQr). */
export function rankTolerance(m: number, n: number, rows = m): number {
  return EPSMCH * Math.max(m, n, Math.sqrt(rows));
}

export function scaledQr(what: string, a: ArrayLike<number>, m: number, n: number, rows = m): ScaledQr {
  requireDimensions(what, m, n);
  requireLength(`${what}: a ${m}×${n} matrix`, a, m * n);
  const scale = new Float64Array(n);
  const work = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const norm = enorm(a, j * m, j * m + m);
    const s = norm > 0 && Number.isFinite(norm) ? norm : 1;
    scale[j] = s;
    for (let i = 0; i < m; i++) work[i + j * m] = a[i + j * m] / s;
  }
  const qr = qrFactor(work, m, n, true);
  const minmn = Math.min(m, n);
  const tol = minmn > 0 ? rankTolerance(m, n, rows) * Math.abs(qr.rdiag[0]) : 0;
  let rank = 0;
  while (rank < minmn && Math.abs(qr.rdiag[rank]) > tol) rank++;
  return { qr, scale, rank, tol };
}
