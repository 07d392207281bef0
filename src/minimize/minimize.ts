/**
 * The minimize use case: minimise an expression over all its free identifiers with one of the
 * optimisers, from --start (0 by default, or seeded normal draws with --seed).
 */
import { compileKernel, freeIdentifiers, parse, type Kernel } from '../expr/index.js';
import { DESCENT_METHODS, descend, type DescentMethod, type Objective, type OptimOptions, type OptimResult, type RunSettings } from '../optim/index.js';
import { startingPoint } from '../optim/random.js';
import { globalSearch, searchBudget, type SearchBudget } from '../optim/global-search.js';
import { fmt } from '../optim/numeric.js';
import { InputError, option } from '../errors.js';
import type { MinimizeResult, MinimizeSearch } from './result.js';

export const MINIMIZE_METHODS = Object.keys(DESCENT_METHODS) as DescentMethod[];
export type MinimizeMethod = DescentMethod;

export interface MinimizeSettings extends RunSettings {
  method: MinimizeMethod;
  /** --global: search a box (given ranges by name; the others get defaultRange) instead of one local run. */
  global?: { ranges: ReadonlyMap<string, readonly [number, number]>; budget?: SearchBudget };
}

/**
 * The box a variable is searched in without --range: start ± max(10, 10·|start|), so at least
 * [−10, 10] around 0 and an order of magnitude either way around a larger start.
 */
export function defaultRange(start: number): [number, number] {
  const half = Math.max(10, 10 * Math.abs(start));
  return [start - half, start + half];
}

/** A parsed expression ready to minimise: its variables and its compiled value-and-gradient. */
export interface MinimizeProblem {
  expr: string;
  names: string[];
  kernel: Kernel;
}

export function prepareMinimize(expr: string): MinimizeProblem {
  const ast = parse(expr);
  const names = freeIdentifiers(ast);
  if (names.length === 0) {
    throw new InputError(`"${expr.trim()}" has no variables to minimise over; write one, as in "3*x^2+2*x-1.2"`);
  }
  return { expr: expr.trim(), names, kernel: compileKernel(ast, { params: names, columns: [] }) };
}

export function objectiveOf(problem: MinimizeProblem): Objective {
  return { dim: problem.names.length, evaluate: (x, g) => problem.kernel.valueGrad(x, g) };
}

export function minimizeExpression(problem: MinimizeProblem, settings: MinimizeSettings): MinimizeResult {
  const { names } = problem;
  for (const name of settings.start.keys()) {
    if (!names.includes(name)) {
      throw new InputError(`${option('start')} names '${name}', which is not in the expression (its variables are: ${names.join(', ')})`);
    }
  }
  const x0 = startingPoint(names, settings.start, 0, settings.seed);
  const objective = objectiveOf(problem);
  if (settings.global) return minimizeGlobal(problem, settings, x0);
  const start = checkStart(objective, names, x0);
  // Step 0 is the start, so that a --trace shows the whole path.
  settings.onStep?.({ step: 0, f: start.f, x: x0, gradNorm: Math.hypot(...start.g) });
  const opts: OptimOptions = { maxSteps: settings.maxSteps, tol: settings.tol, lr: settings.lr, onStep: settings.onStep };
  const res = descend(settings.method, objective, x0, opts);
  return resultOf(problem, settings.method, res, null);
}

function resultOf(problem: MinimizeProblem, method: MinimizeMethod, res: OptimResult, search: MinimizeSearch | null, evaluations = res.evaluations): MinimizeResult {
  const { names } = problem;
  const at: Record<string, number> = Object.create(null); // a variable may be called __proto__
  const gradient: Record<string, number> = Object.create(null);
  names.forEach((name, k) => {
    at[name] = res.x[k];
    gradient[name] = res.grad[k];
  });
  return {
    command: 'minimize',
    expr: problem.expr,
    method,
    minimum: res.f,
    at,
    gradient,
    gradNorm: res.gradNorm,
    iterations: res.iterations,
    evaluations,
    converged: res.converged,
    reason: res.reason,
    message: res.message,
    history: res.history,
    historySteps: res.historySteps,
    checks: [],
    failure: res.failure,
    ...(search ? { search } : {}),
  };
}

