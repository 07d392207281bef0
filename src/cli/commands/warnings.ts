/**
 * Diagnostics for stderr that a script reading stdout must still see: a failed optimisation,
 * a run that stopped without converging, failed checks.
 */
import type { Check, Failure } from '../../checks/check.js';

interface Outcome {
  failure: Failure | null;
  converged: boolean;
  message: string;
  checks: Check[];
}

/**
 * Lines for stderr. `machine` is true when stdout is JSON/CSV/trace (the text report, which
 * shows all of this itself, is not on stdout); a failure is always said on stderr.
 */
export function warnings(r: Outcome, strict: boolean, machine: boolean): string {
  const lines: string[] = [];
  if (r.failure) {
    lines.push(`gradfit: error: ${r.failure.message} (at step ${r.failure.step}); ${r.failure.hint}`);
  } else if (!r.converged && (machine || strict)) {
    lines.push(`gradfit: ${strict ? 'error' : 'warning'}: did not converge: ${r.message}`);
  }
  if (machine) {
    for (const c of r.checks) if (!c.passed) lines.push(`gradfit: check failed: ${c.message}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
