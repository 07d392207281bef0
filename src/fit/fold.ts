/**
 * The fold of a model linear in its parameters: the small sufficient statistic of a least-squares
 * fit. Rows are folded as they arrive into the (P+1)×(P+1) triangular factor R of [J | r] at
 * parameters 0 (Householder, a block of FOLD_BLOCK rows at a time: linalg/row-fold.ts), so that
 * R's last column holds Qᵀr and its last entry ±√RSS. Beside it: the 2×2 factor of [w | w·y]
 * (whose last entry squared is the total sum of squares about the weighted mean, for R²), the
 * row count and Σ 2·log w (for the log-likelihood with --sigma).
 *
 * Folds of parts of the data merge into the fold of the whole (stack the factors, fold again),
 * which is what streaming, `--save-fold` and `--folds` are built on.
 *
 * A polynomial is folded in centred, power-of-two-scaled z = (x − xm)/xs, as fit.ts solves it.
 * A stream does not know x's range before it ends, so the basis is chosen from the first block
 * and, when later rows fall outside |z| ≤ 2, changed to one that covers them: for z_old =
 * α·z_new + β the design's columns are V_new = V_old·A⁻¹ with A⁻¹ upper triangular, so
 * R_new = R_old·A⁻¹ (Qᵀr and the RSS do not change). α is a ratio of powers of two (exact);
 * β = (xm_old − xm_new)/xs_new is rounded once. At the end (and on merging) the factor is moved to
 * the basis of the whole range, the one fit.ts uses for the rows kept in memory.
 */
import { compileKernel, type Kernel } from '../expr/index.js';
import type { Node } from '../expr/ast.js';
import { CHUNK_ROWS, FOLD_BLOCK, foldRows } from '../linalg/index.js';
import { InputError } from '../errors.js';
import { binomials, standardPolynomial, type Standardisation } from './polynomial.js';
import type { FitRows } from './jacobian-factor.js';

/** What was fitted, as the fold records it. */
export interface FoldModel {
  /** The model as the user reads it back (spec.text). */
  text: string;
  params: string[];
  /** The model's data identifiers (`x` is the -x column). */
  data: string[];
  /** --degree N, else null. */
  degree: number | null;
  /**
   * For a polynomial (--degree, or a --model written term by term): order[k] is the index in
   * `params` of the parameter of x^k. Null for another model linear in its parameters.
   */
  order: number[] | null;
}

/** The basis of a polynomial fold: z = (x − xm)/xs, xs a power of two. */
export interface Basis {
  xm: number;
  xs: number;
}

export interface FitFold {
  model: FoldModel;
  /** The polynomial's basis (null for other models, and for a polynomial fold of no rows). */
  basis: Basis | null;
  /** (P+1)×(P+1) upper triangular, column-major: the factor of [J | r] at parameters 0. */
  R: Float64Array;
  /** 2×2 upper triangular, column-major: the factor of [w | w·y]. */
  mean: Float64Array;
  /** Rows folded. */
  n: number;
  /** Σ 2·log(w) over the rows (0 without --sigma). */
  sumLogW: number;
  /** The polynomial variable's range and largest magnitude, null for other models or no rows. */
  x: { min: number; max: number; absMax: number } | null;
}

/** Rows beyond |z| = LIMIT in the current basis move the fold to a wider basis. */
const LIMIT = 2;

/** The basis fit.ts uses for x in [lo, hi] (polynomial.ts rangeStandardisation). */
export function rangeBasis(lo: number, hi: number): Basis {
  const xm = lo / 2 + hi / 2;
  const half = hi / 2 - lo / 2;
  const xs = half > 0 && Number.isFinite(half) ? 2 ** Math.round(Math.log2(half)) : 1;
  return { xm, xs };
}

function standardisationOf(b: Basis): Standardisation {
  return { xm: b.xm, xs: b.xs, ym: 0, ys: 1 };
}

/**
 * R (q×q, column-major, q = degree + 2) moved in place from the basis `from` to the basis `to`:
 * R ← R·diag(A⁻¹, 1) with A⁻¹[k][j] = C(j, k)·a^k·b^(j−k), z_to = a·z_from + b.
 */
export function rebase(R: Float64Array, degree: number, from: Basis, to: Basis): void {
  if (from.xm === to.xm && from.xs === to.xs) return;
  const q = degree + 2;
  const a = from.xs / to.xs;
  const b = (from.xm - to.xm) / to.xs;
  const C = binomials(degree);
  const column = new Float64Array(q);
  // Column j of the product needs columns k ≤ j of R: from the last column back, each read before it is overwritten.
  for (let j = degree; j >= 0; j--) {
    column.fill(0);
    for (let k = 0; k <= j; k++) {
      const t = C[j][k] * a ** k * b ** (j - k);
      if (t === 0) continue;
      for (let i = 0; i <= k; i++) column[i] += R[i + k * q] * t;
    }
    for (let i = 0; i < q; i++) R[i + j * q] = i <= j ? column[i] : 0;
  }
}

