/**
 * gradfit's typed errors. Every error that is the user's to fix, or that says an optimisation
 * failed, is a GradfitError with a `kind`; programs (the CLI, a library user) decide what to do
 * from the kind and the structured fields, never from the message text. Messages are one line a
 * person can act on; a `hint` is structured, and each front end words it (the CLI as a flag, the
 * library's documentation as an option).
 *
 * This module imports nothing, so every layer can throw these.
 */

/**
 * What went wrong, in four kinds:
 * - `input`: bad usage or a bad value (an option, a model that cannot be fitted as set up);
 * - `data`: the data (a file, CSV text, arrays): a cell that is not a number, a ragged row, an unknown column;
 * - `expression`: an expression that does not parse or names an unknown function;
 * - `optimisation`: the run failed (a non-finite loss, no minimum, the search found a better fit).
 */
export type ErrorKind = 'input' | 'data' | 'expression' | 'optimisation';

/**
 * A remedy that the front end words in its own terms.
 * - `skip-invalid`: the row can be dropped instead (the CLI's `--skip-invalid`, the library's `skipInvalid: true`).
 */
export type ErrorHint = { kind: 'skip-invalid' };

/** Where in a data source an error is: the source's name, and the 1-based line and field when known. */
export interface DataPosition {
  source: string;
  line: number | null;
  column: number | null;
}

/** The base class: `instanceof GradfitError` catches every error gradfit means to throw. */
export class GradfitError extends Error {
  override readonly name: string = 'GradfitError';
  readonly kind: ErrorKind;
  /** A structured remedy (see ErrorHint), or null. */
  readonly hint: ErrorHint | null;

  constructor(kind: ErrorKind, message: string, options: { hint?: ErrorHint | null } = {}) {
    super(message);
    this.kind = kind;
    this.hint = options.hint ?? null;
  }
}

/**
 * Errors that are the user's to fix: bad usage or bad input (options, values, model set-up).
 * The CLI prints the message as one line and exits with code 2. Expression errors (ExprError)
 * and data errors (DataError) are the same kind of mistake, defined beside their layers.
 */
export class InputError extends GradfitError {
  override readonly name: string = 'InputError';
  /**
   * The library option the error is about (`'start'`, `'bounds'`, `'degree'`, ...) when the
   * library checked it; null otherwise.
   */
  readonly option: string | null;

  constructor(message: string, options: { hint?: ErrorHint | null; option?: string | null } = {}) {
    super('input', message, options);
    this.option = options.option ?? null;
  }
}
