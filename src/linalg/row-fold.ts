/**
 * Triangularising a tall matrix a block of rows at a time (the streaming "TSQR" scheme): after
 * each block, R is the Householder QR factor of [R; block]. Only the diagonal of R and the
 * block enter each reflector (R is zero below its diagonal), so a block of nb rows costs nb·q²
 * multiplications and no m×q work space is needed. Householder QR is column-wise backward
 * stable, so R is as good as one QR of the whole matrix: RᵀR = AᵀA, and with the right-hand side
 * carried as the last column, the last column of R holds Qᵀb and its last entry ±‖b − A·x̂‖.
 */

/**
 * Fold the block B (nb×q, column-major with leading dimension nb) into the q×q upper triangular
 * R (column-major, leading dimension q), in place. B is destroyed.
 */
export function foldRows(R: Float64Array, q: number, B: Float64Array, nb: number): void {
  for (let j = 0; j < q; j++) {
    const bj = j * nb;
    const alpha = R[j + j * q]!;
    let sigma = 0;
    for (let i = 0; i < nb; i++) sigma += B[bj + i]! * B[bj + i]!;
    let norm = Math.sqrt(alpha * alpha + sigma);
    if (!Number.isFinite(norm) || sigma < 1e-280) {
      // Squares out of floating-point range (tiny entries square to 0): the same norm, scaled by
      // the largest entry first. A block column that is truly zero needs no reflection.
      let blockMax = 0;
      for (let i = 0; i < nb; i++) blockMax = Math.max(blockMax, Math.abs(B[bj + i]!));
      if (blockMax === 0) continue;
      const scale = Math.max(blockMax, Math.abs(alpha));
      let sum = (alpha / scale) ** 2;
      for (let i = 0; i < nb; i++) sum += (B[bj + i]! / scale) ** 2;
      norm = scale * Math.sqrt(sum);
    }
    const beta = alpha <= 0 ? norm : -norm;
    const tau = (beta - alpha) / beta;
    const v0 = alpha - beta;
    // v = [1; B[:, j] / v0]; apply H = I − τ·v·vᵀ to the columns right of j.
    const inv = 1 / v0;
    for (let i = 0; i < nb; i++) B[bj + i] = B[bj + i]! * inv;
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

/** Rows per block: large enough to amortise the loops, small enough to stay in cache. */
export const FOLD_BLOCK = 2048;

/**
 * R (n×n) and the first n entries of Qᵀb for the column-major m×n matrix A and the vector b,
 * folded block by block; neither input is modified.
 */
export function triangularFactor(A: Float64Array, m: number, n: number, b: Float64Array): { R: Float64Array; qtb: Float64Array } {
  const q = n + 1;
  const Raug = new Float64Array(q * q);
  const B = new Float64Array(FOLD_BLOCK * q);
  for (let start = 0; start < m; start += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, m - start);
    for (let j = 0; j < n; j++) B.set(A.subarray(j * m + start, j * m + start + nb), j * nb);
    B.set(b.subarray(start, start + nb), n * nb);
    foldRows(Raug, q, B, nb);
  }
  const R = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) R[i + j * n] = Raug[i + j * q]!;
  return { R, qtb: Float64Array.from({ length: n }, (_, i) => Raug[i + n * q]!) };
}
