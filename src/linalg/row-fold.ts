/**
 * Triangularising a tall matrix a block of rows at a time (the streaming "TSQR" scheme): after
 * each block, R is the Householder QR factor of [R; block]. Only the diagonal of R and the
 * block enter each reflector (R is zero below its diagonal), so a block of nb rows costs nb·q²
 * multiplications and no m×q work space is needed. Householder QR is column-wise backward
 * stable, so R is as good as one QR of the whole matrix: RᵀR = AᵀA, and with the right-hand side
 * carried as the last column, the last column of R holds Qᵀb and its last entry ±‖b − A·x̂‖.
 */

/**
 * Block column sums of squares inside this range need no scaling: every entry is then below
 * 1e100 in magnitude, so no product overflows, and every non-zero column has a norm above
 * 1e-100, so the products that underflow are below its rounding.
 */
const SAFE_SQUARES_MIN = 1e-200;
const SAFE_SQUARES_MAX = 1e200;

/**
 * Fold the block B (nb×q, column-major with leading dimension nb) into the q×q upper triangular
 * R (column-major, leading dimension q), in place. B is destroyed. Returns the sum of squares of
 * B's last column as it was (the right-hand side's, when B is [A | b]), summed on the way.
 */
export function foldRows(R: Float64Array, q: number, B: Float64Array, nb: number): number {
  if (!primed && nb === FOLD_BLOCK) primeTails();
  // Every column is read once before anything is written: its sum of squares, and its dot product
  // with the first column (the first reflector needs those). The squares decide whether the block
  // is safe for the fast fold.
  const squares = new Float64Array(q);
  const firstDots = new Float64Array(q);
  squares[0] = sumSquares(B, 0, nb);
  for (let k = 1; k < q; k++) dotAndSquares(B, k * nb, nb, firstDots, squares, k);
  for (let j = 0; j < q; j++) {
    const s = squares[j];
    // (Squares of entries below 1e-162 are 0: a column whose sum is 0 must be zero to be safe.)
    if (s === 0 ? !isZero(B, j * nb, nb) : !(s >= SAFE_SQUARES_MIN && s <= SAFE_SQUARES_MAX)) {
      foldRowsScaled(R, q, B, nb);
      return squares[q - 1];
    }
  }
  for (let j = 0; j < q; j++) {
    if (stiff(R, q, B, nb, j, squares[j])) {
      foldRowsScaled(R, q, B, nb);
      return squares[q - 1];
    }
  }
  foldRowsInRange(R, q, B, nb, squares[0], firstDots);
  return squares[q - 1];
}

/**
 * The fast fold, for blocks whose entries are of moderate size. Each reflector is applied
 * without first scaling its column (the scale goes into the coefficients), dot products run with
 * two accumulators, and the next column's norm is summed while that column is updated.
 * `firstSquares` and `firstDots` are column 0's sum of squares and its dot products with the others.
 */
function foldRowsInRange(R: Float64Array, q: number, B: Float64Array, nb: number, firstSquares: number, firstDots: Float64Array): void {
  let sigma = firstSquares;
  for (let j = 0; j < q; j++) {
    const bj = j * nb;
    if (sigma === 0) {
      // The block's part of column j is zero: no reflection; the next column is as it was.
      if (j + 1 < q) sigma = sumSquares(B, (j + 1) * nb, nb);
      continue;
    }
    const alpha = R[j + j * q];
    const norm = hypotSquared(alpha, sigma);
    const beta = alpha <= 0 ? norm : -norm;
    const tau = (beta - alpha) / beta;
    // The reflector is v = [1; B[:, j]·inv].
    const inv = 1 / (alpha - beta);
    let next = 0;
    for (let k = j + 1; k < q; k++) {
      const bk = k * nb;
      const t = tau * (R[j + k * q] + inv * (j === 0 ? firstDots[k] : dot(B, bj, bk, nb)));
      R[j + k * q] = R[j + k * q] - t;
      const c = t * inv;
      let i = 0;
      if (k === j + 1) {
        let s0 = 0;
        let s1 = 0;
        for (; i + 1 < nb; i += 2) {
          const u = B[bk + i] - c * B[bj + i];
          const v = B[bk + i + 1] - c * B[bj + i + 1];
          B[bk + i] = u;
          B[bk + i + 1] = v;
          s0 += u * u;
          s1 += v * v;
        }
        if (i < nb) {
          const u = B[bk + i] - c * B[bj + i];
          B[bk + i] = u;
          s0 += u * u;
        }
        next = s0 + s1;
      } else {
        for (; i < nb; i++) B[bk + i] = B[bk + i] - c * B[bj + i];
      }
    }
    R[j + j * q] = beta;
    sigma = next;
  }
}

