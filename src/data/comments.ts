/**
 * Where a `#` starts a comment, one rule for every reader (the byte scanner, csv-parse through
 * `CommentFilter`, one thread or several, a file or a pipe). Outside quotes, a `#` starts a
 * comment that runs to the end of its line when it is
 * - the first thing on its line (after blanks, or any whitespace): a comment line;
 * - after a number or a quoted field: directly, after blanks, or after the delimiter that ends
 *   it (`1.5,2.0 # note`, `2.1#c0`, `"a" # note`, `1.0<tab>5.3<tab># point`);
 * - in a whitespace-separated file, also at the start of any field (`x y # units`).
 * Anywhere else it is part of its cell: after text (`run #3`, `x,#cells,y`, `x,# of cells`) or
 * after an empty cell. Blanks are spaces and tabs (a tab delimiter is no blank).
 */
import { cellText, NUMBER_PATTERN } from './number.js';
import { MAX_LINE_BYTES } from './limits.js';
import { CR, HASH, LF, QUOTE, SPACE, TAB } from './bytes.js';

/** Whether `buf[from, to)`, without blanks around it, reads as a number (NaN and inf too) with this decimal point. */
function isNumberText(buf: Uint8Array, from: number, to: number, point: number): boolean {
  let text = cellText(buf.subarray(from, to)).trim();
  if (point === 44) {
    if (text.includes('.')) return false;
    text = text.replace(',', '.');
  }
  return NUMBER_PATTERN.test(text) || /^[+-]?(nan|inf|infinity)$/i.test(text);
}

/**
 * Whether the `#` at `hash` starts a comment, in a line that begins at `lineStart` and whose
 * fields are separated by the byte `delimiter` (-1: runs of spaces and tabs). The `#` must be
 * outside quotes; a quote just before it (blanks between) closed a quoted field.
 */
export function startsComment(buf: Uint8Array, lineStart: number, hash: number, delimiter: number, point: number): boolean {
  let k = blanksBefore(buf, lineStart, hash, delimiter);
  // (Other whitespace, such as a no-break space, may come before a comment line's `#` too.)
  if (k === lineStart) return true;
  let last = buf[k - 1];
  if ((last >= 0x80 || last === 11 || last === 12) && cellText(buf.subarray(lineStart, k)).trim() === '') return true;
  if (delimiter < 0 && k < hash) return true;
  if (last === delimiter) {
    // The `#` starts a field: a comment if the field before it is a number or quoted.
    k = blanksBefore(buf, lineStart, k - 1, delimiter);
    if (k === lineStart) return false;
    last = buf[k - 1];
    if (last === delimiter) return false;
  }
  if (last === QUOTE) return true;
  let start = k - 1;
  while (start > lineStart) {
    const b = buf[start - 1];
    if (b === delimiter || (delimiter < 0 && (b === SPACE || b === TAB))) break;
    start--;
  }
  return isNumberText(buf, start, k, point);
}

/** Where the blanks (spaces and tabs, but not a tab delimiter) just before `at` begin, no further back than `lineStart`. */
function blanksBefore(buf: Uint8Array, lineStart: number, at: number, delimiter: number): number {
  let k = at;
  while (k > lineStart) {
    const b = buf[k - 1];
    if (b === delimiter || (b !== SPACE && b !== TAB)) break;
    k--;
  }
  return k;
}

const EMPTY = new Uint8Array(0);
const ONE_SPACE = Uint8Array.of(SPACE);

/**
 * Cuts comments out of delimited text on its way to csv-parse (which knows only comments
 * anywhere, or only whole lines): whole lines at a time, the last unfinished one kept for the
 * next chunk, with the quote state carried from line to line (a quoted field may hold line
 * breaks and `#`). A comment goes with the blanks before it; its line break stays, so line
 * numbers are those of the file.
 */
export class CommentFilter {
  private tail: Uint8Array = EMPTY;
  private inQuotes = false;
  /** Whether the text given out last ended with a CR. */
  private afterCr = false;
  /** The delimiter's last byte (a delimiter of several bytes ends with it). */
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    /** The decimal point's byte. */
    private readonly point: number,
  ) {
    const bytes = Buffer.from(delimiter, 'utf8');
    this.delimiter = bytes[bytes.length - 1];
  }

  /** The text to parse now, from `chunk` and what was kept of the chunks before. */
  push(chunk: Uint8Array): Uint8Array {
    const data = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    let last = data.length - 1;
    while (last >= 0 && data[last] !== LF && data[last] !== CR) last--;
    if (last < 0 && data.length <= MAX_LINE_BYTES) {
      this.tail = Uint8Array.from(data);
      return EMPTY;
    }
    // (A line longer than any accepted goes on as it is: csv-parse refuses it.)
    const through = last < 0 ? data.length : last + 1;
    this.tail = Uint8Array.from(data.subarray(through));
    return this.cut(data.subarray(0, through));
  }

  /** The text left at the end of the input. */
  end(): Uint8Array {
    const rest = this.tail;
    this.tail = EMPTY;
    return rest.length === 0 ? rest : this.cut(rest);
  }

  /** `text` (whole lines, but for the input's last) without its comments. */
  private cut(text: Uint8Array): Uint8Array {
    let hash = text.indexOf(HASH);
    let quote = text.indexOf(QUOTE);
    /** Flip the quote state for every quote before `to` (a doubled quote flips it twice). */
    const quotesBefore = (to: number): void => {
      while (quote >= 0 && quote < to) {
        this.inQuotes = !this.inQuotes;
        quote = text.indexOf(QUOTE, quote + 1);
      }
    };
    if (hash < 0) {
      quotesBefore(text.length);
      if (text.length > 0) this.afterCr = text[text.length - 1] === CR;
      return text;
    }
    const kept: Uint8Array[] = [];
    let copied = 0;
    while (hash >= 0) {
      quotesBefore(hash);
      let next = hash + 1;
      if (!this.inQuotes) {
        let lineStart = hash;
        while (lineStart > 0 && text[lineStart - 1] !== LF && text[lineStart - 1] !== CR) lineStart--;
        if (startsComment(text, lineStart, hash, this.delimiter, this.point)) {
          let from = hash;
          while (from > lineStart && (text[from - 1] === SPACE || text[from - 1] === TAB) && text[from - 1] !== this.delimiter) from--;
          let lineEnd = hash;
          while (lineEnd < text.length && text[lineEnd] !== LF && text[lineEnd] !== CR) lineEnd++;
          kept.push(text.subarray(copied, from));
          // A comment line between CR and LF leaves a space: CR LF would be one line break.
          const afterCr = lineStart > 0 ? text[lineStart - 1] === CR : this.afterCr;
          if (from === lineStart && afterCr && text[lineEnd] === LF) kept.push(ONE_SPACE);
          copied = next = lineEnd;
          // Quotes inside the comment are not counted.
          if (quote >= 0 && quote < lineEnd) quote = text.indexOf(QUOTE, lineEnd);
        }
      }
      hash = text.indexOf(HASH, next);
    }
    quotesBefore(text.length);
    kept.push(text.subarray(copied));
    const out = Buffer.concat(kept);
    if (out.length > 0) this.afterCr = out[out.length - 1] === CR;
    return out;
  }
}
