/**
 * GitHub Actions workflow commands for failed checks (`::error title=...::message`), on stderr,
 * only when GITHUB_ACTIONS=true: the job's summary and the pull request then show each failed
 * check by itself. Never on stdout, which carries the result.
 */
import { failureText } from '../report/remedies.js';
import type { JunitRun } from './junit.js';
import { shownName } from '../names.js';

/** A workflow command's message: %, CR and LF escaped as GitHub's toolkit does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, and also ':' and ','. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Whether annotations are on: GitHub Actions sets GITHUB_ACTIONS=true in every step. */
export function onGithubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** `::error` lines for a failed optimisation and each failed check, or '' (all passed, or not on GitHub Actions). */
export function annotations(command: string, run: JunitRun, strict: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (!onGithubActions(env)) return '';
  const lines: string[] = [];
  const line = (title: string, message: string): void => {
    lines.push(`::error title=${escapeProperty(title)}::${escapeData(message)}`);
  };
  if (run.failure) line(`gradfit ${command}: the optimisation failed`, failureText(run.failure));
  else if (strict && !run.converged) line(`gradfit ${command}: did not converge (--strict)`, run.message);
  for (const c of run.checks) if (!c.passed) line(`gradfit ${command}: ${c.kind} check failed: ${shownName(c.name)}`, c.message);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
