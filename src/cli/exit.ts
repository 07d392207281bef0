/** Exit codes (docs/CLI.md) and the one-line error report. */
import { ExprError } from '../expr/errors.js';
import { DataError } from '../data/errors.js';
import { InputError } from '../errors.js';
import type { Check } from '../checks/check.js';
import type { Failure } from '../optim/index.js';
import { writeErr } from './output.js';
import { escapeControls } from '../names.js';

export const EXIT = {
  ok: 0,
  /** A regression check failed. */
  check: 1,
  /** Bad usage or bad input: flags, expression, file, CSV. */
  input: 2,
  /** The optimisation failed (non-finite, unbounded, diverged), or --strict and no convergence. */
  optimisation: 3,
} as const;

/** The exit code a finished run earns: a failed optimisation outranks a failed check. */
export function exitCodeFor(r: { failure: Failure | null; converged: boolean; checks: Check[] }, strict: boolean): number {
  if (r.failure || (strict && !r.converged)) return EXIT.optimisation;
  if (r.checks.some((c) => !c.passed)) return EXIT.check;
  return EXIT.ok;
}

/** Print an error as `gradfit: error: ...` (with the caret lines for an expression) and give its exit code. */
export function reportError(e: unknown): number {
  if (e instanceof ExprError) {
    writeErr(`gradfit: error: ${oneLine(e.message)}\n${e.caret()}\n`);
    return EXIT.input;
  }
  if (e instanceof DataError && /expected a number|fields?, expected/.test(e.message)) {
    writeErr(`gradfit: error: ${oneLine(e.message)} (--skip-invalid drops such rows)\n`);
    return EXIT.input;
  }
  if (e instanceof InputError || e instanceof DataError) {
    writeErr(`gradfit: error: ${oneLine(e.message)}\n`);
    return EXIT.input;
  }
  if (e instanceof RangeError && /array length|allocation|memory/i.test(e.message)) {
    writeErr('gradfit: error: the input is too large to hold in memory\n');
    return EXIT.input;
  }
  const message = e instanceof Error ? e.message : String(e);
  writeErr(`gradfit: error: internal error: ${oneLine(message)} (please report this with the command that caused it)\n`);
  return EXIT.optimisation;
}

/** The message as one line: line breaks folded, and any control character left (from a name in it) escaped, never sent to the terminal. */
export function oneLine(text: string): string {
  return escapeControls(text.replace(/\s*\n\s*/g, ' ').trim());
}
