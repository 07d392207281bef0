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

/**
 * The options a message below the command line may name, as the command line spells them (its
 * flag) and as the library does (its option). A message names one with `option('start')`, and
 * each front end shows it in its own words: `--start` on the command line, `start` in the library.
 */
export const OPTION_NAMES = {
  start: ['--start', 'start'],
  bounds: ['--bounds', 'bounds'],
  fix: ['--fix', 'fix'],
  sigma: ['--sigma', 'sigma'],
  absoluteSigma: ['--absolute-sigma', 'absoluteSigma'],
  fScale: ['--f-scale', 'fScale'],
  level: ['--level', 'level'],
  degree: ['--degree', 'degree'],
  where: ['--where', 'where'],
  group: ['--group', 'group'],
  shared: ['--shared', 'shared'],
  range: ['--range', 'range'],
  at: ['--at', 'at'],
  decimal: ['--decimal', 'decimal'],
  header: ['--header', 'header: true'],
  noHeader: ['--no-header', 'header: false'],
  x: ['-x', 'x'],
  y: ['-y', 'y'],
} as const;
export type OptionName = keyof typeof OPTION_NAMES;

const OPEN = '\u2039';
const CLOSE = '\u203a';
const REFERENCE = new RegExp(`${OPEN}(\\w+)${CLOSE}`, 'g');

/** A reference to an option inside a message, worded later by the front end that shows it. */
export function option(name: OptionName): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** A message with its option references in the command line's words (flags) or the library's (options). */
export function wordOptions(template: string, vocabulary: 'flags' | 'options'): string {
  return template.replace(REFERENCE, (whole, name: string) => {
    const names = (OPTION_NAMES as Record<string, readonly [string, string]>)[name];
    if (!names) return whole;
    return vocabulary === 'flags' ? names[0] : `\`${names[1]}\``;
  });
}

/** The first option a message names, or null. */
function firstOption(template: string): string | null {
  const m = new RegExp(`${OPEN}(\\w+)${CLOSE}`).exec(template);
  return m && m[1] ? (OPTION_NAMES as Record<string, readonly [string, string]>)[m[1]]?.[1] ?? null : null;
}

/** The base class: `instanceof GradfitError` catches every error gradfit means to throw. */
export class GradfitError extends Error {
  override readonly name: string = 'GradfitError';
  readonly kind: ErrorKind;
  /** A structured remedy (see ErrorHint), or null. */
  readonly hint: ErrorHint | null;
  /** The message with its option references unworded (`message` names the library's options). */
  readonly template: string;

  constructor(kind: ErrorKind, message: string, options: { hint?: ErrorHint | null } = {}) {
    super(wordOptions(message, 'options'));
    this.kind = kind;
    this.hint = options.hint ?? null;
    this.template = message;
  }

  /** The message as the command line says it: options named by their flags. */
  commandLineMessage(): string {
    return wordOptions(this.template, 'flags');
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
    // (A message that names an option is about the first option it names.)
    this.option = options.option ?? firstOption(message);
  }
}
