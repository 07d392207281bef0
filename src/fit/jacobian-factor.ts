/**
 * The triangular factor of a model's Jacobian, folded over the rows block by block so that no
 * n×p matrix is ever held: after each block, R of [J | r] is the Householder QR of
 * [R; the block's rows of J and r] (the streaming "TSQR" scheme). Householder QR is
 * column-wise backward stable, so the factor is as accurate as one QR of the whole matrix, and
 * ‖J·δ + r‖² = ‖R·δ + Qᵀr‖² + const gives Gauss–Newton steps and the covariance from R alone.
 */
import type { Kernel } from '../expr/index.js';
import { FOLD_BLOCK, foldRows } from '../linalg/index.js';

export interface FitRows {
  cols: Float64Array[];
  y: Float64Array;
  w: Float64Array | null;
  n: number;
}

export interface JacobianFactor {
  /** p×p upper triangular R with J = Q·R (column-major). */
  R: Float64Array;
  /** The first p entries of Qᵀr: the least-squares step δ solves R·δ = −qtr. */
  qtr: Float64Array;
  /** Σ r², summed directly. */
  rss: number;
  /** False when some residual or derivative was not finite. */
  finite: boolean;
}

const BLOCK = FOLD_BLOCK;

/** Rows [start, end) of the fit's data, as views (no copies). */
export function rowBlock(rows: FitRows, start: number, end: number): FitRows {
  return {
    cols: rows.cols.map((c) => c.subarray(start, end)),
    y: rows.y.subarray(start, end),
    w: rows.w ? rows.w.subarray(start, end) : null,
    n: end - start,
  };
}

export function foldJacobian(kernel: Kernel, params: Float64Array, rows: FitRows): JacobianFactor {
  const p = params.length;
  const q = p + 1;
  const r = new Float64Array(BLOCK);
  const J = new Float64Array(BLOCK * p);
  const B = new Float64Array(BLOCK * q);
  const Raug = new Float64Array(q * q);
  let rss = 0;
  let finite = true;
  for (let start = 0; start < rows.n; start += BLOCK) {
    const nb = Math.min(BLOCK, rows.n - start);
    const end = start + nb;
    const b = rowBlock(rows, start, end);
    kernel.residuals(params, b.cols, b.y, b.w, nb, r, J);
    for (let i = 0; i < nb; i++) {
      const ri = r[i]!;
      rss += ri * ri;
      if (!Number.isFinite(ri)) finite = false;
    }
    if (!finite) break;
    // The block's rows of [J | r], column-major nb×q, below the current triangular factor.
    for (let i = 0; i < nb; i++) B[i + p * nb] = r[i]!;
    B.set(J.subarray(0, nb * p));
    foldRows(Raug, q, B, nb);
  }
  for (const v of Raug) if (!Number.isFinite(v)) finite = false;
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) R[i + j * p] = Raug[i + j * q]!;
  const qtr = Float64Array.from({ length: p }, (_, i) => Raug[i + p * q]!);
  return { R, qtr, rss, finite };
}
