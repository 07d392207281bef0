/**
 * A deterministic global search: screen many quasi-random points of a box by their value alone,
 * run a local method from the best few distinct ones, then zoom in on the lowest minimum found
 * and screen again in smaller boxes around it. The points come from Roberts' sequence
 * (quasi-random.ts), so the same problem always gives the same answer and no seed is needed.
 *
 * The layer knows nothing of expressions or data: `value` is f alone (for screening), `local`
 * runs any local method from a point (L-BFGS for minimize; a fit can pass Levenberg–Marquardt).
 */
import { UNBOUNDED_BELOW } from './guards.js';
import { quasiRandom } from './quasi-random.js';

/** An axis-aligned box: lo[j] < hi[j] for every coordinate. */
export interface SearchBox {
  lo: Float64Array;
  hi: Float64Array;
}

/** How much work the search does; see searchBudget for the defaults. */
export interface SearchBudget {
  /** Points screened in the first box. */
  candidates: number;
  /** Local runs from the best distinct screened points of the first box (besides the start). */
  starts: number;
  /**
   * Rounds after the first, at most; each screens a box centred on the lowest minimum so far,
   * shrink^-level as wide as the first, where the level starts at 1 and goes up after every round
   * that finds no lower minimum; the search ends after level `levels`.
   */
  rounds: number;
  levels: number;
  /**
   * Then, for the coordinates the caller lets widen (a box the user did not give), boxes this many
   * times as wide around the first box's centre, each screened with roundCandidates points; a
   * local run goes from each of the best roundStarts points that is lower than the lowest minimum
   * found (f lower far out, or unbounded below, is then not reported as the minimum).
   */
  outward: number[];
  /** Rounds in a row without a lower minimum before the box shrinks. */
  patience: number;
  shrink: number;
  /** Points screened and local runs in each zoom round. */
  roundCandidates: number;
  roundStarts: number;
}

/**
 * The default budget for n variables: 500·n points and 4 + 2n local runs in the first box; then up
 * to 8 + 2n rounds of 200·n points and 2 + 2n local runs each, in boxes centred on the lowest
 * minimum so far, 1/3 as wide as the first box, then 1/9, 1/27 and 1/81 (the box shrinks after two
 * rounds in a row that find nothing lower; the search ends when the 1/81 box has had its two).
 * For 2 variables: at most 1,000 + 12 × 400 = 5,800 values screened and 8 + 12 × 6 = 80 local runs.
 */
export function searchBudget(n: number): SearchBudget {
  return { candidates: 500 * n, starts: 4 + 2 * n, rounds: 8 + 2 * n, levels: 4, outward: [10, 100], patience: 2, shrink: 3, roundCandidates: 200 * n, roundStarts: 2 + 2 * n };
}

/** A point and f there. */
export interface ScreenedPoint {
  x: Float64Array;
  f: number;
}

/** What a local method returns, as far as the search needs it. */
export interface LocalOutcome {
  x: Float64Array;
  f: number;
  converged: boolean;
  evaluations: number;
  /** 'unbounded' ends the search: f has no minimum. */
  reason: string;
  /** Set when the run failed (it then never counts as having reached a minimum). */
  failure: unknown;
  /** Iterations taken: a 'nonfinite' failure after none (the gradient not finite at the start) never counts as the best run while another run exists. */
  iterations?: number;
}

/**
 * Screen `count` points of the quasi-random sequence `seq` mapped into `box`; the lowest `keep`
 * of those where f is finite, no two closer than `radius` (in units of the box's sides, the
 * largest coordinate difference) and none that close to a point of `avoid`, lowest first.
 */
