/**
 * Polynomials in standardised x. Least squares solves in z = (x − xm)/xs, where the design is
 * well conditioned, and maps the coefficients back (fromStandard); plain gradient descent fits
 * q(z) to (y − ym)/ys, which lets it converge on raw x.
 */
import { build, type Node } from '../expr/index.js';
import { columnRange } from './column-range.js';

/** The affine maps between the user's (x, y) and the standardised (z, u). */
export interface Standardisation {
  xm: number;
  xs: number;
  ym: number;
  ys: number;
}

export function standardisation(x: Float64Array, y: Float64Array): Standardisation {
  const n = x.length;
  let xm = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) {
    xm += x[i];
    ym += y[i];
  }
  xm /= n;
  ym /= n;
  let xs = 0;
  let ys = 0;
  for (let i = 0; i < n; i++) {
    xs = Math.max(xs, Math.abs(x[i] - xm));
    ys += (y[i] - ym) ** 2;
  }
  ys = Math.sqrt(ys / n);
  return { xm, xs: xs > 0 ? xs : 1, ym, ys: ys > 0 ? ys : 1 };
}

/**
 * The map for an exact least-squares solve: xm the middle of x's range, xs the power of two
 * nearest its half-width, so that z = (x − xm)·(1/xs) lies in about [−1.5, 1.5] and dividing by xs
 * is exact. y is left as it is.
 */
export function rangeStandardisation(x: Float64Array): Standardisation {
  const { min: lo, max: hi } = columnRange(x);
  const xm = lo / 2 + hi / 2;
  const half = hi / 2 - lo / 2;
  const xs = half > 0 && Number.isFinite(half) ? 2 ** Math.round(Math.log2(half)) : 1;
  return { xm, xs, ym: 0, ys: 1 };
}

/**
 * The polynomial Σ c_k·z^k with z = (x − xm)·(1/xs), for the fused kernel (parameters c0…cN). The
 * AST is built directly, never printed and parsed back: a number's text is not a number (1/xs of
 * data spanning 1e-320 is Infinity, which reads back as a name). When 1/xs is not a finite double,
 * z = (x − xm)/xs: dividing by a power of two is as exact as multiplying by its reciprocal.
 */
export function standardPolynomial(degree: number, s: Standardisation): Node {
  const inv = 1 / s.xs;
  const shifted = binary('-', ident('x'), num(s.xm));
  const z = Number.isFinite(inv) ? binary('*', shifted, num(inv)) : binary('/', shifted, num(s.xs));
  let sum: Node = ident('c0');
  for (let k = 1; k <= degree; k++) sum = binary('+', sum, binary('*', ident(`c${k}`), k === 1 ? z : binary('^', z, num(k))));
  return sum;
}

const { num, ident, binary } = build;

/**
 * Σ(w·(q(x) − y))² for the same polynomial twice, in one pass, both by Horner's rule: `d` its
 * coefficients in z (as the exact solve has them) and `c` in powers of x.
 */
export function polynomialSumSquares(d: Float64Array, s: Standardisation, c: Float64Array, rows: { cols: Float64Array[]; y: Float64Array; w: Float64Array | null; n: number }): { inZ: number; inX: number } {
  const x = rows.cols[0];
  const { y, w, n } = rows;
  const N = d.length - 1;
  const inv = 1 / s.xs;
  const exact = Number.isFinite(inv);
  const xm = s.xm;
  const xs = s.xs;
  let inZ = 0;
  let inX = 0;
  if (N <= 3) {
    // Degree 3 or less (most fits), unrolled: a loop over the coefficients in every row costs three
    // times the arithmetic. Leading zero coefficients change no bit (0·z + d = d for finite z).
    const [d0, d1, d2, d3] = [d[0], d[1] ?? 0, d[2] ?? 0, d[3] ?? 0];
    const [c0, c1, c2, c3] = [c[0], c[1] ?? 0, c[2] ?? 0, c[3] ?? 0];
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const z = exact ? (xi - xm) * inv : (xi - xm) / xs;
      const wi = w === null ? 1 : w[i];
      const rz = wi * (((d3 * z + d2) * z + d1) * z + d0 - y[i]);
      const rx = wi * (((c3 * xi + c2) * xi + c1) * xi + c0 - y[i]);
      inZ += rz * rz;
      inX += rx * rx;
    }
    return { inZ, inX };
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const z = exact ? (xi - xm) * inv : (xi - xm) / xs;
    let fz = d[N];
    let fx = c[N];
    for (let k = N - 1; k >= 0; k--) {
      fz = fz * z + d[k];
      fx = fx * xi + c[k];
    }
    const wi = w === null ? 1 : w[i];
    const rz = wi * (fz - y[i]);
    const rx = wi * (fx - y[i]);
    inZ += rz * rz;
    inX += rx * rx;
  }
  return { inZ, inX };
}

