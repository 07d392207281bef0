/**
 * Box constraints lo ≤ p ≤ hi for Levenberg–Marquardt, honoured exactly, in two phases:
 *
 *   1. A smooth transform p = T(u) (MINUIT's, as lmfit uses it): p = lo + (hi−lo)·(sin u + 1)/2
 *      for a two-sided box, p = lo + s·(√(u²+1) − 1) or hi − s·(√(u²+1) − 1) for a one-sided one,
 *      the identity for none. LM runs unchanged on u, with the Jacobian chained exactly
 *      (J_u = J_p·diag(T′(u)), folded from the p-problem's triangular factor): every trial point
 *      is inside the box, and the transform never leaves it.
 *   2. An active-set polish: the parameters that phase 1 left at a bound (T′(u) ≈ 0 there, so LM
 *      on u only crawls towards it) are set exactly on it, and plain LM runs on the others. A
 *      parameter that then leaves its box joins the active set; one whose gradient points into
 *      the box leaves it (the Karush–Kuhn–Tucker conditions), until neither happens.
 *
 * The result is a stationary point of the p-problem on the box: exactly on a bound where the
 * bound is active, and a plain MINPACK solution in the others.
 */
import { triangularFactor } from '../linalg/index.js';
import { levenbergMarquardt } from './least-squares.js';
import type { LeastSquares, LeastSquaresFold, LeastSquaresResult, OptimOptions } from '../optim/index.js';

export interface Box {
  lo: Float64Array;
  hi: Float64Array;
}

/** Whether any entry of the box is finite (else it constrains nothing). */
export function constrains(box: Box | undefined): box is Box {
  return box !== undefined && (box.lo.some(Number.isFinite) || box.hi.some(Number.isFinite));
}

/** The box restricted to the indices `idx`. */
export function subBox(box: Box, idx: readonly number[]): Box {
  return { lo: Float64Array.from(idx, (k) => box.lo[k]), hi: Float64Array.from(idx, (k) => box.hi[k]) };
}

export function clip(p: Float64Array, box: Box): Float64Array<ArrayBuffer> {
  return Float64Array.from(p, (v, k) => Math.min(box.hi[k], Math.max(box.lo[k], v)));
}

/** The smooth map u → p of phase 1, per parameter. */
export class BoxTransform {
  private readonly s: Float64Array;
  constructor(
    readonly box: Box,
    p0: Float64Array,
  ) {
    // The one-sided transforms' scale: the start's distance from its bound, or the size of either
    // (1 when all are 0), so that a start on a bound at 0 can still move.
    this.s = p0.map((v, k) => {
      const edge = Number.isFinite(box.lo[k]) ? box.lo[k] : box.hi[k];
      const s = Math.max(Math.abs(v - edge), Math.abs(v), Math.abs(edge));
      return s > 0 && Number.isFinite(s) ? s : 1;
    });
  }

  /** u for p (p is first moved a little inside the box: on a bound, T′ = 0 and LM could not move). */
  inner(p: Float64Array): Float64Array {
    const { lo, hi } = this.box;
    return p.map((v, k) => {
      const a = lo[k];
      const b = hi[k];
      const s = this.s[k];
      if (Number.isFinite(a) && Number.isFinite(b)) {
        const t = Math.min(1 - 1e-6, Math.max(-1 + 1e-6, (2 * (v - a)) / (b - a) - 1));
        return Math.asin(t);
      }
      if (Number.isFinite(a)) return Math.sqrt(Math.max(((v - a) / s + 1) ** 2 - 1, 1e-6));
      if (Number.isFinite(b)) return Math.sqrt(Math.max(((b - v) / s + 1) ** 2 - 1, 1e-6));
      return v;
    });
  }

  outer(u: Float64Array): Float64Array {
    const { lo, hi } = this.box;
    return u.map((v, k) => {
      const a = lo[k];
      const b = hi[k];
      const s = this.s[k];
      let p: number;
      if (Number.isFinite(a) && Number.isFinite(b)) p = a + ((b - a) * (Math.sin(v) + 1)) / 2;
      else if (Number.isFinite(a)) p = a + s * (Math.sqrt(v * v + 1) - 1);
      else if (Number.isFinite(b)) p = b - s * (Math.sqrt(v * v + 1) - 1);
      else return v;
      return Math.min(b, Math.max(a, p));
    });
  }