/** Fold the upper triangular q×q `S` into `R` (both column-major; S is not changed). */
export function mergeFactor(R: Float64Array, S: Float64Array, q: number): void {
  foldRows(R, q, Float64Array.from(S), q);
}

/**
 * Folds rows as they come. Rows are staged into blocks of exactly FOLD_BLOCK (whatever the sizes
 * handed in), so the blocks are those of fit.ts's own pass over the same rows, and a model that is
 * not a polynomial gets the very factor the in-memory fit starts from.
 */
export class Folder {
  readonly fold: FitFold;
  private readonly P: number;
  private readonly q: number;
  private kernel: Kernel | null = null;
  /** Staged rows: the model's data columns, y, w. */
  private readonly cols: Float64Array[];
  private readonly y = new Float64Array(FOLD_BLOCK);
  private readonly w: Float64Array | null;
  private staged = 0;
  private readonly B: Float64Array;
  private readonly M = new Float64Array(2 * FOLD_BLOCK);
  private readonly zero: Float64Array;
  /**
   * The factor of the rows since the last chunk boundary: every CHUNK_ROWS rows it joins the
   * fold's R (copied into it the first time, merged after), as the in-memory fit's chunks do
   * (jacobian-factor.ts), so that both give the same factor.
   */
  private readonly chunk: Float64Array;
  private chunkRows = 0;
  private merged = false;

  constructor(
    model: FoldModel,
    /** For a model that is not a polynomial: its kernel (parameters model.params, columns model.data). */
    kernel: Kernel | null,
    weighted: boolean,
  ) {
    this.P = model.params.length;
    this.q = this.P + 1;
    this.fold = { model, basis: null, R: new Float64Array(this.q * this.q), mean: new Float64Array(4), n: 0, sumLogW: 0, x: null };
    if (model.order === null) {
      if (kernel === null) throw new Error('Folder: a model that is not a polynomial needs its kernel');
      this.kernel = kernel;
    }
    // A polynomial reads one column (its variable); another model, its data columns.
    this.cols = (model.order === null ? model.data : [model.data[0] ?? 'x']).map(() => new Float64Array(FOLD_BLOCK));
    this.w = weighted ? new Float64Array(FOLD_BLOCK) : null;
    this.B = new Float64Array(FOLD_BLOCK * this.q);
    this.zero = new Float64Array(this.P);
    this.chunk = new Float64Array(this.q * this.q);
  }

  /** Add rows (`rows.cols` in the model's data order; only the first is read for a polynomial). */
  add(rows: FitRows): void {
    let start = 0;
    const n = rows.n;
    while (start < n) {
      const take = Math.min(FOLD_BLOCK - this.staged, n - start);
      for (let j = 0; j < this.cols.length; j++) this.cols[j].set(rows.cols[j].subarray(start, start + take), this.staged);
      this.y.set(rows.y.subarray(start, start + take), this.staged);
      if (this.w) this.w.set((rows.w as Float64Array).subarray(start, start + take), this.staged);
      this.staged += take;
      start += take;
      if (this.staged === FOLD_BLOCK) this.flush();
    }
  }

  /** The fold of every row added. */
  finish(): FitFold {
    this.flush();
    this.closeChunk();
    return this.fold;
  }

  /** The chunk's factor into the fold's. */
  private closeChunk(): void {
    if (this.chunkRows === 0) return;
    if (this.merged) mergeFactor(this.fold.R, this.chunk, this.q);
    else this.fold.R.set(this.chunk);
    this.merged = true;
    this.chunk.fill(0);
    this.chunkRows = 0;
  }

  private flush(): void {
    const nb = this.staged;
    if (nb === 0) return;
    this.staged = 0;
    const f = this.fold;
    const cols = this.cols.map((c) => c.subarray(0, nb));
    const y = this.y.subarray(0, nb);
    const w = this.w ? this.w.subarray(0, nb) : null;
    if (f.model.order !== null) this.placePolynomial(cols[0] as Float64Array);
    const kernel = this.kernel as Kernel;
    const q = this.q;
    const B = this.B.subarray(0, nb * q);
    const r = B.subarray(this.P * nb, q * nb);
    kernel.residuals(this.zero, cols, y, w, nb, r, B);
    const s = foldRows(this.chunk, q, B, nb);
    if (!Number.isFinite(s) || !this.chunk.every(Number.isFinite)) {
      kernel.residuals(this.zero, cols, y, w, nb, r, B);
      for (let i = 0; i < nb; i++) {
        for (let k = 0; k < q; k++) {
          if (!Number.isFinite(B[i + k * nb])) {
            const what = k === this.P ? 'the model' : `the model's derivative with respect to ${f.model.params[k]}`;
            throw new InputError(`${what} is not finite at parameters 0 for data row ${f.n + i + 1}, so it cannot be folded as linear in its parameters; leave such rows out with --where`);
          }
        }
      }
      throw new InputError(`the fold's sums of squares overflow at data rows ${f.n + 1}–${f.n + nb}: rescale the data (other units)`);
    }
    // [w | w·y] for the total sum of squares.
    const M = this.M.subarray(0, 2 * nb);
    for (let i = 0; i < nb; i++) {
      const wi = w ? w[i] : 1;
      M[i] = wi;
      M[nb + i] = wi * y[i];
    }
    foldRows(f.mean, 2, M, nb);
    if (w) for (let i = 0; i < nb; i++) f.sumLogW += 2 * Math.log(w[i]);
    f.n += nb;
    this.chunkRows += nb;
    if (this.chunkRows === CHUNK_ROWS) this.closeChunk();
  }

