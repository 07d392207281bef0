/**
 * Profile-likelihood confidence intervals, as R's confint for nls (MASS's profile method) defines
 * them: the ends of the interval for parameter j are the values v where the profile statistic
 * τ(v) = sign(v − β̂_j)·√(S(v) − S(β̂))/s reaches ±qt((1+level)/2, dof), S(v) being the least
 * RSS with β_j held at v and the others refitted (Levenberg–Marquardt from the nearest solution
 * already found), s² = S(β̂)/dof. R samples τ on a coarse grid and interpolates; here each end is
 * found by root-finding on S(v) − S(β̂) − t²s² = 0, to about 1e-10 of the interval's width.
 */
import type { Kernel } from '../expr/index.js';
import { foldRows } from '../linalg/index.js';
import type { LeastSquares, LeastSquaresFold } from '../optim/index.js';
import { levenbergMarquardt } from './least-squares.js';
import type { Dataset } from './dataset.js';
import { foldJacobian } from './jacobian-factor.js';
import { studentQuantile } from './intervals.js';

export interface ProfileInput {
  kernel: Kernel;
  /** The rows as fitted (weights as the fit used them). */
  data: Dataset;
  params: Float64Array;
  names: readonly string[];
  /** S(β̂) in the same units as `data` gives. */
  rss: number;
  dof: number;
  stderr: Record<string, number | null>;
}

/** The profile intervals at `level`; null for a parameter whose profile does not reach the level (an open interval) or could not be refitted. */
export function profileIntervals(input: ProfileInput, level: number): Record<string, [number, number] | null> {
  const { names, rss, dof } = input;
  const out: Record<string, [number, number] | null> = Object.create(null);
  const t = studentQuantile((1 + level) / 2, dof);
  const target = (t * t * rss) / dof; // S(v) − S(β̂) at the ends
  names.forEach((name, j) => {
    const se = input.stderr[name];
    if (se === null || se === undefined || !(se > 0) || !Number.isFinite(target)) {
      out[name] = null;
      return;
    }
    const lo = profileEnd(input, j, -1, se * t, target);
    const hi = profileEnd(input, j, 1, se * t, target);
    out[name] = lo === null || hi === null ? null : [lo, hi];
  });
  return out;
}

/** The least RSS with parameter j held at v, from the start `others` (the other parameters); null when the refit fails. */
function heldFit(input: ProfileInput, j: number, v: number, others: Float64Array): { rss: number; others: Float64Array } | null {
  const P = input.params.length;
  const full = (q: Float64Array) => {
    const p = new Float64Array(P);
    for (let k = 0, i = 0; k < P; k++) p[k] = k === j ? v : q[i++];
    return p;
  };
  if (P === 1) {
    const f = foldJacobian(input.kernel, full(others), input.data);
    return Number.isFinite(f.rss) ? { rss: f.rss, others } : null;
  }
  const ls: LeastSquares = {
    m: input.data.n,
    n: P - 1,
    fold: (q) => dropColumn(foldJacobian(input.kernel, full(q), input.data), P, j),
  };
  const res = levenbergMarquardt(ls, others, {});
  if (res.failure || !Number.isFinite(res.factor.rss)) return null;
  return { rss: res.factor.rss, others: res.x };
}

/**
 * The fold of [J without column j | r] from the fold of [J | r]: ‖J·δ + r‖² = ‖R·δ + Qᵀr‖² + c,
 * so the P×(P−1) matrix R without column j, beside Qᵀr, is triangularised again (P rows only).
 */
function dropColumn(f: LeastSquaresFold, P: number, j: number): LeastSquaresFold {
  const q = P; // P−1 columns and the right-hand side
  const B = new Float64Array(P * q);
  for (let k = 0, c = 0; k < P; k++) {
    if (k === j) continue;
    for (let i = 0; i < P; i++) B[i + c * P] = f.R[i + k * P];
    c++;
  }
  for (let i = 0; i < P; i++) B[i + (q - 1) * P] = f.qtr[i];
  const Raug = new Float64Array(q * q);
  foldRows(Raug, q, B, P);
  const n = P - 1;
  const R = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let i = 0; i <= c; i++) R[i + c * n] = Raug[i + c * q];
  const qtr = Float64Array.from({ length: n }, (_, i) => Raug[i + n * q]);
  const nonFinite = f.nonFinite && f.nonFinite.param !== null ? { ...f.nonFinite, param: f.nonFinite.param > j ? f.nonFinite.param - 1 : f.nonFinite.param } : f.nonFinite;
  return { rss: f.rss, R, qtr, nonFinite };
}

/**
 * One end of the interval (direction −1 or +1): bracket the root of g(v) = S(v) − S(β̂) − target
 * stepping out from the Wald end β̂ ± width, then Illinois false position.
 */
function profileEnd(input: ProfileInput, j: number, direction: -1 | 1, width: number, target: number): number | null {
  const beta = input.params[j];
  let start: Float64Array = Float64Array.from(input.params.filter((_, k) => k !== j));
  const g = (d: number): { value: number; others: Float64Array } | null => {
    const fit = heldFit(input, j, beta + direction * d, start);
    if (!fit) return null;
    return { value: fit.rss - input.rss - target, others: fit.others };
  };
  // Bracket [a, b] in distance from β̂: g(0) = −target < 0.
  let a = 0;
  let ga = -target;
  let b = width;
  let gb: number | null = null;
  for (let i = 0; i < 40; i++) {
    const here = g(b);
    if (!here) return null;
    if (here.value >= 0) {
      gb = here.value;
      break;
    }
    start = here.others;
    a = b;
    ga = here.value;
    b *= 2;
  }
  if (gb === null) return null;
  const aStart = start;
  let side = 0;
  let d = b;
  for (let i = 0; i < 100; i++) {
    d = (a * gb - b * ga) / (gb - ga);
    if (!(d > a && d < b)) d = 0.5 * (a + b);
    start = aStart;
    const here = g(d);
    if (!here) return null;
    if (here.value < 0) {
      a = d;
      ga = here.value;
      if (side === -1) gb /= 2;
      side = -1;
    } else {
      b = d;
      gb = here.value;
      if (side === 1) ga /= 2;
      side = 1;
    }
    if (Math.abs(here.value) <= 1e-12 * target || b - a <= 1e-12 * (beta !== 0 ? Math.abs(beta) + width : width)) break;
  }
  return beta + direction * d;
}
