/**
 * The in-process benchmarks: timed inside one Node process with the layers' own APIs, so start-up
 * and output do not blur per-iteration figures. bench/run.mjs bundles this file with esbuild,
 * runs it with node and reads the one JSON document it prints on stdout.
 *
 *   node bench/out/inprocess.mjs --decay FILE --parabola FILE [--quick]
 *
 * Measures: Levenberg–Marquardt on a nonlinear model over a big CSV (ms per iteration against one
 * fused loss-and-gradient pass), the textbook gradient-descent loop (µs per step), and the classic
 * test functions through minimizeExpression (iterations, evaluations, µs per iteration, accuracy).
 */
import { performance } from 'node:perf_hooks';
import { readTable, type Table } from '../src/data/index.js';
import { compileKernel, parse } from '../src/expr/index.js';
import { foldJacobian } from '../src/fit/jacobian-factor.js';
import { gd, type LeastSquares, type Objective } from '../src/optim/index.js';
import { levenbergMarquardt } from '../src/fit/least-squares.js';
import { minimizeExpression, prepareMinimize } from '../src/minimize/minimize.js';
import { TEST_FUNCTIONS, locationError } from './functions.js';

/** The median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What `work` returned, and the milliseconds it took. */
function timed<T>(work: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = work();
  return { value, ms: performance.now() - t0 };
}

/** Reads the first two columns of a CSV. */
async function readXY(path: string): Promise<{ table: Table; ms: number }> {
  const t0 = performance.now();
  const table = await readTable({ kind: 'file', path }, { select: () => [0, 1] });
  return { table, ms: performance.now() - t0 };
}

interface Args {
  decay: string;
  parabola: string;
  quick: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string): string => {
    const at = argv.indexOf(flag);
    const v = at >= 0 ? argv[at + 1] : undefined;
    if (v === undefined) throw new Error(`inprocess: ${flag} FILE is required`);
    return v;
  };
  return { decay: value('--decay'), parabola: value('--parabola'), quick: argv.includes('--quick') };
}

/** The nonlinear model of issue 6 and where LM starts (the CLI's default start: 1 for each). */
const DECAY_MODEL = 'a*exp(-k*x)+c';
const DECAY_PARAMS = ['a', 'k', 'c'];

/** Levenberg–Marquardt on `a*exp(-k*x)+c` over the decay CSV, against one fused pass. */
async function benchLevenbergMarquardt(path: string, quick: boolean) {
  const { table, ms: readMs } = await readXY(path);
  const [x, y] = table.columns as [Float64Array, Float64Array];
  const n = table.n;
  const kernel = compileKernel(parse(DECAY_MODEL), { params: DECAY_PARAMS, columns: ['x'] });
  const cols = [x];
  const P = DECAY_PARAMS.length;
  const rows = { cols, y, w: null, n };
  // The problem exactly as `gradfit fit` poses it: each evaluation folds J a block at a time.
  const problem: LeastSquares = { m: n, n: P, fold: (p) => foldJacobian(kernel, p, rows) };
  const start = () => new Float64Array(P).fill(1);

  const runs = quick ? 2 : 3;
  const lm: { ms: number; iterations: number; evaluations: number; params: number[]; reason: string }[] = [];
  for (let k = 0; k <= runs; k++) {
    const { value: res, ms } = timed(() => levenbergMarquardt(problem, start()));
    // The first run warms the JIT and builds the kernel's functions; it is not counted.
    if (k > 0) lm.push({ ms, iterations: res.iterations, evaluations: res.evaluations, params: [...res.x], reason: res.reason });
  }

  const p = Float64Array.from(lm[0].params);
  const g = new Float64Array(P);
  const r = new Float64Array(n);
  const J = new Float64Array(n * P);
  const passes = quick ? 7 : 15;
  kernel.sumSquares(p, cols, y, null, n, g);
  kernel.residuals(p, cols, y, null, n, r, J);
  const fused: number[] = [];
  const jacobian: number[] = [];
  const folds: number[] = [];
  for (let k = 0; k < passes; k++) {
    fused.push(timed(() => kernel.sumSquares(p, cols, y, null, n, g)).ms);
    jacobian.push(timed(() => kernel.residuals(p, cols, y, null, n, r, J)).ms);
    folds.push(timed(() => foldJacobian(kernel, p, rows)).ms);
  }
  const perIteration = lm.map((run) => run.ms / Math.max(1, run.iterations));
  return {
    n,
    readMs: readMs,
    reader: table.reader,
    model: DECAY_MODEL,
    runs: lm.length,
    iterations: lm[0].iterations,
    evaluations: lm[0].evaluations,
    reason: lm[0].reason,
    params: Object.fromEntries(DECAY_PARAMS.map((name, k) => [name, lm[0].params[k]])),
    totalMs: median(lm.map((run) => run.ms)),
    msPerIteration: median(perIteration),
    passes,
    fusedPassMs: median(fused),
    residualsJacobianMs: median(jacobian),
    foldMs: median(folds),
  };
}

