/**
 * The triangular factor of a model's Jacobian, folded over the rows block by block so that no
 * n×p matrix is ever held: after each block, R of [J | r] is the Householder QR of
 * [R; the block's rows of J and r] (the streaming "TSQR" scheme). Householder QR is
 * column-wise backward stable, so the factor is as accurate as one QR of the whole matrix, and
 * ‖J·δ + r‖² = ‖R·δ + Qᵀr‖² + const gives Gauss–Newton steps and the covariance from R alone.
 *
 * The kernel writes each block's residuals and derivatives straight into the fold's work block,
 * and the fold sums the block's squared residuals as it reads them, so one evaluation is one pass
 * over the data with nothing copied.
 */
import type { Kernel } from '../expr/index.js';
import { FOLD_BLOCK, foldRows } from '../linalg/index.js';
import type { LeastSquaresFold } from '../optim/index.js';

export interface FitRows {
  cols: Float64Array[];
  y: Float64Array;
  w: Float64Array | null;
  n: number;
}

/** Rows [start, end) of the fit's data, as views (no copies). */
export function rowBlock(rows: FitRows, start: number, end: number): FitRows {
  return {
    cols: rows.cols.map((c) => c.subarray(start, end)),
    y: rows.y.subarray(start, end),
    w: rows.w ? rows.w.subarray(start, end) : null,
    n: end - start,
  };
}

/**
 * Σr² and the factor of [J | r] at `params` (see LeastSquaresFold). A residual that is not finite,
 * or squares that overflow, end the pass (Σr² is then not finite); a derivative that is not
 * finite is reported, and Σr² is still summed over every row.
 */
export function foldJacobian(kernel: Kernel, params: Float64Array, rows: FitRows): LeastSquaresFold {
  const p = params.length;
  const q = p + 1;
  // A work block no larger than the data: small fits are folded many times by the start search.
  const B = new Float64Array(Math.min(FOLD_BLOCK, Math.max(rows.n, 1)) * q);
  const Raug = new Float64Array(q * q);
  let rss = 0;
  let nonFinite: LeastSquaresFold['nonFinite'] = null;
  for (let start = 0; start < rows.n; start += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, rows.n - start);
    const b = rowBlock(rows, start, start + nb);
    // The block's rows of [J | r], column-major nb×q: J's columns, then r.
    const r = B.subarray(p * nb, q * nb);
    kernel.residuals(params, b.cols, b.y, b.w, nb, r, B);
    const s = foldRows(Raug, q, B, nb);
    if (!Number.isFinite(s)) {
      kernel.residuals(params, b.cols, b.y, b.w, nb, r, B);
      const bad = firstNonFinite(B, r, nb, 0, start);
      return { rss: Number.NaN, R: new Float64Array(p * p).fill(Number.NaN), qtr: new Float64Array(p).fill(Number.NaN), nonFinite: bad };
    }
    rss += s;
    // A derivative that is not finite spreads into the factor; the block is computed again to say where.
    if (nonFinite === null && !Raug.every(Number.isFinite)) {
      kernel.residuals(params, b.cols, b.y, b.w, nb, r, B);
      nonFinite = firstNonFinite(B, r, nb, p, start);
    }
  }
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) R[i + j * p] = Raug[i + j * q];
  const qtr = Float64Array.from({ length: p }, (_, i) => Raug[i + p * q]);
  return { rss, R, qtr, nonFinite };
}

/**
 * The block's first value that is not finite: a residual first, then the derivatives of the
 * first `p` parameters, one parameter at a time; null when every one is finite.
 */
function firstNonFinite(B: Float64Array, r: Float64Array, nb: number, p: number, start: number): LeastSquaresFold['nonFinite'] {
  for (let i = 0; i < nb; i++) if (!Number.isFinite(r[i])) return { row: start + i, param: null, value: r[i] };
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < nb; i++) {
      const v = B[i + k * nb];
      if (!Number.isFinite(v)) return { row: start + i, param: k, value: v };
    }
  }
  return null;
}
