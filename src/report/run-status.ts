/** Lines shared by fit and minimize: how the run ended, and the regression checks. */
import type { ChalkInstance } from 'chalk';
import type { Check, Failure } from '../checks/check.js';

/** The fields of a fit or minimize result that say how the run ended. */
export interface RunOutcome {
  converged: boolean;
  iterations: number;
  evaluations: number;
  message: string;
  failure?: Failure | null;
}

/**
 * "converged after 7 iterations (31 evaluations): <message>"; when not converged a yellow
 * "warning: did not converge ..." line; when the run failed a red "error: ..." line with the step
 * and the hint instead.
 */
export function outcomeLine(r: RunOutcome, chalk: ChalkInstance): string {
  const counts = `${plural(r.iterations, 'iteration')} (${plural(r.evaluations, 'evaluation')})`;
  if (r.failure) {
    const hint = r.failure.hint ? `; ${r.failure.hint}` : '';
    return chalk.red(`error: stopped at step ${r.failure.step}: ${r.failure.message}${hint}`);
  }
  if (r.converged) return `${chalk.green('converged')} after ${counts}: ${r.message}`;
  return chalk.yellow(`warning: did not converge after ${counts}: ${r.message}`);
}

/** One line per check: a green ✓ or a red ✗, then its message. */
export function checkLines(checks: readonly Check[], chalk: ChalkInstance): string[] {
  return checks.map((c) => (c.passed ? `${chalk.green('✓')} ${c.message}` : `${chalk.red('✗')} ${c.message}`));
}

/** "1 iteration", "7 iterations". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