/**
 * T with fromStandard(d) = T·d when ym = 0 and ys = 1 (column-major (N+1)×(N+1), upper
 * triangular): T[k][j] = C(j, k)·(−xm)^(j−k) / xs^j. The covariance maps as T·cov·Tᵀ.
 */
export function fromStandardMatrix(degree: number, s: Standardisation): Float64Array {
  const P = degree + 1;
  const C = binomials(degree);
  const T = new Float64Array(P * P);
  for (let j = 0; j <= degree; j++) {
    for (let k = 0; k <= j; k++) T[k + j * P] = overPower(C[j][k] * (-s.xm) ** (j - k), s.xs, j);
  }
  return T;
}

/**
 * v / xs^j as j divisions by xs: for a power of two xs each is exact, and no power xs^j is formed
 * (2^-1063 squared, for data spanning 1e-320, underflows to 0).
 */
function overPower(v: number, xs: number, j: number): number {
  for (let t = 0; t < j; t++) v /= xs;
  return v;
}

/** Pascal's triangle to row n: C[i][k] = i choose k. */
export function binomials(n: number): number[][] {
  const C: number[][] = [];
  for (let i = 0; i <= n; i++) {
    C.push([1]);
    for (let k = 1; k <= i; k++) C[i][k] = (C[i - 1][k - 1] ?? 0) + (C[i - 1][k] ?? 0);
  }
  return C;
}

/** Coefficients c of y(x) from the coefficients d of u(z). */
export function fromStandard(d: Float64Array, s: Standardisation): Float64Array {
  const N = d.length - 1;
  const C = binomials(N);
  const c = new Float64Array(N + 1);
  for (let j = 0; j <= N; j++) {
    const dj = overPower(d[j], s.xs, j);
    for (let k = 0; k <= j; k++) c[k] += dj * C[j][k] * (-s.xm) ** (j - k);
  }
  for (let k = 0; k <= N; k++) c[k] = c[k] * s.ys;
  c[0] += s.ym;
  return c;
}

/** Coefficients d of u(z) from the coefficients c of y(x) (the inverse of fromStandard). */
export function toStandard(c: Float64Array, s: Standardisation): Float64Array {
  const N = c.length - 1;
  const C = binomials(N);
  const d = new Float64Array(N + 1);
  for (let k = 0; k <= N; k++) {
    for (let j = 0; j <= k; j++) d[j] += c[k] * C[k][j] * s.xs ** j * s.xm ** (k - j);
  }
  d[0] -= s.ym;
  for (let j = 0; j <= N; j++) d[j] = d[j] / s.ys;
  return d;
}

/** z = (x - xm)/xs and u = (y - ym)/ys. */
export function standardise(x: Float64Array, y: Float64Array, s: Standardisation): { z: Float64Array; u: Float64Array } {
  const n = x.length;
  const z = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = (x[i] - s.xm) / s.xs;
    u[i] = (y[i] - s.ym) / s.ys;
  }
  return { z, u };
}

/**
 * A safe fixed learning rate for gradient descent on the mean squared error of a linear model
 * over m rows whose design has the triangular factor R (p×p, column-major): 1/λmax of the
 * Hessian (2/m)·RᵀR, by power iteration on that small matrix.
 */
export function safeLearningRate(R: Float64Array, m: number, p: number): number {
  const G = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let k = 0; k <= Math.min(a, b); k++) s += R[k + a * p] * R[k + b * p];
      G[a + b * p] = G[b + a * p] = (2 * s) / m;
    }
  }
  let v = new Float64Array(p).fill(1 / Math.sqrt(p));
  let lambda = 0;
  for (let it = 0; it < 200; it++) {
    const next = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) next[a] += G[a + b * p] * v[b];
    const norm = Math.hypot(...next);
    if (!(norm > 0)) break;
    const change = Math.abs(norm - lambda);
    lambda = norm;
    v = next.map((t) => t / norm);
    if (change <= 1e-12 * lambda) break;
  }
  return lambda > 0 ? 1 / lambda : 0.1;
}
