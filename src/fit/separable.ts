/**
 * Separable least squares. Parameters that enter a model linearly (amplitudes, offsets, slopes:
 * `A` and `b` in `A*exp(-(x-mu)^2/(2*s^2)) + b`) are found from the compiled model itself — the
 * model is affine in them: its second differences in each, and its mixed differences in each
 * pair, vanish — and for any values of the other parameters they are one linear least-squares
 * solve (variable projection, Golub and Pereyra 1973). A search then runs over the nonlinear
 * parameters only.
 */
import type { Kernel } from '../expr/index.js';
import { lstsq } from '../linalg/index.js';
import { quasiRandom } from '../optim/quasi-random.js';
import type { FitRows } from './jacobian-factor.js';

/** At most this many rows, spread evenly over the data, decide which parameters are linear. */
const PROBE_ROWS = 48;
/** Points in parameter space at which affinity is tested. */
const PROBE_POINTS = 4;
/** A second difference counts as zero below this fraction of the values it is formed from. */
const AFFINE_TOL = 1e-9;

/** `count` rows spread evenly over the data (all of them when there are fewer), as copies. */
export function spreadRows(rows: FitRows, count: number): FitRows {
  if (rows.n <= count) return rows;
  const pick = Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * rows.n) / count));
  return {
    cols: rows.cols.map((c) => Float64Array.from(pick, (i) => c[i]!)),
    y: Float64Array.from(pick, (i) => rows.y[i]!),
    w: rows.w ? Float64Array.from(pick, (i) => rows.w![i]!) : null,
    n: count,
  };
}

/**
 * The indices of the parameters in which the model is affine, jointly: f(θ, c) = g₀(θ) + Σ c_j g_j(θ).
 * A parameter qualifies when its second difference is zero at every probe point; a pair that
 * multiplies (a*b*x) has a non-zero mixed difference, and then only the first of the two is kept.
 */
export function linearParameters(kernel: Kernel, P: number, rows: FitRows): number[] {
  const probe = spreadRows(rows, PROBE_ROWS);
  const n = probe.n;
  const points = probePoints(P);
  const out = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const value = (p: Float64Array, into: Float64Array) => kernel.evaluate(p, probe.cols, n, into);
  // Whether a·f0 + b·f1 + c·f2 + d·f3 vanishes on every row where all four are finite, and at
  // least one row was finite.
  const vanishes = (coef: number[], fs: Float64Array[]) => {
    let finiteRows = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let size = 0;
      for (let k = 0; k < fs.length; k++) {
        const v = fs[k]![i]!;
        sum += coef[k]! * v;
        size += Math.abs(coef[k]! * v);
      }
      if (!Number.isFinite(size)) continue;
      finiteRows++;
      if (Math.abs(sum) > AFFINE_TOL * size) return false;
    }
    return finiteRows > 0;
  };

  const linear: number[] = [];
  for (let k = 0; k < P; k++) {
    let tested = 0;
    let affine = true;
    for (const p of points) {
      const h = 1 + Math.abs(p[k]!);
      const q = Float64Array.from(p);
      value(q, out[0]!);
      q[k] = p[k]! + h;
      value(q, out[1]!);
      q[k] = p[k]! + 2 * h;
      value(q, out[2]!);
      q[k] = p[k]! - 0.5 * h;
      value(q, out[3]!);
      // Second differences: f0 − 2f1 + f2 = 0, and f(p − h/2) = f0 − (f1 − f0)/2.
      const first = vanishes([1, -2, 1], [out[0]!, out[1]!, out[2]!]);
      const second = vanishes([1.5, -0.5, 0, -1], out);
      if (!first && !second && !anyFinite(out[0]!)) continue; // not defined here: no evidence
      tested++;
      if (!first || !second) {
        affine = false;
        break;
      }
    }
    if (!affine || tested === 0) continue;
    // No product with a parameter already taken as linear.
    const pairsAffine = linear.every((j) =>
      points.every((p) => {
        const q = Float64Array.from(p);
        value(q, out[0]!);
        q[k] = p[k]! + 1;
        value(q, out[1]!);
        q[j] = p[j]! + 1;
        value(q, out[2]!);
        q[k] = p[k]!;
        value(q, out[3]!);
        return vanishes([1, -1, 1, -1], out) || !anyFinite(out[0]!);
      }),
    );
    if (pairsAffine) linear.push(k);
  }
  return linear;
}

