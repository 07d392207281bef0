/**
 * L-BFGS (Nocedal 1980; Liu and Nocedal 1989) with a Moré–Thuente line search: the default
 * minimiser. It needs no tuning and runs until the minimum is located to full double precision.
 */
import { History } from './history.js';
import { requireStart } from './errors.js';
import { nonfiniteVerdict, unboundedVerdict, type Verdict } from './guards.js';
import { lineSearch } from './line-search.js';
import { dot, fmt, fmtPoint, norm2, relativeGradient } from './numeric.js';
import { probeFarther, probeForLower, type LowerPoint } from './probe.js';
import type { Objective, OptimOptions, OptimResult, Remedy, StopReason } from './types.js';

/** Correction pairs kept. */
export const LBFGS_MEMORY = 10;
/** Default step cap. */
export const LBFGS_MAX_STEPS = 10000;
/**
 * Default stopping test: relative gradient (max_i |g_i|·max(1,|x_i|) / max(|f|, min(1,|f0|)),
 * see relativeGradient) at most this: the gradient is at the level of rounding errors, the
 * minimiser located to full precision.
 */
export const LBFGS_RELATIVE_TOL = 1e-15;
/**
 * When no step can decrease f any further, the run counts as converged if the relative gradient
 * is at most this: the run reached the rounding floor of f at a stationary point, not a kink
 * or a place where f or its gradient is wrong.
 */
export const LBFGS_STALL_TOL = 1e-6;
/** Saddle escapes allowed: restarts from a lower probe point after the gradient vanished. */
export const LBFGS_MAX_RESTARTS = 3;
/** Consecutive iterations that lower neither f nor the best gradient norm before giving up. */
const STALL_ITERATIONS = 5;

const START_REMEDIES: Remedy[] = [{ kind: 'start', how: 'another' }];

/** One correction pair s = x_{k+1} − x_k, y = g_{k+1} − g_k, with ρ = 1/(yᵀs). */
interface Pair {
  s: Float64Array;
  y: Float64Array;
  rho: number;
}

/**
 * Minimise with L-BFGS. Stops when
 * - gradient: |g|₂ <= opts.tol if given, else the relative gradient <= 1e-15;
 * - no-progress: the line search cannot lower f, even after dropping the memory and searching
 *   along −g (or five iterations lower neither f nor |g|); converged when the relative gradient
 *   is <= 1e-6, i.e. the rounding floor was reached at a stationary point;
 * - step-cap, nonfinite (at the start; trial points outside the domain are stepped back from),
 *   unbounded (f below −1e100, or still falling 1e100 away along a line).
 * A stop on a small gradient is checked by probing around the point; from a saddle, maximum or
 * inflection the run restarts at the lowest probe (up to 3 times, then 'not-minimum').
 */
