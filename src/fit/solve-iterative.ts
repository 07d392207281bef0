/**
 * The iterative solvers: a start (the user's, drawn by --seed, or found by the search of
 * search.ts), then Levenberg–Marquardt on the residuals or a descent method on the mean square.
 * A local fit from the user's start is checked by a search over every parameter.
 */
import { EPSMCH, lstsq } from '../linalg/index.js';
import { descend, type DescentMethod } from '../optim/index.js';
import { fmt } from '../optim/numeric.js';
import { levenbergMarquardt } from './least-squares.js';
import type { Failure, LeastSquares, LeastSquaresFold, LeastSquaresResult, Objective } from '../optim/index.js';
import type { Kernel } from '../expr/index.js';
import { startingPoint } from '../optim/random.js';
import { InputError, option } from '../errors.js';
import type { Dataset } from './dataset.js';
import type { ModelSpec } from './model.js';
import { eachJacobianBlock, foldJacobian, sumOfSquares } from './jacobian-factor.js';
import { fromStandard, safeLearningRate, standardisation, standardise, toStandard } from './polynomial.js';
import { optimOptions, type SolveOutcome } from './outcome.js';
import { leastSquaresOver, weightedNorm } from './response-scale.js';
import { near, searchRows, searchStart, type SearchReport } from './search.js';
import { dataOutsideDomain, keepCondition, negativeBase } from './domain.js';
import { spreadRows } from './separable.js';
import type { FitSettings } from './settings.js';

/**
 * A model by iteration: Levenberg–Marquardt on the residuals, or a descent method on the mean
 * square, from the user's start, a drawn one (--seed), or the search's.
 */
export function solveIteratively(kernel: Kernel, spec: ModelSpec, data: Dataset, settings: FitSettings): SolveOutcome {
  const P = spec.params.length;
  const problem = { kernel, ast: spec.ast, params: spec.params, columns: spec.data, rows: data, maxSteps: settings.maxSteps };
  // Without a start for every parameter (and without --seed, which draws them), search for one.
  let search: SearchReport | undefined;
  let p0: Float64Array;
  let others: Float64Array[] = [];
  if (settings.global || (settings.start.size < P && settings.seed === undefined)) {
    const found = searchStart({ ...problem, given: settings.start, everything: settings.global === true }, spec.linear);
    p0 = found.start;
    search = found.report;
    others = found.others;
    // The best local fit ran on all the rows: it is the fit.
    if (settings.method === 'lm' && found.run?.converged) return { params: found.run.x, factor: found.run.factor, run: found.run, search };
  } else {
    p0 = startingPoint(spec.params, settings.start, 1, settings.seed);
  }
  // Levenberg–Marquardt's first pass over the rows is also the check of the start.
  let atStart = settings.method === 'lm' ? foldJacobian(kernel, p0, data) : null;
  // The search ran on a sample of the rows: where its best is not finite on a row outside it,
  // the next of its ends that is finite on every row is the start.
  let passedOver: { row: number } | null = null;
  if (atStart !== null && atStart.nonFinite?.param === null) {
    for (const other of others) {
      const there = foldJacobian(kernel, other, data);
      if (there.nonFinite === null) {
        passedOver = { row: atStart.nonFinite.row };
        p0 = other;
        atStart = there;
        break;
      }
    }
  }
  const degenerate = search === undefined ? null : degenerateAtSearchStart(kernel, spec, data, p0, atStart, search);
  if (degenerate !== null) return degenerate;
  checkStart(kernel, spec, data, p0, atStart, search !== undefined);
  const outcome = solveFrom(kernel, data, settings, p0, atStart);
  if (search && passedOver !== null) return { ...belowPassedOver(kernel, data, outcome, search, passedOver.row), search };
  if (search) return { ...outcome, search };
  // A local fit from a start the user gave: a search over every parameter checks that it did not
  // end in a local minimum above a lower one (the judge then fails it).
  if (settings.method === 'lm' && outcome.run.converged && !outcome.run.failure && settings.searchCheck !== false) {
    const check = searchStart({ ...problem, given: new Map(), everything: true }, spec.linear);
    // Where the search's lowest minimum is the fit's (its searched parameters within 1% of the
    // fit's, found on a sample of the rows or on all of them), that minimum over all the rows is
    // the fit: its sum of squares is the fit's, without another pass over the rows.
    const searched = check.report.searched.map((s) => spec.params.indexOf(s.name));
    const same = outcome.factor !== undefined && outcome.factor.transform === undefined && near(check.start, outcome.params, searched);
    const at = same ? outcome.params : check.start;
    const lowest = same && outcome.factor ? outcome.factor.rss : sumOfSquares(kernel, check.start, data);
    return { ...outcome, search: { ...check.report, bestRss: Number.isFinite(lowest) ? lowest : null, rows: data.n, check: true, bestParams: named(spec.params, at) } };
  }
  return outcome;
}

