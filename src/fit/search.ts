/**
 * The automatic start of a fit: a deterministic global search over the nonlinear parameters.
 *
 *   1. Split the parameters: the linear ones are solved exactly for any values of the others
 *      (separable.ts; which ones, linearity.ts), so only the nonlinear ones are searched.
 *   2. Give each nonlinear parameter a box from the expression and the data (scales.ts).
 *   3. Screen quasi-random candidates over the boxes, and the values the data suggest, by the
 *      projected sum of squares on a spread sample of the rows.
 *   4. Polish the best few distinct candidates with Levenberg–Marquardt on all parameters, and
 *      keep the lowest sum of squares.
 *
 * The same input always gives the same answer: nothing is random.
 */
import { compileKernel, type Kernel, type Node } from '../expr/index.js';
import type { LeastSquaresResult } from '../optim/index.js';
import { levenbergMarquardt } from './least-squares.js';
import { quasiRandom } from '../optim/quasi-random.js';
import { sumOfSquares, type FitRows } from './jacobian-factor.js';
import { parameterBoxes, type ParameterBox } from './scales.js';
import { projectedProblem, Projector, spreadRows } from './separable.js';
import { boundedLevenbergMarquardt, clip, subBox, type Box } from './bounds.js';
import { leastSquaresOver } from './response-scale.js';
import { mergedTerms } from './merged-terms.js';
import { phaseParameters, wrapPhases } from './phases.js';

/** What the search did, for the report (JSON `search`). */
export interface SearchReport {
  /** Parameters solved exactly for each candidate (they enter the model linearly). */
  linear: string[];
  /** Parameters searched over, each with the role its box came from. */
  searched: { name: string; role: ParameterBox['role'] }[];
  /** Candidate points screened. */
  candidates: number;
  /** Local fits run from the best distinct candidates (a few projected Levenberg–Marquardt steps each). */
  starts: number;
  /** Distinct points they ended near, each then fitted to convergence over all the parameters. */
  polished: number;
  /** How many of the local fits ended at the best minimum. */
  reachedBest: number;
  /** The lowest sum of squares they reached (on `rows` rows). */
  bestRss: number | null;
  /** The lowest distinct other minimum the local fits found, or null. */
  nextBest: { rss: number; params: Record<string, number> } | null;
  /** Rows the local fits ran on (all of them unless the data are large). */
  rows: number;
  /** Set when the search only checked a fit from a full --start: it did not choose the start. */
  check?: true;
  /** With `check`: where the search's lowest minimum is (over all the rows, its sum of squares is bestRss). */
  bestParams?: Record<string, number>;
}

export interface SearchProblem {
  kernel: Kernel;
  ast: Node;
  params: readonly string[];
  /** The model's data columns (layout order of the kernel). */
  columns: readonly string[];
  rows: FitRows;
  /** Given starting values (--start); those parameters are not searched unless `everything`. */
  given: ReadonlyMap<string, number>;
  /** --global: search every nonlinear parameter, the given start being one candidate. */
  everything: boolean;
  /** The user's iteration cap (--max-steps), which no local fit exceeds. */
  maxSteps?: number;
  /**
   * --bounds over params: each searched box is cut to them, and every local fit keeps to them. A
   * bounded parameter must not be among `linear` (the exact solve would not keep to its bounds).
   */
  box?: Box;
}

/** Rows screened per candidate, and rows a local fit runs on, at the most. */
const SCREEN_ROWS = 400;
const POLISH_ROWS = 1500;

/** The rows the search's local fits run on (its report's `bestRss` is over these): all of them, or a spread sample of a large fit's. */
export function searchRows(rows: FitRows): FitRows {
  return spreadRows(rows, POLISH_ROWS);
}
/** Iteration cap of each local fit in the search (the final fit has the user's cap). */
const POLISH_STEPS = 150;

/** Candidates screened for d searched parameters. */
export function candidateBudget(d: number): number {
  return Math.min(2400, 200 + 300 * d);
}

/** Candidates refined by a few projected steps before the local fits. */
export function refineBudget(d: number): number {
  return Math.min(64, 8 + 8 * d);
}
const REFINE_STEPS = 12;

/** Rounds of refining and polishing, at most: more only while the best end is two terms merging, or unsure on few rows. */
const BATCHES = 3;
/** Rows few enough that a batch more is cheap (see the end of a batch in searchStart). */
const FEW_ROWS = 200;