export function lbfgs(objective: Objective, x0: Float64Array, opts: OptimOptions = {}): OptimResult {
  requireStart('lbfgs', objective.dim, x0);
  const n = x0.length;
  const maxSteps = opts.maxSteps ?? LBFGS_MAX_STEPS;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = objective.evaluate(x, g);
  let evaluations = 1;
  const history = new History();
  history.push(f);
  // |f| below this does not count as f's scale: 1, or |f(x0)| when f is tiny from the start.
  const fScale = Math.min(1, Math.abs(f));
  let step = 0;
  let restarts = 0;
  const pairs: Pair[] = [];
  let lastStepLength = 0;
  /** The last step taken (x_{k+1} − x_k): the direction of travel. */
  let lastStep: Float64Array | null = null;
  let stalled = 0;
  let bestGradNorm = norm2(g);
  // The lowest f so far: progress is a new low, not a step down from the last value (rounding can
  // make f alternate between two neighbouring doubles for ever).
  let bestF = f;

  const finish = (reason: StopReason, converged: boolean, message: string, failure: Verdict['failure'] | null = null): OptimResult => ({
    x,
    f,
    grad: g,
    gradNorm: norm2(g),
    iterations: step,
    evaluations,
    converged,
    reason,
    message,
    history: history.values,
    historySteps: history.steps,
    failure,
  });
  const fail = (v: Verdict) => finish(v.reason, false, v.failure.message, v.failure);
  const small = (): string | null => {
    if (opts.tol !== undefined) {
      const gn = norm2(g);
      return gn <= opts.tol ? `gradient norm ${fmt(gn)} <= tol ${fmt(opts.tol)}` : null;
    }
    const rg = relativeGradient(x, g, f, fScale);
    return rg <= LBFGS_RELATIVE_TOL ? `relative gradient ${fmt(rg)} <= ${fmt(LBFGS_RELATIVE_TOL)}: the minimum is located to full precision` : null;
  };
  /** Move to a probe point below a stationary point (an iteration of its own) and start afresh. */
  const restartFrom = (p: LowerPoint) => {
    x = p.x;
    f = p.f;
    g = p.g;
    step++;
    history.push(f);
    opts.onStep?.({ step, f, x, gradNorm: norm2(g) });
    pairs.length = 0;
    lastStepLength = 0;
    stalled = 0;
    bestGradNorm = norm2(g);
    bestF = f;
    restarts++;
  };
  /** At a stationary point: a minimum (null), or a lower probe point to restart from. */
  const probe = (): LowerPoint | null => {
    const p = probeForLower(objective, x, f, g);
    evaluations += p.evaluations;
    return p.lower;
  };
  const notMinimum = (p: LowerPoint) =>
    finish(
      'not-minimum',
      false,
      `the gradient vanishes here but f keeps being lower nearby (${fmt(p.f)} at ${fmtPoint(p.x)}) after ${restarts} restarts: a saddle point, maximum or inflection, or a very slow descent`,
    );

  const startVerdict = unboundedVerdict(f, 0, x0, x) ?? nonfiniteVerdict(f, g, 0, START_REMEDIES);
  if (startVerdict) return fail(startVerdict);

  for (;;) {
    const why = small();
    if (why !== null) {
      const lower = probe();
      if (lower === null) return asymptote() ?? finish('gradient', true, why);
      if (restarts >= LBFGS_MAX_RESTARTS) return notMinimum(lower);
      restartFrom(lower);
      continue;
    }
    if (step >= maxSteps) {
      return finish('step-cap', false, `stopped at the step cap of ${maxSteps} iterations with gradient norm ${fmt(norm2(g))}`);
    }

    // The quasi-Newton direction; if it is not a descent direction, steepest descent.
    let d = direction(g, pairs);
    if (!(dot(g, d) < 0)) {
      pairs.length = 0;
      d = direction(g, pairs);
    }
    let ls = lineSearch(objective, x, f, g, d, initialStep(d, pairs, lastStepLength));
    evaluations += ls.evaluations;
    if (ls.status === 'fail' && pairs.length > 0) {
      // The memory may be stale: forget it and search along −g.
      pairs.length = 0;
      d = direction(g, pairs);
      ls = lineSearch(objective, x, f, g, d, initialStep(d, pairs, lastStepLength));
      evaluations += ls.evaluations;
    }
    if (ls.status === 'unbounded') {
      x = ls.x;
      f = ls.f;
      g = ls.g;
      step++;
      history.push(f);
      const v = unboundedVerdict(f, step, x0, x) ?? {
        reason: 'unbounded' as const,
        failure: {
          step,
          message: `f still decreases 1e100 away along the search direction at step ${step}: it decreases without bound`,
          remedies: [{ kind: 'note', text: `there is no minimum to find: f keeps decreasing along the direction ${fmtPoint(unit(d))}` }],
        },
      };
      return fail(v);
    }
    if (ls.status === 'nonfinite') {
      return fail({
        reason: 'nonfinite',
        failure: {
          step: step + 1,
          message: `f or its gradient is not finite at every point tried along the search direction at step ${step + 1}`,
          remedies: START_REMEDIES,
        },
      });
    }
    if (ls.status === 'fail') {
      const stop = stall();
      if (stop !== null) return stop;
      continue;
    }

    // Accept the step and update the memory.
    const s = Float64Array.from(ls.x, (v, i) => v - x[i]);
    const y = Float64Array.from(ls.g, (v, i) => v - g[i]);
    x = ls.x;
    f = ls.f;
    g = ls.g;
    step++;
    history.push(f);
    opts.onStep?.({ step, f, x, gradNorm: norm2(g) });
    lastStepLength = norm2(s);
    if (lastStepLength > 0) lastStep = s;
    const sy = dot(s, y);
    const yy = dot(y, y);
    if (sy > Number.EPSILON * yy && yy > 0) {
      if (pairs.length === LBFGS_MEMORY) pairs.shift();
      pairs.push({ s, y, rho: 1 / sy });
    }
    const gn = norm2(g);
    if (f < bestF || gn < bestGradNorm) stalled = 0;
    else stalled++;
    bestGradNorm = Math.min(bestGradNorm, gn);
    bestF = Math.min(bestF, f);
    if (stalled >= STALL_ITERATIONS || lastStepLength === 0) {
      const stop = stall();
      if (stop !== null) return stop;
    }
  }

  /**
   * Before calling a stop a minimum: does f go on falling along the direction of travel? Then the
   * run stopped on an asymptote, where f's decreases are below rounding but it has no minimum.
   */
  function asymptote(): OptimResult | null {
    if (lastStep === null) return null;
    const far = probeFarther(objective, x, f, lastStep);
    evaluations += far.evaluations;
    if (far.asymptote === null) return null;
    const { direction: u, distance, f: fFar } = far.asymptote;
    const message = `no minimum: f keeps decreasing along ${fmtPoint(u)} (to ${fmt(fFar)} at distance ${fmt(distance)}) while its gradient is below rounding`;
    return finish('not-minimum', false, message, {
      step,
      message,
      remedies: [{ kind: 'note', text: 'f only approaches its infimum as the variables grow without limit; bound them in the expression (e.g. a penalty term)' }],
    });
  }

  /** No further decrease is possible: converged if stationary (after the probe), else not. */
  function stall(): OptimResult | null {
    const rg = relativeGradient(x, g, f, fScale);
    if (rg > LBFGS_STALL_TOL) {
      return finish('no-progress', false, `no step decreases f any further, but the relative gradient ${fmt(rg)} is not small: not a smooth minimum`);
    }
    const lower = probe();
    if (lower === null) {
      return (
        asymptote() ??
        finish('no-progress', true, `no step decreases f any further (relative gradient ${fmt(rg)} <= ${fmt(LBFGS_STALL_TOL)}): the minimum is located to the precision f allows`)
      );
    }
    if (restarts >= LBFGS_MAX_RESTARTS) return notMinimum(lower);
    restartFrom(lower);
    return null;
  }
}