/**
 * A fit from the search's next end, its best not being finite on every row: it must reach the
 * best's sum of squares on the search's rows, or it is another, higher minimum (an exponentially
 * modified peak whose best overflowed on one row; the next end, a flat curve of two huge terms
 * cancelling, 234 times the optimum), and fails.
 */
function belowPassedOver(kernel: Kernel, data: Dataset, outcome: SolveOutcome, search: SearchReport, row: number): SolveOutcome {
  if (search.bestRss === null || !outcome.run.converged || outcome.run.failure) return outcome;
  const here = sumOfSquares(kernel, outcome.params, searchRows(data));
  if (here <= search.bestRss * (1 + PASSED_OVER_SLACK)) return outcome;
  const message =
    `the search's lowest minimum (sum of squares ${fmt(search.bestRss)} on ${search.rows} of the rows) is not finite for data row ${row + 1} (${data.names.x} = ${data.x[row]}), ` +
    `and the fit from its next start ends higher (${fmt(here)} on those rows): this is not the best fit`;
  const failure: Failure = { step: outcome.run.iterations, message, remedies: [{ kind: 'start', how: 'nearer' }, { kind: 'note', text: 'leave out the rows where the model overflows' }] };
  return { ...outcome, run: { ...outcome.run, failure } };
}

/** How far above the passed-over best a fit from the next end may end (rounding, and a minimum that moved a little with the other rows). */
const PASSED_OVER_SLACK = 0.01;

function named(names: readonly string[], p: Float64Array): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  names.forEach((name, k) => (out[name] = p[k]));
  return out;
}

/** The local fit from p0 by the chosen method (`atStart`: the fold at p0, when it was made already). */
function solveFrom(kernel: Kernel, data: Dataset, settings: FitSettings, p0: Float64Array, atStart: LeastSquaresFold | null = null): SolveOutcome {
  const P = p0.length;
  if (settings.method === 'lm') {
    // A fold made already (at p0, or at the warm start's end), used when LM asks for it first.
    let made = atStart;
    let madeAt = p0;
    const fold = (p: Float64Array): LeastSquaresFold => {
      const reuse = made !== null && p.every((v, k) => Object.is(v, madeAt[k]));
      const f = reuse && made !== null ? made : foldJacobian(kernel, p, data);
      made = null;
      return f;
    };
    const ls: LeastSquares = { m: data.n, n: P, fold, roundingNorm: EPSMCH * weightedNorm(data.y, data.w) };
    // Passes over all the rows that the fit from p0 below does not count (a warm start not taken).
    let spent = 0;
    const warm = warmStart(kernel, data, settings, p0, atStart);
    if ('passes' in warm) spent = warm.passes;
    else {
      made = warm.fold;
      madeAt = warm.p1;
      const opts = optimOptions(settings, undefined);
      const onStep = opts.onStep;
      const rest = levenbergMarquardt(ls, warm.p1, { ...opts, maxSteps: warm.maxSteps, onStep: onStep && ((s) => onStep({ ...s, step: s.step + 1 })) });
      if (rest.converged) {
        const res = afterFirstStep(warm.rss0, rest, 1);
        return { params: res.x, factor: res.factor, run: res };
      }
      // (No minimum from there: the fit from the start as it is.)
      spent = rest.evaluations;
      made = atStart;
      madeAt = p0;
    }
    let res = levenbergMarquardt(ls, p0, optimOptions(settings, undefined));
    if (spent > 0) res = { ...res, evaluations: res.evaluations + spent };
    if (res.reason === 'no-progress' && res.iterations === 0 && !res.failure) {
      // LM's first trust region is scaled by the start (100·‖D·p0‖); when the answer is many
      // orders of magnitude away, no step within it shows a reduction. One full Gauss–Newton
      // step gives a start of the right size; LM goes on from there if it lowered the RSS.
      const retry = gaussNewtonStart(kernel, data, p0, atStart ?? foldJacobian(kernel, p0, data));
      if (retry) {
        const again = levenbergMarquardt(ls, retry, optimOptions(settings, undefined));
        res = afterFirstStep(res.history[0], again, res.evaluations + 1);
      }
    }
    if (res.reason === 'no-progress' && res.iterations === 0 && !res.failure) {
      // Not a single step lowered the sum of squares: the fit did nothing, which is a failure.
      const failure: Failure = { step: 0, message: `the fit could not move from the start: ${res.message}`, remedies: [{ kind: 'start', how: 'nearer' }] };
      return { params: res.x, factor: res.factor, run: { ...res, failure } };
    }
    return { params: res.x, factor: res.factor, run: res };
  }
  const res = descend(settings.method as DescentMethod, meanSquares(kernel, data.cols, data.y, data.w, data.n), p0, optimOptions(settings, undefined));
  return { params: res.x, run: res };
}

