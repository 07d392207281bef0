/**
 * The first-order loop that gd, momentum and adam share: the textbook gradient-descent loop with
 * a pluggable update. At each step: evaluate f and g at x, update x from g, count the step, and
 * stop when |g| (of the g just used) <= tol or at maxSteps. f is then evaluated at the final x.
 */
import { History } from './history.js';
import { requireStart } from './errors.js';
import { divergedVerdict, nonfiniteVerdict, unboundedVerdict, type Verdict } from './guards.js';
import { fmt, fmtPoint, norm2 } from './numeric.js';
import { probeForLower } from './probe.js';
import type { Objective, OptimOptions, OptimResult, Remedy, StopReason } from './types.js';

/** How x moves given the gradient at the current step (t = 1, 2, …). Mutates x. */
export interface UpdateRule {
  update(x: Float64Array, g: Float64Array, t: number): void;
}

/** Default tolerance on |∇f| for the first-order methods. */
export const DESCENT_TOL = 1e-6;
/** Default step cap for gd, momentum and adam. */
export const DESCENT_MAX_STEPS = 10000;

const NONFINITE_REMEDIES: Remedy[] = [{ kind: 'smaller-lr' }, { kind: 'start', how: 'another' }];

/** Run the loop. `x0` is not modified. */
export function descend(method: string, objective: Objective, x0: Float64Array, opts: OptimOptions, rule: UpdateRule): OptimResult {
  requireStart(method, objective.dim, x0);
  const tol = opts.tol ?? DESCENT_TOL;
  const maxSteps = opts.maxSteps ?? DESCENT_MAX_STEPS;
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  let f = objective.evaluate(x, g);
  let evaluations = 1;
  const f0 = f;
  const history = new History();
  history.push(f);
  let step = 0;
  let usedNorm = Infinity;

  const verdict = (): Verdict | null =>
    unboundedVerdict(f, step, x0, x) ?? nonfiniteVerdict(f, g, step, NONFINITE_REMEDIES) ?? divergedVerdict(f, f0, step);
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

  let bad = verdict();
  while (bad === null) {
    if (usedNorm <= tol) break;
    if (step >= maxSteps) break;
    usedNorm = norm2(g);
    rule.update(x, g, step + 1);
    step++;
    f = objective.evaluate(x, g);
    evaluations++;
    history.push(f);
    bad = verdict();
    if (bad === null) opts.onStep?.({ step, f, x, gradNorm: norm2(g) });
  }
  if (bad !== null) return finish(bad.reason, false, bad.failure.message, bad.failure);
  if (usedNorm > tol) {
    const gn = step === 0 ? norm2(g) : usedNorm;
    return finish('step-cap', false, `stopped at the step cap of ${maxSteps} steps with gradient norm ${fmt(gn)} > tol ${fmt(tol)}`);
  }
  // The gradient is small: make sure this is a minimum and not a saddle, maximum or inflection.
  const probe = probeForLower(objective, x, f, g);
  evaluations += probe.evaluations;
  if (probe.lower !== null) {
    return finish(
      'not-minimum',
      false,
      `the gradient vanishes here but f is lower nearby (${fmt(probe.lower.f)} at ${fmtPoint(probe.lower.x)}): a saddle point, maximum or inflection, not a minimum`,
    );
  }
  return finish('gradient', true, `gradient norm ${fmt(usedNorm)} <= tol ${fmt(tol)}`);
}
