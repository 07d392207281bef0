/**
 * Separable least squares. Parameters that enter a model linearly (amplitudes, offsets, slopes:
 * `A` and `b` in `A*exp(-(x-mu)^2/(2*s^2)) + b`) are read from the expression — the model is
 * affine in them — and for any values of the other parameters they are one linear least-squares
 * solve (variable projection, Golub and Pereyra 1973). A search then runs over the nonlinear
 * parameters only. Which parameters are linear is read once, in model.ts (linearity.ts).
 */
import type { Kernel } from '../expr/index.js';
import type { LeastSquares, LeastSquaresFold } from '../optim/index.js';
import { foldJacobian, type FitRows } from './jacobian-factor.js';
import { sampleRows } from './sample-rows.js';

/** `count` rows spread over the data (all of them when there are fewer; sample-rows.ts), as copies. */
export function spreadRows(rows: FitRows, count: number): FitRows {
  if (rows.n <= count) return rows;
  const pick = sampleRows(rows.n, count);
  return {
    cols: rows.cols.map((c) => Float64Array.from(pick, (i) => c[i])),
    y: Float64Array.from(pick, (i) => rows.y[i]),
    w: rows.w ? Float64Array.from(pick, (i) => rows.w![i]) : null,
    n: count,
  };
}

/** The best linear parameters for given nonlinear ones, and the sum of squares they leave. */
export interface Projection {
  /** Every parameter: the nonlinear ones as given, the linear ones solved. */
  params: Float64Array;
  rss: number;
}

/**
 * A model with linear parameters `linear` (indices into the parameters), evaluated on `rows`,
 * projected onto them: for parameters p (the linear entries ignored) the linear ones that
 * minimise Σ(w·(f − y))², by column-scaled QR of the basis g_j = f(c = e_j) − f(c = 0).
 */
export class Projector {
  private readonly g0: Float64Array;
  private readonly gj: Float64Array;
  private readonly A: Float64Array;
  private readonly b: Float64Array;
  private readonly point: Float64Array;
  private readonly R: Float64Array;
  private readonly z: Float64Array;
  private readonly coef: Float64Array;

  constructor(
    private readonly kernel: Kernel,
    private readonly linear: readonly number[],
    private readonly rows: FitRows,
  ) {
    this.g0 = new Float64Array(rows.n);
    this.gj = new Float64Array(rows.n);
    this.A = new Float64Array(rows.n * linear.length);
    this.b = new Float64Array(rows.n);
    this.point = new Float64Array(kernel.layout.params.length);
    this.R = new Float64Array(linear.length * linear.length);
    this.z = new Float64Array(linear.length);
    this.coef = new Float64Array(linear.length);
  }

  /**
   * Only the projected sum of squares (for screening many candidates). Infinity when the model
   * is not finite at p.
   */
  rss(p: Float64Array): number {
    return this.fill(p) ? this.orthogonalise() : Infinity;
  }

  /**
   * Modified Gram–Schmidt on the basis in A, twice per column, with a column that has nothing
   * left of its own (below 1e-10 of its size) dropped; b is orthogonalised along. Returns ‖b‖²
   * left, and leaves the coefficients of the basis in `coef` (0 for a dropped column). (Always:
   * compiled while candidates were screened, when only ‖b‖² was asked for, V8 left out the code
   * that solves for them, then left the compiled code each time a projection reached it: 32 to 54
   * times a fit, each time finishing the call in the interpreter.)
   */
  private orthogonalise(): number {
    const { A, b, linear, R, z, coef } = this;
    const n = this.rows.n;
    const l = linear.length;
    R.fill(0);
    for (let col = 0; col < l; col++) {
      const off = col * n;
      let size = 0;
      for (let i = 0; i < n; i++) size += A[off + i] * A[off + i];
      for (let pass = 0; pass < 2; pass++) {
        for (let prev = 0; prev < col; prev++) {
          const po = prev * n;
          let dot = 0;
          for (let i = 0; i < n; i++) dot += A[po + i] * A[off + i];
          if (dot === 0) continue;
          R[prev + col * l] = R[prev + col * l] + dot;
          for (let i = 0; i < n; i++) A[off + i] = A[off + i] - dot * A[po + i];
        }
      }
      let left = 0;
      for (let i = 0; i < n; i++) left += A[off + i] * A[off + i];
      if (!(left > 1e-20 * size) || !Number.isFinite(left)) {
        A.fill(0, off, off + n);
        z[col] = 0;
        continue;
      }
      const norm = Math.sqrt(left);
      R[col + col * l] = norm;
      for (let i = 0; i < n; i++) A[off + i] = A[off + i] / norm;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += A[off + i] * b[i];
      z[col] = dot;
      for (let i = 0; i < n; i++) b[i] = b[i] - dot * A[off + i];
    }
    backSubstitute(R, z, l, coef);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += b[i] * b[i];
    return sum;
  }