/**
 * `run`, LM from a point one step past the start (the warm start's, or a Gauss–Newton step),
 * with that step before it: one more iteration, the start's Σr² (`rss0`) first in the history,
 * and `passes` more passes over the rows.
 */
function afterFirstStep(rss0: number, run: LeastSquaresResult, passes: number): LeastSquaresResult {
  const steps = run.historySteps ?? run.history.map((_, k) => k);
  return { ...run, iterations: run.iterations + 1, evaluations: run.evaluations + passes, history: [rss0, ...run.history], historySteps: [0, ...steps.map((k) => k + 1)] };
}

/** A fit of at least this many rows from a given start begins on a sample of WARM_ROWS of them. */
const WARM_MIN_ROWS = 65_536;
const WARM_ROWS = 4096;
/** ...when the sample fit at least halves the sample's sum of squares. */
const WARM_GAIN = 0.5;

/**
 * The first step of a large Levenberg–Marquardt fit from a given start: the same fit on a spread
 * sample of the rows (separable.ts's spreadRows), from the same start. Its end is taken, as one
 * step, when the sum of squares over all the rows is lower there than at the start; LM then goes
 * on over all the rows, usually for two or three passes over them where it would have needed ten
 * from a distant start. Not taken (the fit runs from the start as it is; `passes`: over all the
 * rows, spent on it) for smaller data, when the sample fit failed, did not halve the sample's sum
 * of squares (a start near the answer) or did not lower the sum of squares over all the rows, or
 * when --max-steps leaves no room for the step.
 * `atStart`: the fold at p0 (its sum of squares is the start's).
 */
function warmStart(
  kernel: Kernel,
  data: Dataset,
  settings: FitSettings,
  p0: Float64Array,
  atStart: LeastSquaresFold | null,
): { p1: Float64Array; fold: LeastSquaresFold; rss0: number; maxSteps: number | undefined } | { passes: number } {
  const maxSteps = settings.maxSteps === undefined ? undefined : settings.maxSteps - 1;
  const none = { passes: 0 };
  if (data.n < WARM_MIN_ROWS || atStart === null || !Number.isFinite(atStart.rss) || (maxSteps !== undefined && maxSteps < 1)) return none;
  const sample = spreadRows(data, WARM_ROWS);
  const run = levenbergMarquardt(leastSquaresOver(kernel, sample, p0.length), p0, { maxSteps: settings.maxSteps, tol: settings.tol });
  if (run.failure || !run.x.every(Number.isFinite)) return none;
  // A start the sample fit hardly improves (one near the answer) goes to LM as it is: the pass
  // over all the rows at the sample's end would cost more than it saves.
  if (!(run.f <= WARM_GAIN * run.history[0])) return none;
  const fold = foldJacobian(kernel, run.x, data);
  if (!(fold.rss < atStart.rss) || fold.nonFinite !== null) return { passes: 1 };
  return { p1: Float64Array.from(run.x), fold, rss0: atStart.rss, maxSteps };
}

