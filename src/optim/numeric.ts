/** Small numeric helpers shared by the optimisers. */

/** True when every entry is a finite number. */
export function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Index of the first entry that is not finite, or -1. */
export function firstNonFinite(v: ArrayLike<number>): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/** Euclidean norm (plain sum of squares: gradients here are far from overflow). */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** uᵀv */
export function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

/**
 * The relative gradient max_i |g_i|·max(1, |x_i|) / max(|f|, fScale): how much f changes,
 * relative to its size, for a relative change in each x_i (Dennis and Schnabel's stationarity
 * measure). fScale is the size below which |f| stops counting as a scale (1, or |f(x0)| for an
 * objective whose values are all tiny). 0 when g = 0. About 1e-16 at a minimum located to full
 * double precision.
 */
export function relativeGradient(x: ArrayLike<number>, g: ArrayLike<number>, f: number, fScale = 1): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(g[i]) * Math.max(1, Math.abs(x[i])));
  if (worst === 0) return 0;
  return worst / Math.max(Math.abs(f), fScale, Number.MIN_VALUE);
}

/** A number for a message: 2 significant digits in exponent form when tiny or huge, else up to 4. */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** A point for a message: "(1.5, -2)". */
export function fmtPoint(x: ArrayLike<number>): string {
  return `(${Array.from(x, fmt).join(', ')})`;
}

/** The unit vector along x − from, for messages about directions; zeros if x = from. */
export function direction(from: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const d = Float64Array.from(x as ArrayLike<number>, (v, i) => v - from[i]);
  const len = norm2(d);
  if (len > 0 && Number.isFinite(len)) for (let i = 0; i < d.length; i++) d[i] = d[i] / len;
  return d;
}