/** The L-BFGS two-loop recursion: d = −H·g, with H₀ = γI, γ = sᵀy/yᵀy of the newest pair. */
function direction(g: Float64Array, pairs: Pair[]): Float64Array {
  const q = Float64Array.from(g);
  const alpha = new Float64Array(pairs.length);
  for (let k = pairs.length - 1; k >= 0; k--) {
    const { s, y, rho } = pairs[k];
    const a = rho * dot(s, q);
    alpha[k] = a;
    for (let i = 0; i < q.length; i++) q[i] = q[i] - a * y[i];
  }
  if (pairs.length > 0) {
    const { y, rho } = pairs[pairs.length - 1];
    const gamma = 1 / (rho * dot(y, y));
    for (let i = 0; i < q.length; i++) q[i] = q[i] * gamma;
  }
  for (let k = 0; k < pairs.length; k++) {
    const { s, y, rho } = pairs[k];
    const b = rho * dot(y, q);
    for (let i = 0; i < q.length; i++) q[i] = q[i] + s[i] * (alpha[k] - b);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

/**
 * The first trial step: 1 for a quasi-Newton direction (its natural length); along −g without
 * memory, a step as long as the last one taken, or of length 1 at the very start.
 */
function initialStep(d: Float64Array, pairs: Pair[], lastStepLength: number): number {
  if (pairs.length > 0) return 1;
  const dn = norm2(d);
  if (!(dn > 0)) return 1;
  return (lastStepLength > 0 ? lastStepLength : 1) / dn;
}

function unit(d: Float64Array): Float64Array {
  const len = norm2(d);
  return d.map((v) => v / len);
}