/**
 * A polynomial by a descent method: run on the standardised problem (z in [-1, 1], unit-variance
 * y) and its coefficients mapped back to powers of x. (The exact solve is solve-exact.ts.)
 */
export function descendPolynomial(kernel: Kernel, spec: ModelSpec & { kind: 'polynomial' }, data: Dataset, settings: FitSettings): SolveOutcome {
  // (--degree: the parameters c0..cN are in powers of x, as the standardisation has them.)
  const P = spec.degree + 1;
  const x = data.cols[0];
  const s = standardisation(x, data.y);
  const { z, u } = standardise(x, data.y, s);
  const c0 = startingPoint(spec.params, settings.start, 0, settings.seed);
  const d0 = settings.start.size > 0 || settings.seed !== undefined ? toStandard(c0, s) : new Float64Array(P);
  const lr =
    settings.method === 'gd' || settings.method === 'momentum'
      ? safeLearningRate(foldJacobian(kernel, new Float64Array(P), { cols: [z], y: u, w: data.w, n: data.n }).R, data.n, P)
      : undefined;
  const opts = optimOptions(settings, lr);
  opts.tol = settings.tol ?? 1e-10;
  const res = descend(settings.method as DescentMethod, meanSquares(kernel, [z], u, data.w, data.n), d0, opts);
  const scale = s.ys * s.ys;
  return {
    params: fromStandard(res.x, s),
    run: { ...res, history: res.history.map((f) => f * scale) },
  };
}

/** p0 plus one full Gauss–Newton step (from `at0`, the fold at p0), if that is finite and lowers the sum of squares; else null. */
function gaussNewtonStart(kernel: Kernel, data: Dataset, p0: Float64Array, at0: LeastSquaresFold): Float64Array | null {
  if (at0.nonFinite !== null || !Number.isFinite(at0.rss)) return null;
  const step = lstsq(at0.R, p0.length, p0.length, at0.qtr.map((v) => -v), data.n);
  const p1 = p0.map((v, k) => v + step.x[k]);
  if (!p1.every(Number.isFinite)) return null;
  const rss1 = sumOfSquares(kernel, p1, data);
  return rss1 < at0.rss ? p1 : null;
}

/** The mean squared (weighted) residual as an objective for the descent methods. */
export function meanSquares(kernel: Kernel, cols: Float64Array[], y: Float64Array, w: Float64Array | null, n: number): Objective {
  return {
    dim: kernel.layout.params.length,
    evaluate(p, g) {
      const f = kernel.sumSquares(p, cols, y, w, n, g);
      for (let k = 0; k < g.length; k++) g[k] = g[k] / n;
      return f / n;
    },
  };
}

/** The first value (residual, or a derivative: `param`) that is not finite at p0, or null; `atStart` is the fold at p0 when there is one. */
function firstNonFinite(kernel: Kernel, data: Dataset, p0: Float64Array, atStart: LeastSquaresFold | null): { row: number; param: number | null } | null {
  if (atStart !== null) return atStart.nonFinite;
  let bad: { row: number; param: number | null } | null = null;
  eachJacobianBlock(kernel, p0, data, (start, n, r, J) => {
    for (let i = 0; i < n && bad === null; i++) if (!Number.isFinite(r[i])) bad = { row: start + i, param: null };
    for (let k = 0; k < p0.length && bad === null; k++) {
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(J[i + k * n])) {
          bad = { row: start + i, param: k };
          break;
        }
      }
    }
    return bad !== null;
  });
  return bad;
}

/**
 * A model not finite on a data row whatever the parameters (log(x) at x = -3, x^b at a negative
 * x): a start cannot help, so the error says which rows to leave out; else null.
 */