  /** dp/du. */
  derivative(u: Float64Array): Float64Array {
    const { lo, hi } = this.box;
    return u.map((v, k) => {
      const a = lo[k];
      const b = hi[k];
      const s = this.s[k];
      if (Number.isFinite(a) && Number.isFinite(b)) return ((b - a) * Math.cos(v)) / 2;
      if (Number.isFinite(a)) return (s * v) / Math.sqrt(v * v + 1);
      if (Number.isFinite(b)) return (-s * v) / Math.sqrt(v * v + 1);
      return 1;
    });
  }

  /** |T′(u)| relative to its largest value: near 0 where p sits on a bound. */
  slack(u: Float64Array): Float64Array {
    const { lo, hi } = this.box;
    return u.map((v, k) => {
      const a = lo[k];
      const b = hi[k];
      if (Number.isFinite(a) && Number.isFinite(b)) return Math.abs(Math.cos(v));
      if (Number.isFinite(a) || Number.isFinite(b)) return Math.abs(v) / Math.sqrt(v * v + 1);
      return 1;
    });
  }
}

/**
 * The fold of the problem in fewer or other variables: the columns `free` of J, each scaled by
 * d (J_v = J[:, free]·diag(d)), from the p-problem's factor alone: ‖J_v·δ + r‖² =
 * ‖R[:, free]·D·δ + Qᵀr‖² + const, and one small QR of that makes it triangular again.
 */
export function chainFold(fold: LeastSquaresFold, free: readonly number[], d: Float64Array | null): LeastSquaresFold {
  const P = fold.qtr.length;
  const nf = free.length;
  const A = new Float64Array(P * nf);
  free.forEach((k, j) => {
    const dj = d ? d[j] : 1;
    for (let i = 0; i < P; i++) A[i + j * P] = fold.R[i + k * P] * dj;
  });
  const bad = fold.nonFinite;
  const nonFinite = bad === null ? null : bad.param === null ? bad : free.includes(bad.param) ? { ...bad, param: free.indexOf(bad.param) } : null;
  if (!Number.isFinite(fold.rss) || !A.every(Number.isFinite) || !fold.qtr.every(Number.isFinite)) {
    return { rss: fold.rss, R: new Float64Array(nf * nf).fill(Number.NaN), qtr: new Float64Array(nf).fill(Number.NaN), nonFinite: nonFinite ?? bad };
  }
  const { R, qtb } = triangularFactor(A, P, nf, fold.qtr);
  return { rss: fold.rss, R, qtr: qtb, nonFinite };
}

/** The problem over the parameters `free`, the others held at their values in `base`. */
export function subProblem(ls: LeastSquares, free: readonly number[], base: Float64Array): { ls: LeastSquares; embed(v: Float64Array): Float64Array } {
  const embed = (v: Float64Array) => {
    const p = Float64Array.from(base);
    free.forEach((k, j) => (p[k] = v[j]));
    return p;
  };
  return { ls: { m: ls.m, n: free.length, roundingNorm: ls.roundingNorm, fold: (v) => chainFold(ls.fold(embed(v)), free, null) }, embed };
}

/** Active-set rounds of phase 2 at the most. */
const ACTIVE_ROUNDS = 8;
/** Phase 1 leaves p on a bound when |T′(u)| has fallen below this fraction of its largest value. */
const ON_BOUND = 1e-3;

/**
 * Levenberg–Marquardt on the box (see the file's comment). The result's x, f, factor and grad
 * are those of the p-problem at the solution; iterations, evaluations and history are summed
 * over both phases. Without a finite bound, plain Levenberg–Marquardt.
 */
