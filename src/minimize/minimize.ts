/**
 * The minimize use case: minimise an expression over all its free identifiers with one of the
 * optimisers, from --start (0 by default, or seeded normal draws with --seed).
 */
import { compileKernel, freeIdentifiers, parse, type Kernel } from '../expr/index.js';
import { DESCENT_METHODS, descend, type DescentMethod, type Objective, type OptimOptions, type RunSettings } from '../optim/index.js';
import { startingPoint } from '../optim/random.js';
import { InputError } from '../errors.js';
import type { MinimizeResult } from './result.js';

export const MINIMIZE_METHODS = Object.keys(DESCENT_METHODS) as DescentMethod[];
export type MinimizeMethod = DescentMethod;

export interface MinimizeSettings extends RunSettings {
  method: MinimizeMethod;
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
      throw new InputError(`--start names '${name}', which is not in the expression (its variables are: ${names.join(', ')})`);
    }
  }
  const x0 = startingPoint(names, settings.start, 0, settings.seed);
  const objective = objectiveOf(problem);
  const start = checkStart(objective, names, x0);
  // Step 0 is the start, so that a --trace shows the whole path.
  settings.onStep?.({ step: 0, f: start.f, x: x0, gradNorm: Math.hypot(...start.g) });
  const opts: OptimOptions = { maxSteps: settings.maxSteps, tol: settings.tol, lr: settings.lr, onStep: settings.onStep };
  const res = descend(settings.method, objective, x0, opts);
  const at: Record<string, number> = Object.create(null); // a variable may be called __proto__
  const gradient: Record<string, number> = Object.create(null);
  names.forEach((name, k) => {
    at[name] = res.x[k]!;
    gradient[name] = res.grad[k]!;
  });
  return {
    command: 'minimize',
    expr: problem.expr,
    method: settings.method,
    minimum: res.f,
    at,
    gradient,
    gradNorm: res.gradNorm,
    iterations: res.iterations,
    evaluations: res.evaluations,
    converged: res.converged,
    reason: res.reason,
    message: res.message,
    history: res.history,
    historySteps: res.historySteps,
    checks: [],
    failure: res.failure,
  };
}

/** A start where the value or gradient is not finite is the user's to change (exit 2). */
function checkStart(objective: Objective, names: string[], x0: Float64Array): { f: number; g: Float64Array } {
  const g = new Float64Array(names.length);
  const f = objective.evaluate(x0, g);
  const at = names.map((name, k) => `${name}=${x0[k]}`).join(',');
  if (!Number.isFinite(f)) {
    throw new InputError(`the expression is not finite at the start ${at} (it is ${f}); choose another point with --start`);
  }
  const bad = names.filter((_, k) => !Number.isFinite(g[k]!));
  if (bad.length > 0) {
    throw new InputError(`the gradient (d/d${bad.join(', d/d')}) is not finite at the start ${at}; choose another point with --start`);
  }
  return { f, g };
}