/**
 * A block is stiff in column j when one of its rows outweighs the rest of the column and R's
 * diagonal entry together by more than STIFF_RATIO in squares: rows of very different weights
 * (--sigma of 1e-15 beside 1). A reflector whose pivot is R's small entry rather than that row
 * leaves rounding of the heavy row's size (ε·|heavy|) in the light rows, wiping out their
 * information (Powell and Reid; Cox and Higham, "Stability of Householder QR factorization for
 * weighted least squares problems", 1998). Such blocks take the fold with row pivoting.
 */
const STIFF_RATIO = 1e6;

function stiff(R: Float64Array, q: number, B: Float64Array, nb: number, j: number, squares: number): boolean {
  const alpha = R[j + j * q];
  if (!(squares > STIFF_RATIO * alpha * alpha)) return false;
  let big = 0;
  for (let i = 0; i < nb; i++) big = Math.max(big, Math.abs(B[j * nb + i]));
  return big * big > STIFF_RATIO * (squares - big * big + alpha * alpha);
}

/**
 * The same fold for blocks with entries near the ends of the floating-point range, or stiff ones:
 * each column's norm is scaled by its largest entry before squaring, and the column is divided by
 * the reflector's pivot before any product is formed. Row pivoting: when a block row's entry in
 * column j is larger than R's diagonal entry, that row and R's row j change places first (rows of
 * a least-squares problem may be taken in any order; R's row j is zero left of j, and so is the
 * block row after the reflections before j), so that the pivot of each reflector is its largest
 * entry.
 */
function foldRowsScaled(R: Float64Array, q: number, B: Float64Array, nb: number): void {
  for (let j = 0; j < q; j++) {
    const bj = j * nb;
    let top = -1;
    let topAbs = Math.abs(R[j + j * q]);
    for (let i = 0; i < nb; i++) {
      const a = Math.abs(B[bj + i]);
      if (a > topAbs) {
        topAbs = a;
        top = i;
      }
    }
    if (top >= 0) {
      for (let k = j; k < q; k++) {
        const t = R[j + k * q];
        R[j + k * q] = B[k * nb + top];
        B[k * nb + top] = t;
      }
    }
    // A column whose largest entry is below 2^-900 (a derivative that underflowed to subnormal
    // numbers) forms its reflector from the column times 2^600, exactly: v and τ then keep every
    // digit (computed from the subnormal norm, the reflection was not orthogonal, and 1/v0 could
    // overflow), and only β is scaled back, to the subnormal number it is.
    const lifted = topAbs > 0 && topAbs < TINY_COLUMN;
    if (lifted) for (let i = 0; i < nb; i++) B[bj + i] = B[bj + i] * LIFT;
    const alpha = lifted ? R[j + j * q] * LIFT : R[j + j * q];
    let sigma = 0;
    for (let i = 0; i < nb; i++) sigma += B[bj + i] * B[bj + i];
    let norm = Math.sqrt(alpha * alpha + sigma);
    if (!Number.isFinite(norm) || sigma < 1e-280) {
      // Squares out of floating-point range (tiny entries square to 0): the same norm, scaled by
      // the largest entry first. A block column that is truly zero needs no reflection.
      let blockMax = 0;
      for (let i = 0; i < nb; i++) blockMax = Math.max(blockMax, Math.abs(B[bj + i]));
      if (blockMax === 0) continue;
      const scale = Math.max(blockMax, Math.abs(alpha));
      let sum = (alpha / scale) ** 2;
      for (let i = 0; i < nb; i++) sum += (B[bj + i] / scale) ** 2;
      norm = scale * Math.sqrt(sum);
    }
    const beta = alpha <= 0 ? norm : -norm;
    const tau = (beta - alpha) / beta;
    const v0 = alpha - beta;
    // v = [1; B[:, j] / v0]; apply H = I − τ·v·vᵀ to the columns right of j.
    const inv = 1 / v0;
    for (let i = 0; i < nb; i++) B[bj + i] = B[bj + i] * inv;
    for (let k = j + 1; k < q; k++) {
      const bk = k * nb;
      let dot = R[j + k * q];
      for (let i = 0; i < nb; i++) dot += B[bj + i] * B[bk + i];
      const t = tau * dot;
      R[j + k * q] = R[j + k * q] - t;
      for (let i = 0; i < nb; i++) B[bk + i] = B[bk + i] - t * B[bj + i];
    }
    R[j + j * q] = lifted ? beta / LIFT : beta;
  }
}

