/** The one error type of the expression language: a message, the span it is about, and the source. */
import type { Span } from './ast.js';
import { GradfitError } from '../errors.js';

/** Widest source line `caret()` prints before it shows a window around the span instead. */
const MAX_CARET_WIDTH = 100;

/**
 * An error in an expression (a syntax error, an unknown function or name, too deep a
 * nesting). The message is one line that says what was expected and at which column;
 * `caret()` shows the expression with the spot marked under it.
 */
export class ExprError extends GradfitError {
  override readonly name: string = 'ExprError';
  /** The part of the source the error is about (half-open, 0-based). */
  readonly span: Span;
  /** The whole expression text, as given to the parser ('' when unknown). */
  readonly source: string;

  constructor(message: string, span: Span, source: string) {
    super('expression', message);
    this.span = span;
    this.source = source;
  }

  /** The 1-based column where the span starts. */
  get column(): number {
    return this.span.start + 1;
  }

  /**
   * Two lines: the expression (tabs and newlines shown as spaces; a window with … around
   * the span when it is long) and a line with `^` (or `^~~~` for a longer span) under the spot.
   */
  caret(): string {
    return renderCaret(this.source, this.span);
  }
}

/** 1-based column of a 0-based source offset, as error messages print it. */
export function columnOf(offset: number): number {
  return offset + 1;
}

/** The source and a marker line under `span`; see ExprError.caret(). */
export function renderCaret(source: string, span: Span): string {
  const flat = source.replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
  const start = Math.min(Math.max(0, span.start), flat.length);
  const end = Math.min(Math.max(start, span.end), flat.length);
  let from = 0;
  let to = flat.length;
  if (flat.length > MAX_CARET_WIDTH) {
    const width = MAX_CARET_WIDTH - 2;
    from = Math.max(0, Math.min(start - Math.floor(width / 3), flat.length - width));
    to = Math.min(flat.length, from + width);
  }
  const lead = from > 0 ? '…' : '';
  const trail = to < flat.length ? '…' : '';
  const shownEnd = Math.min(end, to);
  const marker = '^' + '~'.repeat(Math.max(0, shownEnd - start - 1));
  return `${lead}${flat.slice(from, to)}${trail}\n${' '.repeat(lead.length + start - from)}${marker}`;
}