/**
 * The notebook's loop: mean squared error of `a*x^2+b*x+c` on raw x, x −= lr·∇, 1000 steps from
 * zero. Timed through optim's gd with the fused kernel, and as a hand-written loop for reference.
 */
async function benchTextbookLoop(path: string, quick: boolean) {
  const { table } = await readXY(path);
  const [x, y] = table.columns as [Float64Array, Float64Array];
  const n = table.n;
  const steps = 1000;
  const lr = 1e-3;
  const kernel = compileKernel(parse('a*x^2+b*x+c'), { params: ['a', 'b', 'c'], columns: ['x'] });
  const objective: Objective = {
    dim: 3,
    evaluate(p, g) {
      const f = kernel.sumSquares(p, [x], y, null, n, g);
      for (let k = 0; k < g.length; k++) g[k] = g[k] / n;
      return f / n;
    },
  };
  const runs = quick ? 5 : 15;
  const times: number[] = [];
  let res = gd(objective, new Float64Array(3), { lr, maxSteps: steps, tol: 0 });
  for (let k = 0; k < runs; k++) {
    const run = timed(() => gd(objective, new Float64Array(3), { lr, maxSteps: steps, tol: 0 }));
    times.push(run.ms);
    res = run.value;
  }

  /** The same loop written out by hand: the floor for this problem in JavaScript. */
  const handLoop = (): Float64Array => {
    let a = 0;
    let b = 0;
    let c = 0;
    for (let s = 0; s < steps; s++) {
      let ga = 0;
      let gb = 0;
      let gc = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        const r = a * xi * xi + b * xi + c - y[i];
        ga += r * xi * xi;
        gb += r * xi;
        gc += r;
      }
      a -= (lr * 2 * ga) / n;
      b -= (lr * 2 * gb) / n;
      c -= (lr * 2 * gc) / n;
    }
    return Float64Array.of(a, b, c);
  };
  const handTimes: number[] = [];
  let hand = handLoop();
  for (let k = 0; k < runs; k++) {
    const run = timed(handLoop);
    handTimes.push(run.ms);
    hand = run.value;
  }
  const agreement = Math.max(...[0, 1, 2].map((k) => Math.abs(res.x[k] - hand[k]) / Math.max(1e-300, Math.abs(hand[k]))));
  return {
    n,
    steps,
    lr,
    runs,
    iterations: res.iterations,
    evaluations: res.evaluations,
    params: { a: res.x[0], b: res.x[1], c: res.x[2] },
    loss: res.f,
    usPerStep: (median(times) * 1000) / steps,
    handUsPerStep: (median(handTimes) * 1000) / steps,
    handParams: { a: hand[0], b: hand[1], c: hand[2] },
    maxRelDiffToHand: agreement,
  };
}

/** Every classic test function through minimizeExpression with the default method. */
function benchMinimize(quick: boolean) {
  const method = 'lbfgs' as const;
  const budgetMs = quick ? 20 : 60;
  return TEST_FUNCTIONS.map((tf) => {
    const vars = Object.keys(tf.start).length;
    try {
      const problem = prepareMinimize(tf.expr);
      const settings = { method, start: new Map(Object.entries(tf.start)) };
      let res = minimizeExpression(problem, settings);
      const times: number[] = [];
      const t0 = performance.now();
      while (times.length < 3 || (performance.now() - t0 < budgetMs && times.length < 500)) {
        const run = timed(() => minimizeExpression(problem, settings));
        times.push(run.ms);
        res = run.value;
      }
      const fError = Math.abs(res.minimum - tf.fStar);
      const locError = locationError(res.at, tf.xStar);
      return {
        name: tf.name,
        vars,
        start: tf.startNote,
        method,
        iterations: res.iterations,
        evaluations: res.evaluations,
        runs: times.length,
        usPerIteration: (median(times) * 1000) / Math.max(1, res.iterations),
        fError,
        locError,
        reason: res.reason,
        pass: fError <= 1e-8 * (1 + Math.abs(tf.fStar)) && locError <= 1e-5,
        error: null as string | null,
      };
    } catch (err) {
      return { name: tf.name, vars, start: tf.startNote, method, error: err instanceof Error ? err.message : String(err) };
    }
  });
}

/** Runs one part, turning a crash into a reported error instead of losing the other parts. */
async function attempt<T>(work: () => Promise<T> | T): Promise<T | { error: string }> {
  try {
    return await work();
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const report = {
    lm: await attempt(() => benchLevenbergMarquardt(args.decay, args.quick)),
    textbook: await attempt(() => benchTextbookLoop(args.parabola, args.quick)),
    minimize: await attempt(() => benchMinimize(args.quick)),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