  /** Before folding a polynomial's block: its basis (chosen, or widened to cover the block) and its kernel. */
  private placePolynomial(x: Float64Array): void {
    const f = this.fold;
    let lo = Infinity;
    let hi = -Infinity;
    let big = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const a = Math.abs(v);
      if (a > big) big = a;
    }
    const degree = this.P - 1;
    const range = f.x;
    f.x = range === null ? { min: lo, max: hi, absMax: big } : { min: Math.min(range.min, lo), max: Math.max(range.max, hi), absMax: Math.max(range.absMax, big) };
    const basis = f.basis;
    const inside = (b: Basis) => Math.abs(lo - b.xm) <= LIMIT * b.xs && Math.abs(hi - b.xm) <= LIMIT * b.xs;
    if (basis !== null && this.kernel !== null && inside(basis)) return;
    const next = rangeBasis(f.x.min, f.x.max);
    if (basis !== null) {
      rebase(f.R, degree, basis, next);
      rebase(this.chunk, degree, basis, next);
    }
    f.basis = next;
    this.kernel = polynomialKernel(degree, next);
  }
}

/**
 * A Folder of `model`, whose tree is `ast`: a model that is not a polynomial is folded with its
 * kernel compiled from the tree (a polynomial's kernel is made by the Folder, per basis).
 */
export function folderOf(model: FoldModel, ast: Node | null, weighted: boolean): Folder {
  const kernel = model.order === null && ast !== null ? compileKernel(ast, { params: model.params, columns: model.data }) : null;
  return new Folder(model, kernel, weighted);
}

/** The kernel of Σ c_k·z^k in the basis b (parameters c0..cN, column x), as fit.ts compiles it. */
export function polynomialKernel(degree: number, b: Basis): Kernel {
  const powers = Array.from({ length: degree + 1 }, (_, k) => `c${k}`);
  return compileKernel(standardPolynomial(degree, standardisationOf(b)), { params: powers, columns: ['x'] });
}

/** A copy of a fold (its arrays too). */
export function copyFold(f: FitFold): FitFold {
  return { ...f, R: Float64Array.from(f.R), mean: Float64Array.from(f.mean), basis: f.basis && { ...f.basis }, x: f.x && { ...f.x } };
}

/**
 * The fold of the union of the parts' rows. The parts must be of the same model (checked by the
 * caller, which can name the files); parts of no rows add nothing. A polynomial's parts are first
 * moved to the basis of the whole range.
 */
export function mergeFolds(parts: readonly FitFold[]): FitFold {
  const first = parts[0];
  if (first === undefined) throw new Error('mergeFolds: no parts');
  const q = first.model.params.length + 1;
  const full = parts.filter((p) => p.n > 0);
  const out: FitFold = { model: first.model, basis: null, R: new Float64Array(q * q), mean: new Float64Array(4), n: 0, sumLogW: 0, x: null };
  if (full.length === 0) return out;
  let target: Basis | null = null;
  if (first.model.order !== null) {
    let lo = Infinity;
    let hi = -Infinity;
    let big = 0;
    for (const p of full) {
      const r = p.x as NonNullable<FitFold['x']>;
      lo = Math.min(lo, r.min);
      hi = Math.max(hi, r.max);
      big = Math.max(big, r.absMax);
    }
    out.x = { min: lo, max: hi, absMax: big };
    target = rangeBasis(lo, hi);
    out.basis = target;
  }
  for (const p of full) {
    const R = Float64Array.from(p.R);
    if (target !== null) rebase(R, q - 2, p.basis as Basis, target);
    if (out.n === 0) out.R.set(R);
    else mergeFactor(out.R, R, q);
    if (out.n === 0) out.mean.set(p.mean);
    else mergeFactor(out.mean, p.mean, 2);
    out.n += p.n;
    out.sumLogW += p.sumLogW;
  }
  return out;
}