function anyFinite(v: Float64Array): boolean {
  for (const x of v) if (Number.isFinite(x)) return true;
  return false;
}

/** Deterministic, well spread probe points with both signs and magnitudes from 0.3 to 3. */
function probePoints(P: number): Float64Array[] {
  const q = quasiRandom(2 * P);
  return Array.from({ length: PROBE_POINTS }, () => {
    const u = q.next();
    return Float64Array.from({ length: P }, (_, k) => (u[P + k]! < 0.5 ? -1 : 1) * 10 ** (-0.5 + u[k]!));
  });
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
  }

  /**
   * Only the projected sum of squares (for screening many candidates): the basis and the
   * response in the work arrays, then modified Gram–Schmidt, twice per column, with a column
   * that has nothing left of its own (below 1e-10 of its size) dropped. Infinity when the model
   * is not finite at p.
   */
  rss(p: Float64Array): number {
    if (!this.fill(p)) return Infinity;
    const { A, b, linear } = this;
    const n = this.rows.n;
    for (let col = 0; col < linear.length; col++) {
      const off = col * n;
      let size = 0;
      for (let i = 0; i < n; i++) size += A[off + i]! * A[off + i]!;
      for (let pass = 0; pass < 2; pass++) {
        for (let prev = 0; prev < col; prev++) {
          const po = prev * n;
          let dot = 0;
          for (let i = 0; i < n; i++) dot += A[po + i]! * A[off + i]!;
          if (dot !== 0) for (let i = 0; i < n; i++) A[off + i] = A[off + i]! - dot * A[po + i]!;
        }
      }
      let left = 0;
      for (let i = 0; i < n; i++) left += A[off + i]! * A[off + i]!;
      if (!(left > 1e-20 * size) || !Number.isFinite(left)) {
        A.fill(0, off, off + n);
        continue;
      }
      const inv = 1 / Math.sqrt(left);
      for (let i = 0; i < n; i++) A[off + i] = A[off + i]! * inv;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += A[off + i]! * b[i]!;
      for (let i = 0; i < n; i++) b[i] = b[i]! - dot * A[off + i]!;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += b[i]! * b[i]!;
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
      b[i] = (rows.w ? rows.w[i]! : 1) * (rows.y[i]! - g0[i]!);
      if (!Number.isFinite(b[i]!)) return false;
    }
    for (let col = 0; col < linear.length; col++) {
      const j = linear[col]!;
      point[j] = 1;
      kernel.evaluate(point, rows.cols, n, gj);
      point[j] = 0;
      const off = col * n;
      for (let i = 0; i < n; i++) {
        const v = (rows.w ? rows.w[i]! : 1) * (gj[i]! - g0[i]!);
        if (!Number.isFinite(v)) return false;
        A[off + i] = v;
      }
    }
    return true;
  }

  /** null when the model is not finite on some row at these parameters. */
  project(p: Float64Array): Projection | null {
    const { linear, rows, A, b } = this;
    const n = rows.n;
    if (!this.fill(p)) return null;
    const params = Float64Array.from(p);
    for (const j of linear) params[j] = 0;
    if (linear.length === 0) return { params, rss: sumSquares(b) };
    const solved = lstsq(A, n, linear.length, b);
    linear.forEach((j, col) => (params[j] = solved.x[col]!));
    if (!params.every(Number.isFinite)) return null;
    return { params, rss: solved.residualNorm ** 2 };
  }
}

function sumSquares(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}
