/**
 * The classic test functions of the benchmark: the same suite the tests solve
 * (test/optim/functions.ts), as gradfit expressions with their starts and known minima by
 * variable name, so that what is measured is what is tested.
 */
import { TEST_FUNCTIONS as SUITE } from '../test/optim/functions.js';

/** One test problem: an expression, where to start, and where its minimum is. */
export interface TestFunction {
  name: string;
  expr: string;
  /** Starting point, by variable name. */
  start: Record<string, number>;
  /** Where the start comes from: the literature's usual point, or one we chose. */
  startNote: 'usual' | 'chosen';
  /** The minimum value. */
  fStar: number;
  /** Every point where fStar is attained, by variable name. */
  xStar: Record<string, number>[];
}

const byName = (vars: readonly string[], values: readonly number[]) => Object.fromEntries(vars.map((v, k) => [v, values[k]]));

/** Every function of the suite that the expression language can write. */
export const TEST_FUNCTIONS: readonly TestFunction[] = SUITE.filter((t) => t.expr !== null).map((t) => ({
  name: t.name,
  expr: t.expr!,
  start: byName(t.vars, t.start),
  startNote: t.chosenStart ? 'chosen' : 'usual',
  fStar: t.fStar,
  xStar: t.xStar.map((x) => byName(t.vars, x)),
}));

/**
 * Distance to the nearest known minimiser, per coordinate relative to max(1, |x*_i|), the
 * largest over the coordinates.
 */
export function locationError(at: Record<string, number>, minima: readonly Record<string, number>[]): number {
  let best = Infinity;
  for (const star of minima) {
    let worst = 0;
    for (const [name, target] of Object.entries(star)) {
      const got = at[name];
      const err = got === undefined ? Infinity : Math.abs(got - target) / Math.max(1, Math.abs(target));
      worst = Math.max(worst, err);
    }
    best = Math.min(best, worst);
  }
  return best;
}
