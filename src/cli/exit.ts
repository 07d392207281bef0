/** Exit codes (docs/CLI.md) and the one-line error report. */
import { ExprError } from '../expr/errors.js';
import { GradfitError, type ErrorHint, type ErrorKind } from '../errors.js';
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

/** How the CLI words a structured hint: as the flag that does it. */
function hintText(hint: ErrorHint | null): string {
  if (hint === null) return '';
  switch (hint.kind) {
    case 'skip-invalid':
      return ' (--skip-invalid drops such rows)';
  }
}

/** The exit code of each kind of error (docs/CLI.md "Exit codes"). */
const EXIT_OF_KIND: Record<ErrorKind, number> = {
  input: EXIT.input,
  data: EXIT.input,
  expression: EXIT.input,
  optimisation: EXIT.optimisation,
};

/**
 * Print an error as `gradfit: error: ...` (with the caret lines for an expression) and give its
 * exit code, both decided by the error's kind and fields (never by its message text).
 */
export function reportError(e: unknown): number {
  if (e instanceof GradfitError) {
    const caret = e instanceof ExprError ? `\n${e.caret()}` : '';
    writeErr(`gradfit: error: ${oneLine(e.commandLineMessage())}${hintText(e.hint)}${caret}\n`);
    return EXIT_OF_KIND[e.kind];
  }
  // Not gradfit's own: V8 failing to allocate an array for a huge input.
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
