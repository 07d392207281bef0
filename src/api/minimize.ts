/**
 * The library's `minimize` and `grad`: the results `gradfit minimize --json` and `gradfit grad
 * --json` print. The CLI runs through `prepareMinimizeRun` and `runMinimize` below, so both make
 * the same object. Nothing here writes to stdout or stderr or exits.
 */
import { minimizeExpression, prepareMinimize, MINIMIZE_METHODS, type MinimizeMethod, type MinimizeProblem, type MinimizeSettings } from '../minimize/minimize.js';
import type { GradResult, MinimizeResult } from '../minimize/result.js';
import { gradAt, type GradRun } from '../grad/grad.js';
import { freeIdentifiers, parse } from '../expr/index.js';
import type { StepInfo } from '../optim/index.js';
import { OptimisationError } from './errors.js';
import { integerIn, nonNegativeNumber, numberRecord, optionError, positiveNumber } from './check.js';

/** How to minimise. */
export interface MinimizeOptions {
  /** The starting point by variable name (default 0 for each; with `seed`, seeded normal draws for the others). */
  start?: Record<string, number>;
  /** `'lbfgs'` (default, no tuning needed), `'gd'` (the textbook loop), `'momentum'`, `'adam'`. */
  method?: MinimizeMethod;
  /** Learning rate of `gd`, `momentum`, `adam` (default 0.01). */
  lr?: number;
  /** Step cap (default 10000). */
  maxSteps?: number;
  /** Stop when the gradient norm is at most this (default: lbfgs to full precision, 1e-6 for the others). */
  tol?: number;
  /** Seed for the variables not in `start`. */
  seed?: number;
  /** A deterministic global search of a box instead of one local run (reported in `result.search`). */
  global?: boolean;
  /** The box `global` searches, by variable: `[lo, hi]` (implies `global`); the others get start ± max(10, 10·|start|). */
  range?: Record<string, readonly [number, number]>;
  /** Called after every step with the step number, `f`, the point `x` and `gradNorm`. */
  onStep?: (step: StepInfo) => void;
}

/** The options checked and the expression parsed. */
export interface PreparedMinimize {
  problem: MinimizeProblem;
  settings: MinimizeSettings;
}

export function prepareMinimizeRun(expr: string, o: MinimizeOptions): PreparedMinimize {
  if (typeof expr !== 'string') throw optionError('expr', 'the expression must be a string, e.g. "3*x^2+2*x-1.2"');
  const method = o.method ?? 'lbfgs';
  if (!(MINIMIZE_METHODS as readonly string[]).includes(method)) throw optionError('method', `unknown method '${String(method)}'; choose one of: ${MINIMIZE_METHODS.join(', ')}`);
  const ranges = new Map<string, [number, number]>();
  for (const [name, pair] of Object.entries(o.range ?? {})) {
    if (!Array.isArray(pair) || pair.length !== 2 || !(typeof pair[0] === 'number' && typeof pair[1] === 'number' && pair[0] < pair[1] && Number.isFinite(pair[0]) && Number.isFinite(pair[1]))) {
      throw optionError('range', `\`range.${name}\` must be a pair [lo, hi] of finite numbers with lo below hi`);
    }
    ranges.set(name, [pair[0], pair[1]]);
  }
  const settings: MinimizeSettings = { method, start: new Map(Object.entries(numberRecord(o.start, 'start'))) };
  if (o.lr !== undefined) settings.lr = positiveNumber(o.lr, 'lr');
  if (o.maxSteps !== undefined) settings.maxSteps = integerIn(o.maxSteps, 'maxSteps', 1, 1e9);
  if (o.tol !== undefined) settings.tol = nonNegativeNumber(o.tol, 'tol');
  if (o.seed !== undefined) settings.seed = integerIn(o.seed, 'seed', 0, 2 ** 32 - 1);
  if (o.global === true || ranges.size > 0) settings.global = { ranges };
  if (o.onStep !== undefined) settings.onStep = o.onStep;
  return { problem: prepareMinimize(expr), settings };
}

/** The run itself, for the library and the CLI alike; the result's `checks` are empty. */
export function runMinimize(prepared: PreparedMinimize): MinimizeResult {
  return minimizeExpression(prepared.problem, prepared.settings);
}

/**
 * Minimise an expression over all its free identifiers.
 *
 * @returns the result `gradfit minimize --json` prints (without `provenance`). A run that stopped
 *   at the step cap is returned with `converged: false`.
 * @throws ExprError for an expression that does not parse, InputError for bad options or a start
 *   where the expression is not finite, OptimisationError when the run failed (no minimum: f
 *   unbounded below, a saddle, a non-finite value mid-run); its `result` is still there.
 */
export function minimize(expr: string, options: MinimizeOptions = {}): MinimizeResult {
  const prepared = prepareMinimizeRun(expr, options);
  const { names } = prepared.problem;
  for (const [option, keys] of [['start', prepared.settings.start.keys()], ['range', prepared.settings.global?.ranges.keys() ?? []]] as const) {
    for (const name of keys) {
      if (!names.includes(name)) throw optionError(option, `\`${option}\` names '${name}', which is not in the expression (its variables are: ${names.join(', ')})`);
    }
  }
  const result = runMinimize(prepared);
  if (result.failure) throw new OptimisationError(result);
  return result;
}

/**
 * The value of an expression at a point and every partial derivative, from one backward pass of
 * the engine (never finite differences).
 *
 * @param at a value for every variable of the expression, e.g. `{ x: 4, w: 2, b: 3 }`; the
 *   gradient lists them in this order.
 * @returns the result `gradfit grad --json` prints.
 * @throws ExprError for an expression that does not parse; InputError for a missing or unknown
 *   variable, or a value that is not finite there.
 */
export function grad(expr: string, at: Record<string, number>): GradResult {
  return gradRun(expr, at, true).result;
}

/** grad with the graph the engine built, for the CLI's --graph; `library` checks the point in the library's words. */
export function gradRun(expr: string, at: Record<string, number>, library: boolean): GradRun {
  if (typeof expr !== 'string') throw optionError('expr', 'the expression must be a string, e.g. "w*x+b"');
  const point = new Map(Object.entries(numberRecord(at, 'at')));
  if (library) {
    const names = freeIdentifiers(parse(expr));
    const missing = names.filter((name) => !point.has(name));
    if (missing.length > 0) throw optionError('at', `no value for ${missing.map((n) => `'${n}'`).join(', ')}: give every variable of the expression a value in \`at\``);
    const unknown = [...point.keys()].filter((name) => !names.includes(name));
    if (unknown.length > 0) throw optionError('at', `\`at\` gives ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in the expression (${names.length > 0 ? `its variables are: ${names.join(', ')}` : 'it has no variables'})`);
  }
  return gradAt(expr, point);
}
