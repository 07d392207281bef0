/**
 * The triangular factor of a model's Jacobian, folded over the rows block by block so that no
 * n×p matrix is ever held: after each block, R of [J | r] is the Householder QR of
 * [R; the block's rows of J and r] (the streaming "TSQR" scheme). Householder QR is
 * column-wise backward stable, so the factor is as accurate as one QR of the whole matrix, and
 * ‖J·δ + r‖² = ‖R·δ + Qᵀr‖² + const gives Gauss–Newton steps and the covariance from R alone.
 */
import type { Kernel } from '../expr/index.js';

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

const BLOCK = 2048;

/**
 * Householder QR of [R; B] for upper triangular R (q×q) above a dense block B (nb×q, with its
 * own leading dimension nb), written back into R; B is destroyed. Only the diagonal of R and
 * the block are in each reflector (R is zero below its diagonal), so a block costs nb·q²
 * multiplications.
 */
function annihilate(R: Float64Array, q: number, B: Float64Array, nb: number): void {
  for (let j = 0; j < q; j++) {
    const bj = j * nb;
    const alpha = R[j + j * q]!;
    let sigma = 0;
    for (let i = 0; i < nb; i++) sigma += B[bj + i]! * B[bj + i]!;
    if (sigma === 0) continue;
    let norm = Math.sqrt(alpha * alpha + sigma);
    if (!Number.isFinite(norm) || sigma < 1e-280) {
      // Squares out of floating-point range: the same norm, scaled by the largest entry first.
      let scale = Math.abs(alpha);
      for (let i = 0; i < nb; i++) scale = Math.max(scale, Math.abs(B[bj + i]!));
      let sum = (alpha / scale) ** 2;
      for (let i = 0; i < nb; i++) sum += (B[bj + i]! / scale) ** 2;
      norm = scale * Math.sqrt(sum);
    }
    const beta = alpha <= 0 ? norm : -norm;
    const tau = (beta - alpha) / beta;
    const v0 = alpha - beta;
    // v = [1; B[:, j] / v0]; apply H = I − τ·v·vᵀ to the columns right of j.
    for (let i = 0; i < nb; i++) B[bj + i] = B[bj + i]! / v0;
    for (let k = j + 1; k < q; k++) {
      const bk = k * nb;
      let dot = R[j + k * q]!;
      for (let i = 0; i < nb; i++) dot += B[bj + i]! * B[bk + i]!;
      const t = tau * dot;
      R[j + k * q] = R[j + k * q]! - t;
      for (let i = 0; i < nb; i++) B[bk + i] = B[bk + i]! - t * B[bj + i]!;
    }
    R[j + j * q] = beta;
  }
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
    kernel.residuals(
      params,
      rows.cols.map((c) => c.subarray(start, end)),
      rows.y.subarray(start, end),
      rows.w ? rows.w.subarray(start, end) : null,
      nb,
      r,
      J,
    );
    for (let i = 0; i < nb; i++) {
      const ri = r[i]!;
      rss += ri * ri;
      if (!Number.isFinite(ri)) finite = false;
    }
    if (!finite) break;
    // The block's rows of [J | r], column-major nb×q, below the current triangular factor.
    for (let i = 0; i < nb; i++) B[i + p * nb] = r[i]!;
    B.set(J.subarray(0, nb * p));
    annihilate(Raug, q, B, nb);
  }
  for (const v of Raug) if (!Number.isFinite(v)) finite = false;
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) R[i + j * p] = Raug[i + j * q]!;
  const qtr = Float64Array.from({ length: p }, (_, i) => Raug[i + p * q]!);
  return { R, qtr, rss, finite };
}
