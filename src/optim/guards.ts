/**
 * The conditions that end a run in failure, shared by every method: a non-finite value, a value
 * falling without bound, a value growing without bound. Each returns the failure to report, or
 * null when the value is fine.
 */
import { allFinite, direction, fmt, fmtPoint } from './numeric.js';
import type { Failure, Remedy, StopReason } from './types.js';

/** f below this counts as running off to −∞. */
export const UNBOUNDED_BELOW = -1e100;

/** A failed run: why, and the failure to report. */
export interface Verdict {
  reason: Extract<StopReason, 'nonfinite' | 'unbounded' | 'diverged'>;
  failure: Failure;
}

/** f fell below −1e100 (or to −∞): the objective has no minimum in the direction taken. */
export function unboundedVerdict(f: number, step: number, x0: ArrayLike<number>, x: ArrayLike<number>): Verdict | null {
  if (!(f < UNBOUNDED_BELOW)) return null;
  return {
    reason: 'unbounded',
    failure: {
      step,
      message: `f fell to ${fmt(f)} at step ${step}: it decreases without bound`,
      remedies: [{ kind: 'note', text: `there is no minimum to find: f keeps decreasing along the direction ${fmtPoint(direction(x0, x))} from the start` }],
    },
  };
}

/** f or its gradient is NaN or infinite at x. `remedies` say what to change (a smaller learning rate, another start). */
export function nonfiniteVerdict(f: number, g: ArrayLike<number>, step: number, remedies: Remedy[]): Verdict | null {
  if (Number.isFinite(f) && allFinite(g)) return null;
  const what = Number.isFinite(f) ? 'the gradient is not finite' : `f is ${f}`;
  const where = step === 0 ? 'at the start' : `at step ${step}`;
  return { reason: 'nonfinite', failure: { step, message: `${what} ${where}`, remedies } };
}

/** f grew past f0 + 1e10·(1 + |f0|): the iteration is blowing up (a learning rate far too large). */
export function divergedVerdict(f: number, f0: number, step: number): Verdict | null {
  if (!(f - f0 > 1e10 * (1 + Math.abs(f0)))) return null;
  return {
    reason: 'diverged',
    failure: {
      step,
      message: `f grew from ${fmt(f0)} to ${fmt(f)} by step ${step}: the steps overshoot and grow`,
      remedies: [{ kind: 'smaller-lr' }],
    },
  };
}