export function boundedLevenbergMarquardt(ls: LeastSquares, p0: Float64Array, box: Box | undefined, opts: OptimOptions = {}): LeastSquaresResult {
  if (!constrains(box)) return levenbergMarquardt(ls, p0, opts);
  const n = ls.n;
  const T = new BoxTransform(box, p0);
  const inner: LeastSquares = { m: ls.m, n, roundingNorm: ls.roundingNorm, fold: (u) => chainFold(ls.fold(T.outer(u)), range(n), T.derivative(u)) };
  const first = levenbergMarquardt(inner, T.inner(p0), opts);
  let iterations = first.iterations;
  let evaluations = first.evaluations;
  let history = [...first.history];
  const u = first.x;
  let x = T.outer(u);
  let here = ls.fold(x);
  evaluations++;
  const done = (run: Pick<LeastSquaresResult, 'converged' | 'reason' | 'message' | 'failure'>): LeastSquaresResult => ({
    ...first,
    ...run,
    x,
    f: here.rss,
    grad: gradientOf(here),
    gradNorm: Math.hypot(...gradientOf(here)),
    iterations,
    evaluations,
    history,
    historySteps: history.map((_, k) => k),
    factor: here,
  });
  if (first.failure || !x.every(Number.isFinite) || !Number.isFinite(here.rss)) return done(first);

  // Phase 2: the active set, from the parameters phase 1 left on a bound.
  const slack = T.slack(u);
  const active = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    if (slack[k] < ON_BOUND) active.set(k, Math.abs(x[k] - box.lo[k]) <= Math.abs(box.hi[k] - x[k]) ? box.lo[k] : box.hi[k]);
  }
  let last: Pick<LeastSquaresResult, 'converged' | 'reason' | 'message' | 'failure'> = first;
  for (let round = 0; round < ACTIVE_ROUNDS; round++) {
    const base = Float64Array.from(x);
    for (const [k, v] of active) base[k] = v;
    const free = range(n).filter((k) => !active.has(k));
    let cand: Float64Array = base;
    let run: Pick<LeastSquaresResult, 'converged' | 'reason' | 'message' | 'failure'> = { converged: true, reason: 'exact', message: 'every parameter is on a bound', failure: null };
    if (free.length > 0 && ls.m >= free.length) {
      const sub = subProblem(ls, free, base);
      const res = levenbergMarquardt(sub.ls, Float64Array.from(free, (k) => base[k]), opts);
      iterations += res.iterations;
      evaluations += res.evaluations;
      cand = sub.embed(res.x);
      run = res;
      if (res.failure || !cand.every(Number.isFinite)) break;
    }
    const at = ls.fold(cand);
    evaluations++;
    if (!Number.isFinite(at.rss)) break;
    // A free parameter that left its box joins the active set at the bound it crossed.
    const outside = free.filter((k) => cand[k] < box.lo[k] || cand[k] > box.hi[k]);
    if (outside.length > 0) {
      for (const k of outside) active.set(k, cand[k] < box.lo[k] ? box.lo[k] : box.hi[k]);
      continue;
    }
    // A solution in the box no worse than phase 1's (up to rounding): take it.
    if (at.rss <= here.rss * (1 + 1e-9) + 1e-300) {
      x = cand;
      here = at;
      last = run;
      history.push(at.rss);
    } else break;
    // An active parameter whose gradient points into the box would lower Σr² by leaving the bound.
    const g = gradientOf(here);
    const scale = Math.sqrt(here.rss);
    const leaving = [...active].filter(([k, v]) => {
      const cn = columnNorm(here.R, n, k);
      const pull = cn > 0 && scale > 0 ? g[k] / 2 / (cn * scale) : 0;
      // At a lower bound the gradient must be ≥ 0 (Σr² grows into the box), at an upper bound ≤ 0.
      return v === box.lo[k] ? pull < -1e-6 : pull > 1e-6;
    });
    if (leaving.length === 0) break;
    for (const [k] of leaving) active.delete(k);
  }
  history = history.slice(0, 1024);
  return done(last);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, k) => k);
}

function columnNorm(R: Float64Array, n: number, k: number): number {
  let s = 0;
  for (let i = 0; i <= k; i++) s += R[i + k * n] ** 2;
  return Math.sqrt(s);
}

/** ∇(Σr²) = 2·Rᵀ·Qᵀr. */
export function gradientOf(fold: LeastSquaresFold): Float64Array {
  const n = fold.qtr.length;
  const g = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i <= k; i++) s += fold.R[i + k * n] * fold.qtr[i];
    g[k] = 2 * s;
  }
  return g;
}

/** Which parameters sit exactly on a bound: 'lower', 'upper' or null each. */
export function onBound(p: Float64Array, box: Box | undefined): ('lower' | 'upper' | null)[] {
  return Array.from(p, (v, k) => (box === undefined ? null : v === box.lo[k] ? 'lower' : v === box.hi[k] ? 'upper' : null));
}