/** The variables' values as {name: value}. */
function named(names: readonly string[], x: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null); // a variable may be called __proto__
  names.forEach((name, k) => (out[name] = x[k]));
  return out;
}

/**
 * The step cap of each local run of --global unless --max-steps is given: a run that needs more
 * is rare, and a few that never finish (f flipping between two neighbouring doubles) must not
 * cost 10,000 iterations each.
 */
export const GLOBAL_MAX_STEPS = 1000;

/**
 * --global: a deterministic search of a box (globalSearch) with local runs of the chosen method;
 * the result is the run that went lowest, as it ended, with the search's figures in `search`.
 * With onStep (--trace), that run is run again from its start to show its path.
 */
function minimizeGlobal(problem: MinimizeProblem, settings: MinimizeSettings, x0: Float64Array): MinimizeResult {
  const { names, kernel } = problem;
  const ranges = settings.global!.ranges;
  for (const name of ranges.keys()) {
    if (!names.includes(name)) {
      throw new InputError(`${option('range')} names '${name}', which is not in the expression (its variables are: ${names.join(', ')})`);
    }
  }
  const box = { lo: new Float64Array(names.length), hi: new Float64Array(names.length) };
  names.forEach((name, k) => {
    const [lo, hi] = ranges.get(name) ?? defaultRange(x0[k]);
    box.lo[k] = lo;
    box.hi[k] = hi;
  });
  const objective = objectiveOf(problem);
  const out = new Float64Array(1);
  const value = (x: Float64Array): number => {
    kernel.evaluate(x, [], 1, out);
    return out[0];
  };
  const opts: OptimOptions = { maxSteps: settings.maxSteps ?? GLOBAL_MAX_STEPS, tol: settings.tol, lr: settings.lr };
  const budget = settings.global!.budget ?? searchBudget(names.length);
  const search = globalSearch({ value, local: (x) => descend(settings.method, objective, x, opts), box, start: x0, budget, widen: names.map((name) => !ranges.has(name)) });
  const boxText = names.map((name, k) => `${name} in [${fmt(box.lo[k])}, ${fmt(box.hi[k])}]`).join(', ');
  if (search.best === null) {
    throw new InputError(`the expression is not finite at the start or at any of the ${search.candidates} points screened in ${boxText}; give a box where it is defined with ${option('range')}`);
  }
  let res = search.best.result;
  if (settings.onStep) {
    const g = new Float64Array(names.length);
    const start = search.best.start;
    const f = objective.evaluate(start, g);
    settings.onStep({ step: 0, f, x: start, gradNorm: Math.hypot(...g) });
    res = descend(settings.method, objective, start, { ...opts, onStep: settings.onStep });
  }
  if (res.reason === 'unbounded' && res.failure && ranges.size > 0) {
    res = { ...res, failure: { ...res.failure, remedies: [...res.failure.remedies, { kind: 'range-is-not-a-bound' }] } };
  }
  const summary: MinimizeSearch = {
    starts: search.runs.length,
    candidates: search.candidates,
    reachedBest: search.reachedBest,
    nextBest: search.nextBest ? { f: search.nextBest.f, at: named(names, search.nextBest.x) } : null,
    box: Object.fromEntries(names.map((name, k) => [name, [box.lo[k], box.hi[k]]])),
    budget: { ...budget },
  };
  return resultOf(problem, settings.method, res, summary, search.evaluations);
}

/** A start where the value or gradient is not finite is the user's to change (exit 2). */
function checkStart(objective: Objective, names: string[], x0: Float64Array): { f: number; g: Float64Array } {
  const g = new Float64Array(names.length);
  const f = objective.evaluate(x0, g);
  const at = names.map((name, k) => `${name}=${x0[k]}`).join(',');
  if (!Number.isFinite(f)) {
    throw new InputError(`the expression is not finite at the start ${at} (it is ${f}); choose another point with ${option('start')}`);
  }
  const bad = names.filter((_, k) => !Number.isFinite(g[k]));
  if (bad.length > 0) {
    throw new InputError(`the gradient (d/d${bad.join(', d/d')}) is not finite at the start ${at}; choose another point with ${option('start')}`);
  }
  return { f, g };
}
