/**
 * Polynomials: the standardisation that lets plain gradient descent converge on raw x — fit q(z)
 * to (y − ym)/ys with z = (x − xm)/xs in [−1, 1], then map the coefficients back.
 */

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
    xm += x[i]!;
    ym += y[i]!;
  }
  xm /= n;
  ym /= n;
  let xs = 0;
  let ys = 0;
  for (let i = 0; i < n; i++) {
    xs = Math.max(xs, Math.abs(x[i]! - xm));
    ys += (y[i]! - ym) ** 2;
  }
  ys = Math.sqrt(ys / n);
  return { xm, xs: xs > 0 ? xs : 1, ym, ys: ys > 0 ? ys : 1 };
}

function binomials(n: number): number[][] {
  const C: number[][] = [];
  for (let i = 0; i <= n; i++) {
    C.push([1]);
    for (let k = 1; k <= i; k++) C[i]![k] = (C[i - 1]![k - 1] ?? 0) + (C[i - 1]![k] ?? 0);
  }
  return C;
}

/** Coefficients c of y(x) from the coefficients d of u(z). */
export function fromStandard(d: Float64Array, s: Standardisation): Float64Array {
  const N = d.length - 1;
  const C = binomials(N);
  const c = new Float64Array(N + 1);
  for (let j = 0; j <= N; j++) {
    const dj = d[j]! / s.xs ** j;
    for (let k = 0; k <= j; k++) c[k]! += dj * C[j]![k]! * (-s.xm) ** (j - k);
  }
  for (let k = 0; k <= N; k++) c[k] = c[k]! * s.ys;
  c[0]! += s.ym;
  return c;
}

/** Coefficients d of u(z) from the coefficients c of y(x) (the inverse of fromStandard). */
export function toStandard(c: Float64Array, s: Standardisation): Float64Array {
  const N = c.length - 1;
  const C = binomials(N);
  const d = new Float64Array(N + 1);
  for (let k = 0; k <= N; k++) {
    for (let j = 0; j <= k; j++) d[j]! += c[k]! * C[k]![j]! * s.xs ** j * s.xm ** (k - j);
  }
  d[0]! -= s.ym;
  for (let j = 0; j <= N; j++) d[j] = d[j]! / s.ys;
  return d;
}

/** z = (x - xm)/xs and u = (y - ym)/ys. */
export function standardise(x: Float64Array, y: Float64Array, s: Standardisation): { z: Float64Array; u: Float64Array } {
  const n = x.length;
  const z = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = (x[i]! - s.xm) / s.xs;
    u[i] = (y[i]! - s.ym) / s.ys;
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
      for (let k = 0; k <= Math.min(a, b); k++) s += R[k + a * p]! * R[k + b * p]!;
      G[a + b * p] = G[b + a * p] = (2 * s) / m;
    }
  }
  let v = new Float64Array(p).fill(1 / Math.sqrt(p));
  let lambda = 0;
  for (let it = 0; it < 200; it++) {
    const next = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) next[a]! += G[a + b * p]! * v[b]!;
    const norm = Math.hypot(...next);
    if (!(norm > 0)) break;
    const change = Math.abs(norm - lambda);
    lambda = norm;
    v = next.map((t) => t / norm);
    if (change <= 1e-12 * lambda) break;
  }
  return lambda > 0 ? 1 / lambda : 0.1;
}