export function screenBox(
  value: (x: Float64Array) => number,
  box: SearchBox,
  count: number,
  keep: number,
  opts: { sequence?: { next(): Float64Array }; radius?: number; avoid?: readonly Float64Array[]; around?: Float64Array } = {},
): { points: ScreenedPoint[]; screened: number; finite: number } {
  const n = box.lo.length;
  const seq = opts.sequence ?? quasiRandom(n);
  const all: ScreenedPoint[] = [];
  const around = opts.around;
  for (let i = 0; i < count; i++) {
    const u = seq.next();
    const x = Float64Array.from(u, (t, j) => box.lo[j] + t * (box.hi[j] - box.lo[j]));
    // Around a point, two candidates in three move only one coordinate of it, or one pair of
    // coordinates (in turn): a minimum that is wrong in one or two coordinates, as in a nearly
    // separable f or a product of cosines, is put right directly.
    if (around && n > 1 && i % 3 !== 0) {
      const k = Math.floor(i / 3);
      const moved = i % 3 === 1 ? [k % n] : pairOf(k % ((n * (n - 1)) / 2), n);
      const keepMoved = moved.map((j) => x[j]);
      x.set(around);
      moved.forEach((j, m) => (x[j] = keepMoved[m]));
    }
    const f = value(x);
    // NaN and +∞ are outside f's domain; −∞ is kept (a start that shows f unbounded below).
    if (!Number.isNaN(f) && f !== Infinity) all.push({ x, f });
  }
  // Lowest first; ties keep the sequence's order (sort is stable), so the result is deterministic.
  all.sort((a, b) => a.f - b.f);
  const radius = opts.radius ?? 0.25 / Math.max(1, keep) ** (1 / n);
  const far = (a: Float64Array, b: Float64Array): boolean => {
    for (let j = 0; j < n; j++) if (Math.abs(a[j] - b[j]) >= radius * (box.hi[j] - box.lo[j])) return true;
    return false;
  };
  const points: ScreenedPoint[] = [];
  const avoid = opts.avoid ?? [];
  for (const p of all) {
    if (points.length >= keep) break;
    if (avoid.every((a) => far(p.x, a)) && points.every((q) => far(p.x, q.x))) points.push(p);
  }
  return { points, screened: count, finite: all.length };
}

/** The k-th pair (j, l), j < l, of n coordinates, in the order (0,1), (0,2), …, (1,2), …. */
function pairOf(k: number, n: number): [number, number] {
  for (let j = 0; j < n; j++) {
    const count = n - 1 - j;
    if (k < count) return [j, j + 1 + k];
    k -= count;
  }
  return [0, 1];
}

export interface GlobalSearchOptions<R extends LocalOutcome> {
  /** f alone, for screening (NaN or +∞ outside its domain). */
  value: (x: Float64Array) => number;
  /** A local run from x0. */
  local: (x0: Float64Array) => R;
  box: SearchBox;
  /** Always one of the starts (the user's or the default start); skipped if f is not finite there. */
  start?: Float64Array;
  budget?: SearchBudget;
  /** The coordinates whose box is only a default guess: the outward look widens these. */
  widen?: readonly boolean[];
}

/** One local run: where it started and what it gave. */
export interface LocalRun<R> {
  start: Float64Array;
  result: R;
}

export interface GlobalSearchResult<R extends LocalOutcome> {
  /** The run that went lowest (unbounded runs first), or null when f is finite nowhere screened. */
  best: LocalRun<R> | null;
  runs: LocalRun<R>[];
  /** Points screened, in all rounds (the start included). */
  candidates: number;
  /** Of those, points where f was finite. */
  finite: number;
  /** Screening evaluations plus the local runs' evaluations. */
  evaluations: number;
  /** Runs that did not fail and whose f is within sameMinimum of the best run's (the best included). */
  reachedBest: number;
  /** The lowest converged run at a clearly higher f than the best, or null. */
  nextBest: ScreenedPoint | null;
}

/** Two minima are the same when their values agree to 1e-8·(1 + |f|). */
export function sameMinimum(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 * (1 + Math.min(Math.abs(a), Math.abs(b)));
}

/**
 * The search. Local runs go from the start, then from the best distinct screened points of
 * `box`; then `rounds` times from the best distinct points of a box centred on the lowest
 * minimum so far (each `shrink` times narrower), avoiding points near minima already found.
 * Stops at once when a run reports f unbounded below. The best run is the one with the lowest
 * f, converged or not: a run that went lower than every minimum shows that those minima are not
 * the global one, and the caller reports that run as it ended. Last, the outward look (see
 * SearchBudget.outward) for the coordinates in `widen`.
 */
