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
 *
 * More than CHUNK_ROWS rows are folded a chunk at a time: each chunk of CHUNK_ROWS rows into a
 * factor of its own, and the chunks' factors into one, in row order (TSQR's merge: a factor is a
 * block of rows like any other). Chunks are independent, so worker threads fold some of them
 * (fold-threads.ts) while this thread folds the others. The chunks and their order depend on the
 * number of rows alone, never on the threads, so the factor is the same bit for bit on one thread
 * or several. It differs from one sequence of blocks over every row only by rounding (both are
 * backward stable, to a few units of ε·‖[J | r]‖ in each column).
 */
import type { Kernel, ResidualsFn } from '../expr/index.js';
import { CHUNK_ROWS, FOLD_BLOCK, foldRows } from '../linalg/index.js';
import type { LeastSquaresFold } from '../optim/index.js';
import { shareChunks, type ChunkFold } from './fold-threads.js';

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
 * The residuals r and the Jacobian J (column-major, n×p) at `params`, a block of FOLD_BLOCK rows at
 * a time (no n×p matrix is held), given to `visit` with the block's first row, until it returns true.
 */
export function eachJacobianBlock(kernel: Kernel, params: Float64Array, rows: FitRows, visit: (start: number, n: number, r: Float64Array, J: Float64Array) => boolean): void {
  const r = new Float64Array(FOLD_BLOCK);
  const J = new Float64Array(FOLD_BLOCK * params.length);
  for (let start = 0; start < rows.n; start += FOLD_BLOCK) {
    const b = rowBlock(rows, start, Math.min(rows.n, start + FOLD_BLOCK));
    kernel.residuals(params, b.cols, b.y, b.w, b.n, r, J);
    if (visit(start, b.n, r, J)) return;
  }
}

/**
 * Σr² and the factor of [J | r] at `params` (see LeastSquaresFold). A residual that is not finite,
 * or squares that overflow, end the pass (Σr² is then not finite); a derivative that is not
 * finite is reported, and Σr² is still summed over every row.
 */
export function foldJacobian(kernel: Kernel, params: Float64Array, rows: FitRows): LeastSquaresFold {
  const p = params.length;
  const q = p + 1;
  const residuals: ResidualsFn = (pp, cols, y, w, n, r, J) => kernel.residuals(pp, cols, y, w, n, r, J);
  if (rows.n <= CHUNK_ROWS) return finished(foldChunk(residuals, params, rows, 0, rows.n), p);
  const chunks = shareChunks('fold', kernel, params, rows, chunkRanges(rows.n), (range) => foldChunk(residuals, params, rows, range[0], range[1]));
  // The chunks in row order: the first one that stopped at a residual ends the pass there, as
  // one sequence of blocks would.
  const stopped = chunks.find((c) => c.stopped);
  if (stopped) return finished(stopped, p);
  const Raug = Float64Array.from(chunks[0].Raug);
  let rss = chunks[0].rss;
  for (let k = 1; k < chunks.length; k++) {
    foldRows(Raug, q, Float64Array.from(chunks[k].Raug), q);
    rss += chunks[k].rss;
  }
  return finished({ Raug, rss, nonFinite: chunks.find((c) => c.nonFinite !== null)?.nonFinite ?? null, stopped: false }, p);
}

/**
 * Σ(w·(f − y))² at `params` (Kernel.sumSquares), over more than CHUNK_ROWS rows a chunk at a time,
 * some on the fold workers, the chunks' sums added in row order: the same bits on any number of
 * threads, and within rounding of one sum over every row.
 */
export function sumOfSquares(kernel: Kernel, params: Float64Array, rows: FitRows): number {
  if (rows.n <= CHUNK_ROWS) return kernel.sumSquares(params, rows.cols, rows.y, rows.w, rows.n, null);
  const sums = shareChunks('sum', kernel, params, rows, chunkRanges(rows.n), ([start, end]) => {
    const b = rowBlock(rows, start, end);
    return kernel.sumSquares(params, b.cols, b.y, b.w, b.n, null);
  });
  let total = 0;
  for (const s of sums) total += s;
  return total;
}

/** [start, end) of each chunk of n rows. */
function chunkRanges(n: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < n; start += CHUNK_ROWS) ranges.push([start, Math.min(n, start + CHUNK_ROWS)]);
  return ranges;
}

/** R, Qᵀr and Σr² from the fold of [J | r] (q = p + 1 columns). */
function finished(chunk: ChunkFold, p: number): LeastSquaresFold {
  if (chunk.stopped) {
    return { rss: Number.NaN, R: new Float64Array(p * p).fill(Number.NaN), qtr: new Float64Array(p).fill(Number.NaN), nonFinite: chunk.nonFinite };
  }
  const q = p + 1;
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) R[i + j * p] = chunk.Raug[i + j * q];
  const qtr = Float64Array.from({ length: p }, (_, i) => chunk.Raug[i + p * q]);
  return { rss: chunk.rss, R, qtr, nonFinite: chunk.nonFinite };
}

/**
 * Fold rows [start, end) into a factor of their own, a block of FOLD_BLOCK rows at a time (blocks
 * counted from `start`). Used by this thread and by the fold workers alike.
 */
export function foldChunk(residuals: ResidualsFn, params: Float64Array, rows: FitRows, start: number, end: number): ChunkFold {
  const p = params.length;
  const q = p + 1;
  const n = end - start;
  // A work block no larger than the data: small fits are folded many times by the start search.
  const B = new Float64Array(Math.min(FOLD_BLOCK, Math.max(n, 1)) * q);
  const Raug = new Float64Array(q * q);
  let rss = 0;
  let nonFinite: ChunkFold['nonFinite'] = null;
  for (let from = start; from < end; from += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, end - from);
    const b = rowBlock(rows, from, from + nb);
    // The block's rows of [J | r], column-major nb×q: J's columns, then r.
    const r = B.subarray(p * nb, q * nb);
    const J = B.subarray(0, p * nb);
    residuals(params, b.cols, b.y, b.w, nb, r, J);
    const s = foldRows(Raug, q, B, nb);
    if (!Number.isFinite(s)) {
      residuals(params, b.cols, b.y, b.w, nb, r, J);
      return { Raug, rss: Number.NaN, nonFinite: firstNonFinite(B, r, nb, 0, from), stopped: true };
    }
    rss += s;
    // A derivative that is not finite spreads into the factor; the block is computed again to say where.
    if (nonFinite === null && !Raug.every(Number.isFinite)) {
      residuals(params, b.cols, b.y, b.w, nb, r, J);
      nonFinite = firstNonFinite(B, r, nb, p, from);
    }
  }
  return { Raug, rss, nonFinite, stopped: false };
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
