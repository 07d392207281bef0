/** Lines shared by fit and minimize: how the run ended, and the regression checks. */
import type { Paint } from './color.js';
import type { Check } from '../checks/check.js';
import type { Failure } from '../optim/index.js';
import { wrapWords } from './layout.js';
import { failureText } from './remedies.js';

/** The fields of a fit or minimize result that say how the run ended (one vocabulary for both). */
export interface RunOutcome {
  converged: boolean;
  iterations: number;
  evaluations: number;
  message: string;
  failure: Failure | null;
  /** Things to know about a result that is still trusted. */
  warnings?: string[];
  checks: Check[];
}

/**
 * "converged after 7 iterations (31 evaluations): <message>"; when not converged a yellow
 * "warning: did not converge ..." line; when the run failed a red "error: ..." line with the step
 * and the hint instead. Wrapped at word boundaries to `width` columns, continuation lines
 * indented by two spaces (each line coloured on its own).
 */
export function outcomeLines(r: RunOutcome, chalk: Paint, width: number): string[] {
  const counts = `${plural(r.iterations, 'iteration')} (${plural(r.evaluations, 'evaluation')})`;
  if (r.failure) {
    return wrapWords(`error: stopped at step ${r.failure.step}: ${failureText(r.failure)}`, width).map((l) => chalk.red(l));
  }
  if (r.converged) {
    const [first = '', ...rest] = wrapWords(`converged after ${counts}: ${r.message}`, width);
    return [`${chalk.green('converged')}${first.slice('converged'.length)}`, ...rest];
  }
  return warningLines(`did not converge after ${counts}: ${r.message}`, chalk, width);
}

/** "warning: <text>" in yellow, wrapped to `width` like `outcomeLines`. */
export function warningLines(text: string, chalk: Paint, width: number): string[] {
  return wrapWords(`warning: ${text}`, width).map((l) => chalk.yellow(l));
}

/** Per check: a green ✓ or a red ✗, then its message, wrapped to `width` like `outcomeLines`. */
export function checkLines(checks: readonly Check[], chalk: Paint, width: number): string[] {
  return checks.flatMap((c) => {
    const [first = '', ...rest] = wrapWords(`${c.passed ? '✓' : '✗'} ${c.message}`, width);
    return [`${c.passed ? chalk.green('✓') : chalk.red('✗')}${first.slice(1)}`, ...rest];
  });
}

/** "1 iteration", "7 iterations". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