export function globalSearch<R extends LocalOutcome>(opts: GlobalSearchOptions<R>): GlobalSearchResult<R> {
  const { value, local, box } = opts;
  const n = box.lo.length;
  const budget = opts.budget ?? searchBudget(n);
  const sequence = quasiRandom(n);
  const runs: LocalRun<R>[] = [];
  let candidates = 0;
  let finite = 0;
  let evaluations = 0;
  let best: LocalRun<R> | null = null;

  const isUnbounded = (r: R) => r.reason === 'unbounded' || r.f < UNBOUNDED_BELOW;
  // A run that could not take a step (f or its gradient not finite where it started) says nothing
  // about minima: like a non-finite screening point, it yields to any run that did.
  const stuck = (r: R) => r.reason === 'nonfinite' && r.iterations === 0;
  const lower = (a: R, b: R): boolean => {
    if (isUnbounded(a) !== isUnbounded(b)) return isUnbounded(a);
    if (stuck(a) !== stuck(b)) return stuck(b);
    return a.f < b.f || (Number.isFinite(a.f) && !Number.isFinite(b.f));
  };
  const run = (x0: Float64Array): boolean => {
    const result = local(x0);
    evaluations += result.evaluations;
    const entry = { start: x0, result };
    runs.push(entry);
    if (best === null || lower(result, best.result)) best = entry;
    return isUnbounded(result);
  };

  const done = (): GlobalSearchResult<R> => summarise(best, runs, candidates, finite, evaluations);

  if (opts.start) {
    candidates++;
    evaluations++;
    const f0 = value(opts.start);
    if (!Number.isNaN(f0) && f0 !== Infinity) {
      finite++;
      if (run(Float64Array.from(opts.start))) return done();
    }
  }
  // Round 0 screens the whole box; each later round a box centred on the lowest minimum so far,
  // 1/shrink^level as wide. The level goes up (the box shrinks) after a round that finds nothing
  // lower, so that the search keeps hopping at one scale while that pays.
  let level = 1;
  let idle = 0;
  for (let round = 0; round <= budget.rounds && level <= budget.levels; round++) {
    let current = box;
    if (round > 0) {
      if (best === null) break;
      const centre = (best as LocalRun<R>).result.x;
      const scale = budget.shrink ** -level;
      current = {
        lo: Float64Array.from(centre, (c, j) => c - (scale * (box.hi[j] - box.lo[j])) / 2),
        hi: Float64Array.from(centre, (c, j) => c + (scale * (box.hi[j] - box.lo[j])) / 2),
      };
      if (!current.lo.every((v, j) => v < current.hi[j])) break;
    }
    const before = best === null ? Infinity : (best as LocalRun<R>).result.f;
    const count = round === 0 ? budget.candidates : budget.roundCandidates;
    const keep = round === 0 ? budget.starts : budget.roundStarts;
    const avoid = runs.flatMap((r) => [r.start, r.result.x]);
    const around = round > 0 ? (best as LocalRun<R> | null)?.result.x : undefined;
    const screen = screenBox(value, current, count, keep, { sequence, avoid, around });
    candidates += screen.screened;
    finite += screen.finite;
    evaluations += screen.screened;
    for (const p of screen.points) if (run(p.x)) return done();
    const after = best === null ? Infinity : (best as LocalRun<R>).result.f;
    if (!(after < before) || sameMinimum(after, before)) {
      if (++idle >= budget.patience) {
        level++;
        idle = 0;
      }
    } else idle = 0;
  }
  const widen = opts.widen ?? [];
  if (widen.some(Boolean)) {
    for (const factor of budget.outward) {
      if (best === null) break;
      const lowest = (best as LocalRun<R>).result.f;
      const wide = {
        lo: Float64Array.from(box.lo, (lo, j) => (widen[j] ? (lo + box.hi[j]) / 2 - (factor * (box.hi[j] - lo)) / 2 : lo)),
        hi: Float64Array.from(box.hi, (hi, j) => (widen[j] ? (box.lo[j] + hi) / 2 + (factor * (hi - box.lo[j])) / 2 : hi)),
      };
      const screen = screenBox(value, wide, budget.roundCandidates, budget.roundStarts, { sequence });
      candidates += screen.screened;
      finite += screen.finite;
      evaluations += screen.screened;
      for (const p of screen.points) if (p.f < lowest && !sameMinimum(p.f, lowest) && run(p.x)) return done();
    }
  }
  return done();
}

function summarise<R extends LocalOutcome>(
  best: LocalRun<R> | null,
  runs: LocalRun<R>[],
  candidates: number,
  finite: number,
  evaluations: number,
): GlobalSearchResult<R> {
  let reachedBest = 0;
  let nextBest: ScreenedPoint | null = null;
  if (best !== null) {
    const fBest = best.result.f;
    for (const { result } of runs) {
      if (result.failure || !Number.isFinite(result.f)) continue;
      if (sameMinimum(result.f, fBest)) reachedBest++;
      else if (result.converged && result.f > fBest && (nextBest === null || result.f < nextBest.f)) nextBest = { x: result.x, f: result.f };
    }
  }
  return { best, runs, candidates, finite, evaluations, reachedBest, nextBest };
}