/** How many local fits ended at the lowest end (ends sorted by their sum of squares). */
function reachedBest(ends: readonly { rss: number; members: number }[]): number {
  return ends.filter((e) => e.rss <= ends[0].rss * (1 + 1e-7) + 1e-300).reduce((sum, e) => sum + e.members, 0);
}

/** Local fits from the best candidates. */
export function localBudget(d: number): number {
  return Math.min(16, 4 + 3 * d);
}

export interface SearchOutcome {
  start: Float64Array;
  /** The local fit that reached the best minimum, when the local fits ran on all the rows. */
  run: LeastSquaresResult | null;
  report: SearchReport;
  /** Indices of the parameters that enter linearly. */
  linear: number[];
  /**
   * The other local fits' ends, lowest sum of squares first: on a sample of the rows the best
   * may not be finite on a row the sample left out (an exponentially modified peak whose
   * exponent overflows far from it), and the fit then starts from the next.
   */
  others: Float64Array[];
}

export function searchStart(problem: SearchProblem, linear: number[]): SearchOutcome {
  const { kernel, params, rows, given } = problem;
  const P = params.length;
  const isLinear = new Set(linear);
  const searched = params.map((_, k) => k).filter((k) => !isLinear.has(k) && (problem.everything || !given.has(params[k])));
  const screen = spreadRows(rows, SCREEN_ROWS);
  const box = problem.box;
  const boxes = parameterBoxes(problem.ast, params, problem.columns, screen, searched, rows).map((b, j) => (box ? withinBounds(b, box.lo[searched[j]], box.hi[searched[j]]) : b));
  const d = searched.length;
  const lm = (ls: Parameters<typeof levenbergMarquardt>[0], p0: Float64Array, sub: Box | undefined, maxSteps: number) =>
    sub ? boundedLevenbergMarquardt(ls, p0, sub, { maxSteps }) : levenbergMarquardt(ls, p0, { maxSteps });
  const searchedBox = box ? subBox(box, searched) : undefined;

  // The base point: given values, else 1 (the linear ones are solved anyway), inside the bounds.
  let base = Float64Array.from(params, (name) => given.get(name) ?? 1);
  if (box) base = clip(base, box);
  const candidates: Float64Array[] = [Float64Array.from(base)];
  const typical = Float64Array.from(base);
  searched.forEach((k, j) => (typical[k] = boxes[j].typical));
  candidates.push(typical);
  if (d > 0) {
    const budget = candidateBudget(d);
    const q = quasiRandom(2 * d);
    for (let i = 0; i < budget; i++) {
      const u = q.next();
      const p = Float64Array.from(base);
      searched.forEach((k, j) => {
        const box = boxes[j];
        // Every other candidate takes the data's suggestions where a box has them.
        p[k] = i % 2 === 1 && box.seeds.length > 0 ? box.seeds[Math.floor(u[d + j] * box.seeds.length)] : box.sample(u[j]);
      });
      candidates.push(p);
    }
  }

  // Screen: the projected sum of squares on a spread sample of the rows.
  const projector = new Projector(kernel, linear, screen);
  const screened: { params: Float64Array; rss: number }[] = [];
  for (const p of candidates) {
    const rss = projector.rss(p);
    if (Number.isFinite(rss)) screened.push({ params: p, rss });
  }
  screened.sort((a, b) => a.rss - b.rss);
  const compile = (order: readonly number[]) => compileKernel(problem.ast, { params: order.map((k) => params[k]), columns: [...problem.columns] });

  // Refine: a few steps of the projected fit from each of the best distinct candidates, on the
  // screening rows. The sum of squares at a raw candidate favours broad shapes that explain a
  // little everywhere; a few steps downhill rank the candidates by the basins they are in.
  // A candidate is skipped when it repeats one already refined (`alike`: the data's suggestions
  // recur, and a symmetry of the model gives the same candidate again).
  const refined: { params: Float64Array; rss: number }[] = [];
  const started: { params: Float64Array; rss: number }[] = [];
  const repeats = (s: { params: Float64Array; rss: number }) =>
    started.some((c) => alike(c, s, searched)) || refined.some((c) => near(c.params, s.params, searched));
  const quick = d > 0 && screen.n >= P ? projectedProblem(compile, P, linear, searched, base, screen) : null;
  let next = 0;
  const refineMore = (count: number) => {
    const fresh: { params: Float64Array; rss: number }[] = [];
    for (; next < screened.length && fresh.length < count; next++) {
      const s = screened[next];
      if (repeats(s)) continue;
      started.push(s);
      let end: Float64Array | null = null;
      let rss = s.rss;
      if (quick) {
        const run = lm(quick.ls, Float64Array.from(searched, (k) => s.params[k]), searchedBox, REFINE_STEPS);
        end = run.x.every(Number.isFinite) && Number.isFinite(run.f) ? quick.complete(run.x) : null;
        if (end) rss = run.f;
      }
      const point = { params: end ?? s.params, rss };
      refined.push(point);
      fresh.push(point);
    }
    return fresh.sort((a, b) => a.rss - b.rss);
  };

  // Polish with Levenberg–Marquardt on all the parameters.
  const polishRows = searchRows(rows);
  const fullProjector = polishRows === screen ? projector : new Projector(kernel, linear, polishRows);
  const ls = leastSquaresOver(kernel, polishRows, P);
  // Each local fit first runs over the searched parameters alone, the linear ones projected out
  // (fewer local minima), then over all of them.
  const projected =
    d > 0 && polishRows.n >= P
      ? projectedProblem(compile, P, linear, searched, base, polishRows)
      : null;
  const steps = Math.min(POLISH_STEPS, problem.maxSteps ?? POLISH_STEPS);
  const ends: { params: Float64Array; rss: number; run: LeastSquaresResult; members: number; wrapped: boolean }[] = [];
  const phases = phaseParameters(problem.ast, params);
  let first: Float64Array = base;
  const local = localBudget(d);
  for (let batch = 0; batch < BATCHES; batch++) {
    const fresh = refineMore(refineBudget(d));
    // The distinct refined points, each with the number of refined runs that ended alike.
    const chosen: { params: Float64Array; rss: number; members: number }[] = [];
    for (const s of fresh) {
      const same = chosen.find((c) => alike(c, s, searched));
      if (same) same.members++;
      else if (chosen.length < local) chosen.push({ params: s.params, rss: s.rss, members: 1 });
    }
    if (batch === 0 && chosen.length === 0) chosen.push({ params: base, rss: NaN, members: 1 });
    if (batch === 0) first = chosen[0].params;
    const polished = ends.length;
    for (const { params: c, members } of chosen) {
      // Enough: four points fitted to convergence in this batch, and the lowest minimum among all
      // is where a quarter of the local fits (at least three) ended.
      if (ends.length - polished >= 4 && reachedBest(ends) >= Math.max(3, refined.length / 4)) break;
      if (polishRows.n < P) break;
      let start = fullProjector.project(c)?.params ?? c;
      if (projected) {
        const reduced = lm(projected.ls, Float64Array.from(searched, (k) => c[k]), searchedBox, steps);
        if (reduced.x.every(Number.isFinite)) start = projected.complete(reduced.x) ?? start;
      }
      const run = lm(ls, box ? clip(start, box) : start, box, steps);
      if (Number.isFinite(run.f) && run.x.every(Number.isFinite)) {
        // A phase that drifted far is taken back into (−π, π], and the end's sum of squares
        // computed there: far out, the curve (and its sum of squares) had lost their digits.
        const wrapped = wrapPhases(run.x, phases);
        const rss = wrapped === null ? run.f : sumOfSquares(kernel, wrapped, polishRows);
        if (Number.isFinite(rss)) ends.push({ params: wrapped ?? Float64Array.from(run.x), rss, run, members, wrapped: wrapped !== null });
      }
      ends.sort((a, b) => a.rss - b.rss);
    }
    // Another batch of candidates only when the lowest end is two terms merging (merged-terms.ts):
    // a path to infinity, not a minimum, which the candidates nearest it all took; or, on few rows
    // (where a batch is cheap), when few local fits reached the lowest end: the landscape is
    // rugged, and its best basin may lie among the candidates not refined yet (a peak on an
    // exponential background, 21 rows: the 32 best candidates all missed it).
    if (ends.length === 0) break;
    const unsure = polishRows.n <= FEW_ROWS && reachedBest(ends) < Math.max(3, refined.length / 4);
    if (!unsure && mergedTerms(kernel, polishRows, ends[0].params, linear) === null) break;
  }
  ends.sort((a, b) => a.rss - b.rss);
  const best = ends[0];
  const same = (rss: number) => best !== undefined && rss <= best.rss * (1 + 1e-7) + 1e-300;
  const other = ends.find((e) => !same(e.rss));
  const named = (p: Float64Array) => {
    const out: Record<string, number> = Object.create(null);
    params.forEach((name, k) => (out[name] = p[k]));
    return out;
  };
  const shown = best ? positiveWidths(best.params, searched, boxes, fullProjector) : null;
  const chosen = shown ?? best?.params ?? fullProjector.project(first)?.params ?? base;
  const wrapped = wrapPhases(chosen, phases);
  return {
    start: wrapped ?? chosen,
    // (A flipped or wrapped point is fitted again: the run ended at its image.)
    run: best && shown === null && wrapped === null && !best.wrapped && polishRows === rows ? best.run : null,
    others: ends.slice(1).map((e) => e.params),
    linear,
    report: {
      linear: linear.map((k) => params[k]),
      searched: searched.map((k, j) => ({ name: params[k], role: boxes[j].role })),
      candidates: candidates.length,
      starts: refined.length,
      polished: ends.length,
      reachedBest: ends.filter((e) => same(e.rss)).reduce((sum, e) => sum + e.members, 0),
      bestRss: best ? best.rss : null,
      // On a sample of the rows, the next best's sum of squares is taken again over all of them.
      nextBest: other ? { rss: polishRows === rows ? other.rss : sumOfSquares(kernel, other.params, rows), params: named(other.params) } : null,
      rows: polishRows.n,
    },
  };
}