  /** The weighted response less g₀ in b, and the weighted basis in A; false where not finite. */
  private fill(p: Float64Array): boolean {
    const { kernel, linear, rows, g0, gj, A, b, point } = this;
    const n = rows.n;
    point.set(p);
    for (const j of linear) point[j] = 0;
    kernel.evaluate(point, rows.cols, n, g0);
    for (let i = 0; i < n; i++) {
      b[i] = (rows.w ? rows.w[i] : 1) * (rows.y[i] - g0[i]);
      if (!Number.isFinite(b[i])) return false;
    }
    for (let col = 0; col < linear.length; col++) {
      const j = linear[col];
      point[j] = 1;
      kernel.evaluate(point, rows.cols, n, gj);
      point[j] = 0;
      const off = col * n;
      for (let i = 0; i < n; i++) {
        const v = (rows.w ? rows.w[i] : 1) * (gj[i] - g0[i]);
        if (!Number.isFinite(v)) return false;
        A[off + i] = v;
      }
    }
    return true;
  }

  /**
   * The weighted basis at p: for each linear parameter, the model's change for a unit change of
   * it (copies); null when the model is not finite on some row.
   */
  basis(p: Float64Array): Float64Array[] | null {
    if (!this.fill(p)) return null;
    const n = this.rows.n;
    return this.linear.map((_, col) => this.A.slice(col * n, (col + 1) * n));
  }

  /** null when the model is not finite on some row at these parameters. */
  project(p: Float64Array): Projection | null {
    if (!this.fill(p)) return null;
    const rss = this.orthogonalise();
    const params = Float64Array.from(p);
    this.linear.forEach((j, col) => (params[j] = this.coef[col]));
    if (!params.every(Number.isFinite) || !Number.isFinite(rss)) return null;
    return { params, rss };
  }
}

/**
 * The coefficients of the basis from its triangular factor R (l×l, column-major) and z (b's
 * components along the orthogonalised columns): R·coef = z, 0 for a dropped column.
 */
function backSubstitute(R: Float64Array, z: Float64Array, l: number, coef: Float64Array): void {
  for (let col = l - 1; col >= 0; col--) {
    const diag = R[col + col * l];
    if (diag === 0) {
      coef[col] = 0;
      continue;
    }
    let v = z[col];
    for (let k = col + 1; k < l; k++) v -= R[col + k * l] * coef[k];
    coef[col] = v / diag;
  }
}

/**
 * Variable projection as a least-squares problem over the searched parameters alone (Kaufman's
 * form): at each point the linear parameters are solved exactly, and the Jacobian is that of the
 * searched parameters with the linear parameters' columns projected out. Both come from one
 * fold of the Jacobian with the columns in the order [linear, searched, others]: Householder QR
 * of [J_c J_θ | r] leaves in its trailing block the factor of (I − P)·J_θ, and r is already
 * orthogonal to J_c at the solved c. Minimising over θ alone removes most of the local minima a
 * fit over all the parameters has.
 */
export interface ProjectedProblem {
  /** The problem over θ (the searched parameters, in the order given). */
  ls: LeastSquares;
  /** Every parameter, in the model's order, for θ: the linear ones solved; null where not finite. */
  complete(theta: Float64Array): Float64Array | null;
}

export function projectedProblem(
  kernelFor: (order: readonly number[]) => Kernel,
  P: number,
  linear: readonly number[],
  searched: readonly number[],
  base: Float64Array,
  rows: FitRows,
): ProjectedProblem {
  const l = linear.length;
  const d = searched.length;
  const others = Array.from({ length: P }, (_, k) => k).filter((k) => !linear.includes(k) && !searched.includes(k));
  const order = [...linear, ...searched, ...others];
  const kernel = kernelFor(order);
  const projector = new Projector(kernel, linear.map((_, i) => i), rows);
  const reordered = Float64Array.from(order, (k) => base[k]);
  const toModel = (q: Float64Array) => {
    const p = new Float64Array(P);
    order.forEach((k, i) => (p[k] = q[i]));
    return p;
  };
  const at = (theta: Float64Array): Float64Array | null => {
    const q = Float64Array.from(reordered);
    for (let j = 0; j < d; j++) q[l + j] = theta[j];
    return projector.project(q)?.params ?? null;
  };
  const failed = (): LeastSquaresFold => ({
    rss: Number.NaN,
    R: new Float64Array(d * d).fill(Number.NaN),
    qtr: new Float64Array(d).fill(Number.NaN),
    nonFinite: { row: 0, param: null, value: Number.NaN },
  });
  const ls: LeastSquares = {
    m: rows.n,
    n: d,
    fold(theta) {
      const q = at(theta);
      if (q === null) return failed();
      const f = foldJacobian(kernel, q, rows);
      if (!Number.isFinite(f.rss)) return failed();
      const R = new Float64Array(d * d);
      for (let j = 0; j < d; j++) for (let i = 0; i <= j; i++) R[i + j * d] = f.R[l + i + (l + j) * P];
      const qtr = f.qtr.slice(l, l + d);
      const nonFinite = f.nonFinite && f.nonFinite.param !== null && f.nonFinite.param >= l && f.nonFinite.param < l + d ? { ...f.nonFinite, param: f.nonFinite.param - l } : null;
      return { rss: f.rss, R, qtr, nonFinite };
    },
  };
  return {
    ls,
    complete(theta) {
      const q = at(theta);
      return q === null ? null : toModel(q);
    },
  };
}
