/**
 * Diagnostics for stderr that a script reading stdout must still see: a failed optimisation,
 * a run that stopped without converging, failed checks.
 */
import { failureText } from '../../report/remedies.js';
import type { RunOutcome } from '../../report/run-status.js';

type Outcome = Pick<RunOutcome, 'failure' | 'warnings' | 'converged' | 'message' | 'checks'>;

/**
 * Lines for stderr. `seen` is true when the text report, which shows all of this itself, is
 * on a terminal in front of the user; otherwise (JSON, CSV, trace, or a report redirected to a
 * file) a failure, a run that did not converge and failed checks are also said on stderr.
 */
export function warnings(r: Outcome, strict: boolean, seen: boolean): string {
  if (seen) return '';
  const lines: string[] = [];
  if (r.failure) {
    lines.push(`gradfit: error: ${failureText(r.failure)}`);
  } else if (!r.converged) {
    lines.push(`gradfit: ${strict ? 'error' : 'warning'}: did not converge: ${r.message}`);
  }
  for (const w of r.warnings ?? []) lines.push(`gradfit: warning: ${w}`);
  {
    for (const c of r.checks) if (!c.passed) lines.push(`gradfit: check failed: ${c.message}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