/**
 * The best point with its negative widths (scale parameters) made positive where that is a
 * symmetry of the model, or null when none is: a width that enters squared, or with a linear
 * parameter that changes sign along with it (b1/b2·exp(−((x − b3)/b2)²/2)), fits as well either
 * way, and which sign a search ends at is chance; people read widths as positive. A flip is kept
 * when the linear parameters, solved again, give the same sum of squares to rounding.
 */
function positiveWidths(p: Float64Array, searched: readonly number[], boxes: readonly ParameterBox[], projector: Projector): Float64Array | null {
  const at = projector.project(p);
  if (at === null) return null;
  let out: Float64Array | null = null;
  searched.forEach((k, j) => {
    const current = out ?? p;
    if (boxes[j].role !== 'scale' || !(current[k] < 0)) return;
    const flipped = Float64Array.from(current);
    flipped[k] = -flipped[k];
    const there = projector.project(flipped);
    if (there !== null && Math.abs(there.rss - at.rss) <= 1e-9 * at.rss + 1e-300) out = there.params;
  });
  return out;
}

/**
 * Two points that are one for the search: near each other, or with the same sum of squares to
 * rounding, as a symmetry of the model gives (peaks with their labels swapped, a width of either
 * sign) and chance almost never.
 */
function alike(a: { params: Float64Array; rss: number }, b: { params: Float64Array; rss: number }, searched: readonly number[]): boolean {
  return Math.abs(a.rss - b.rss) <= 1e-10 * a.rss || near(a.params, b.params, searched);
}

/** Two points whose searched parameters all agree to 1%. */
export function near(a: Float64Array, b: Float64Array, searched: readonly number[]): boolean {
  return searched.every((k) => Math.abs(a[k] - b[k]) <= 0.01 * Math.max(Math.abs(a[k]), Math.abs(b[k])));
}

/**
 * The box cut to the bounds [lo, hi]: a value the box gives outside them is mapped inside (spread
 * over [lo, hi] when both are finite, reflected at the one bound otherwise), and only the seeds
 * inside them are kept.
 */
function withinBounds(b: ParameterBox, lo: number, hi: number): ParameterBox {
  if (lo === -Infinity && hi === Infinity) return b;
  const inside = (v: number, u: number) => {
    if (v >= lo && v <= hi) return v;
    if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + u * (hi - lo);
    return v < lo ? Math.min(hi, lo + (lo - v)) : Math.max(lo, hi - (v - hi));
  };
  return {
    role: b.role,
    sample: (u) => inside(b.sample(u), u),
    seeds: b.seeds.filter((v) => v >= lo && v <= hi),
    typical: inside(b.typical, 0.5),
  };
}