/** Columns below this are lifted by LIFT (an exact power of two) to form their reflector. */
const TINY_COLUMN = 2 ** -900;
const LIFT = 2 ** 600;

/** Σ B[o..o+nb)², with two accumulators. */
function sumSquares(B: Float64Array, o: number, nb: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < nb; i += 2) {
    s0 += B[o + i] * B[o + i];
    s1 += B[o + i + 1] * B[o + i + 1];
  }
  if (i < nb) s0 += B[o + i] * B[o + i];
  return s0 + s1;
}

/** True when B[o..o+nb) is all zeros. */
function isZero(B: Float64Array, o: number, nb: number): boolean {
  for (let i = 0; i < nb; i++) if (B[o + i] !== 0) return false;
  return true;
}

/** Σ B[bj + i]·B[bk + i] over the block, with two accumulators. */
function dot(B: Float64Array, bj: number, bk: number, nb: number): number {
  let d0 = 0;
  let d1 = 0;
  let i = 0;
  for (; i + 1 < nb; i += 2) {
    d0 += B[bj + i] * B[bk + i];
    d1 += B[bj + i + 1] * B[bk + i + 1];
  }
  if (i < nb) d0 += B[bj + i] * B[bk + i];
  return d0 + d1;
}

/** In one read of column k (at offset bk): dots[k] = its dot product with column 0, squares[k] = its sum of squares. */
function dotAndSquares(B: Float64Array, bk: number, nb: number, dots: Float64Array, squares: Float64Array, k: number): void {
  let d0 = 0;
  let d1 = 0;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < nb; i += 2) {
    const u = B[bk + i];
    const v = B[bk + i + 1];
    d0 += B[i] * u;
    d1 += B[i + 1] * v;
    s0 += u * u;
    s1 += v * v;
  }
  if (i < nb) {
    d0 += B[i] * B[bk + i];
    s0 += B[bk + i] * B[bk + i];
  }
  dots[k] = d0 + d1;
  squares[k] = s0 + s1;
}

/**
 * Type feedback for the odd-length tails of the loops above, given before V8 first compiles them.
 * A long fit's blocks are 2048 rows, so those loops are compiled in the middle of a long loop that
 * has never reached its tail; an odd block (the merge of chunk factors folds q rows) then left
 * that code at the tail each time, without V8 discarding it: dozens of deoptimisations a fit.
 * V8 keeps type feedback only for a function called a few dozen times: hence the loop. Done at the
 * first full block, not at load (a fraction of a millisecond that a small fit need not pay).
 */
let primed = false;
function primeTails(): void {
  primed = true;
  const b = new Float64Array(3);
  for (let k = 0; k < 64; k++) {
    dot(b, 0, 1, 1);
    dotAndSquares(b, 1, 1, b, b, 0);
    sumSquares(b, 0, 1);
  }
}

/** √(α² + σ) without overflow for a large α (σ is at most 1e200 here). */
function hypotSquared(alpha: number, sigma: number): number {
  const a = Math.abs(alpha);
  if (a < 1e150) return Math.sqrt(alpha * alpha + sigma);
  return a * Math.sqrt(1 + sigma / a / a);
}

/** Rows per block: large enough to amortise the loops, small enough to stay in cache. */
export const FOLD_BLOCK = 2048;

/**
 * Rows per chunk of a long fold (64 blocks): each chunk is folded into a factor of its own and the
 * factors merged in order, so chunks can be folded on other threads (fit/jacobian-factor.ts).
 */
export const CHUNK_ROWS = 64 * FOLD_BLOCK;

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
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) R[i + j * n] = Raug[i + j * q];
  return { R, qtb: Float64Array.from({ length: n }, (_, i) => Raug[i + n * q]) };
}