function dataError(spec: ModelSpec, data: Dataset, row: number): InputError | null {
  const values = data.cols.map((c) => c[row]);
  const where = spec.data.map((name, k) => `${name === 'x' ? data.names.x : name} = ${values[k]}`).join(', ');
  const outside = dataOutsideDomain(spec.ast, spec.data, values);
  if (outside !== null) {
    const keep = keepCondition(outside.node, data.names.x);
    const how = keep === null ? option('where') : `${option('where')} "${keep}"`;
    return new InputError(`the model is not finite for data row ${row + 1} (${where}) whatever the parameters: ${outside.expr} is ${outside.value} there${outside.divides ? ', and the model divides by it' : ''}; leave such rows out with ${how}`);
  }
  const power = negativeBase(spec.ast, spec.data, values);
  if (power !== null) {
    return new InputError(
      `the model cannot be fitted at data row ${row + 1} (${where}): ${power.base} is negative there, and a negative number to the power ${power.exponent} is real only for whole exponents and has no derivative in the exponent; leave such rows out with ${option('where')}, or hold the exponent at a whole number with ${option('fix')}`,
    );
  }
  return null;
}

/**
 * A model that is not finite at the start cannot be fitted from there: say where, and what to do.
 * `atStart`, the fold at p0 when there is one, already knows the first value that is not finite.
 * `found`: the start is the search's, not the user's (the model degenerates there: a step, a spike).
 */
export function checkStart(kernel: Kernel, spec: ModelSpec, data: Dataset, p0: Float64Array, atStart: LeastSquaresFold | null = null, found = false): void {
  const bad = firstNonFinite(kernel, data, p0, atStart);
  if (bad === null) return;
  const domain = dataError(spec, data, bad.row);
  if (domain !== null) throw domain;
  // (The search's start to six digits: the user did not type it, and the line stays short.)
  const values = spec.params.map((name, k) => `${name}=${found ? Number(p0[k].toPrecision(6)) : p0[k]}`).join(',');
  const at = found ? `the start the search found (${values})` : `the start (${values})`;
  const remedy = found
    ? `the model degenerates there (a step or a spike); give starting values with ${option('start')}, or a range with ${option('bounds')}`
    : `give other starting values with ${option('start')}`;
  throw bad.param === null
    ? new InputError(`the model is not finite at ${at} for data row ${bad.row + 1} (${data.names.x} = ${data.x[bad.row]}); ${remedy}`)
    : new InputError(`the model's derivative with respect to ${spec.params[bad.param]} is not finite at ${at} for data row ${bad.row + 1}; ${remedy}`);
}

/**
 * The search's best point is where the model degenerates: finite there, but a derivative is not
 * (a logistic step whose width went to 0 between two rows: exp overflows, and its derivative is
 * inf/inf). The sum of squares falls as the model sharpens towards a step it can only approach,
 * so there is no optimum to report, only that limit: a failure (exit 3), with the point, rather
 * than an input error, since the data and the model are as the user meant them.
 */
function degenerateAtSearchStart(kernel: Kernel, spec: ModelSpec, data: Dataset, p0: Float64Array, atStart: LeastSquaresFold | null, search: SearchReport): SolveOutcome | null {
  const bad = firstNonFinite(kernel, data, p0, atStart);
  if (bad === null || bad.param === null || dataError(spec, data, bad.row) !== null) return null;
  const rss = sumOfSquares(kernel, p0, data);
  if (!Number.isFinite(rss)) return null;
  const message =
    `the model degenerates where the search's best fit lies: its derivative with respect to ${spec.params[bad.param]} is not finite for data row ${bad.row + 1} ` +
    `(a step or a spike sharpened until it overflows): the sum of squares falls towards a limit the model cannot reach, so there is no optimum, and the values reported are a point near that limit`;
  const failure: Failure = { step: 0, message, remedies: [{ kind: 'note', text: `fit the limit itself (a step), or keep the width away from 0 with --bounds` }] };
  return { params: p0, run: { iterations: 0, evaluations: 1, converged: false, reason: 'nonfinite', message, history: [rss], failure }, search };
}
