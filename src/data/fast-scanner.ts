/**
 * The fast path: a byte-level scanner for plain numeric files. It reads complete lines from a
 * buffer, splits them on a one-byte delimiter (or on runs of spaces and tabs), and parses the
 * selected cells itself where they stand (`readNumber`, correctly rounded), writing straight into the
 * columns.
 *
 * It follows csv-parse's grammar as gradfit configures it (`#` comments as comments.ts has them,
 * CRLF/CR/LF line breaks, leading whitespace of a field ignored, blank lines skipped) and stops at
 * the first line with a quote character, so csv-parse can read the rest ("handover"). Any row that
 * is not plainly good is given to the general `TableBuilder.row`, which reports or skips it exactly
 * as it would for csv-parse.
 */
import { detectDelimiter, normalizeDelimiter, WHITESPACE } from './delimiter.js';
import { readNumber, cellText } from './number.js';
import { DataError } from './errors.js';
import { startsComment } from './comments.js';
import type { TableBuilder } from './table-builder.js';
import { BACKSLASH, CR, HASH, LF, QUOTE, SPACE, TAB } from './bytes.js';
import { MAX_COLUMNS, tooWide } from './limits.js';

/** `scan` stopped at a line it cannot finish: give it more bytes from `pos`. */
const NEED_MORE = -1;
/** `scan` stopped at a line with a quote: csv-parse must read from `pos`. */
const HANDOVER = -2;

export type ScanStatus = 'more' | 'done' | 'handover';

/** How far the first record is followed through quoted line breaks to detect the delimiter. */
const FIRST_RECORD_BYTES = 64 * 1024;

export class FastScanner {
  /** Physical line number (1-based) of the next unread line. */
  line = 1;
  /** The delimiter: one character, WHITESPACE, or null until detected from the first data line. */
  delimiter: string | null;
  /** The delimiter byte, or -1 for whitespace-separated (or not yet known). */
  private delimiterByte = -1;
  /** Offset in the buffer of the line being read, so the reader can tell how far it got. */
  lineStart = 0;
  /** Where the content of the last line measured by `lineBounds` ends (at a `#` or the line break). */
  private contentEnd = 0;
  /** Where that line's break is (or the end of the input). */
  private lineEnd = 0;
  /**
   * The last comment line above the first row, from its `#` (copied: the buffer moves on), while
   * that row is not read: it may name the columns (`commentCells`, TableBuilder.firstRow).
   */
  private lastComment: { text: Uint8Array; line: number } | null = null;

  /**
   * @param builder where rows go
   * @param delimiter a normalised delimiter, or undefined to detect it
   * @param handOverAtOnce hand every CSV line to csv-parse (once the delimiter is known)
   */
  constructor(
    private readonly builder: TableBuilder,
    delimiter: string | undefined,
    private readonly handOverAtOnce: boolean,
    /** The decimal point's byte: '.' (46), or ',' (44) with --decimal ','. */
    private readonly point = 46,
  ) {
    this.delimiter = null;
    if (delimiter !== undefined) this.setDelimiter(delimiter);
  }

  private setDelimiter(delimiter: string): void {
    this.delimiter = delimiter;
    const code = delimiter.charCodeAt(0);
    this.delimiterByte = delimiter !== WHITESPACE && delimiter.length === 1 && code < 0x80 ? code : -1;
  }

  /** Whether lines are split on runs of spaces and tabs. */
  get whitespace(): boolean {
    return this.delimiter === WHITESPACE;
  }

  /**
   * Read the complete lines in `buf[start, end)`; with `eof`, the last line needs no line break.
   * Returns how far it got and why it stopped.
   */
  scan(buf: Uint8Array, start: number, end: number, eof: boolean): { status: ScanStatus; pos: number } {
    if (this.line === 1 && !this.builder.headerKnown) {
      const after = this.separatorLine(buf, start, end, eof);
      if (after === NEED_MORE) return { status: 'more', pos: start };
      if (after >= 0) {
        start = after;
        this.line = 2;
      }
    }
    const line = this.line;
    const result = this.scanLines(buf, start, end, eof);
    if (this.handOverAtOnce && !this.whitespace && result.status !== 'done' && !this.builder.started) {
      // Nothing is taken before csv-parse starts: it reads from the very first byte.
      this.line = line;
      return { status: result.status, pos: start };
    }
    return result;
  }

  private scanLines(buf: Uint8Array, start: number, end: number, eof: boolean): { status: ScanStatus; pos: number } {
    let p = start;
    for (;;) {
      this.lineStart = p;
      if (p >= end) return { status: eof ? 'done' : 'more', pos: p };
      let q = p;
      while (q < end && (buf[q] === SPACE || buf[q] === TAB)) q++;
      if (q === end) return eof ? { status: 'done', pos: end } : { status: 'more', pos: p };
      const c = buf[q];
      if (c === LF || c === CR || c === HASH || c >= 0x80 || c === 11 || c === 12) {
        // Perhaps blank or a comment: decide on the whole line.
        const bounds = this.lineBounds(buf, q, end, eof, false);
        if (bounds < 0) return { status: 'more', pos: p };
        // A line of other whitespace (a no-break space), or only that before a `#`, is blank.
        const hash = buf.subarray(p, this.lineEnd).indexOf(HASH);
        if (c === LF || c === CR || c === HASH || cellText(buf.subarray(p, hash < 0 ? this.lineEnd : p + hash)).trim() === '') {
          // A blank line leaves the last comment line as it was; a comment line that does not begin
          // with its `#` (other whitespace first) names no columns.
          if (hash >= 0 && !this.builder.started) this.lastComment = c === HASH ? { text: Uint8Array.from(buf.subarray(q, this.lineEnd)), line: this.line } : null;
          p = bounds;
          this.line++;
          continue;
        }
      }
      if (this.delimiter === null) {
        const recordEnd = this.firstRecordEnd(buf, p, end, eof);
        if (recordEnd < 0) return { status: 'more', pos: p };
        this.setDelimiter(detectDelimiter(buf.subarray(p, recordEnd), this.point === 44 ? ',' : '.'));
      }
      if (!this.builder.started) {
        // The first row is next (whichever reader reads it): the comment line above it, split as
        // its row would be, is offered as its names.
        // (A comment of more words than a row may have fields names nothing, and is not split.)
        const comment = this.lastComment;
        const naming = comment !== null && this.fieldsOver(comment.text, 1, comment.text.length) === null;
        this.builder.headerComment = naming ? { cells: commentCells(comment.text, this.delimiter!, this.point), line: comment.line } : null;
      }
      if (!this.whitespace && (this.handOverAtOnce || this.delimiterByte < 0)) return { status: 'handover', pos: p };
      let next: number;
      if (!this.builder.headerKnown) {
        next = this.lineBounds(buf, p, end, eof, !this.whitespace);
        if (next >= 0) this.refuseWide(buf, p, this.contentEnd, this.line);
        const fields = next >= 0 ? this.split(buf, p, this.contentEnd) : null;
        if (fields !== null) this.builder.firstRow(fields, this.line);
      } else {
        next = this.whitespace ? this.whitespaceRow(buf, p, end, eof) : this.delimitedRow(buf, p, end, eof);
      }
      if (next === NEED_MORE) return { status: 'more', pos: p };
      if (next === HANDOVER) return { status: 'handover', pos: p };
      p = next;
      this.line++;
    }
  }

  /**
   * A first line `sep=;` (any one character after `sep=`) is how Excel's CSV files name their
   * delimiter: it is taken as the delimiter, unless --delimiter says otherwise, and is no row.
   * Returns the offset of the next line, NEED_MORE, or -3 when the line at `from` is not one.
   */
  private separatorLine(buf: Uint8Array, from: number, end: number, eof: boolean): number {
    const word = [115, 101, 112, 61]; // "sep="
    for (let k = 0; k <= word.length; k++) {
      if (from + k >= end) return eof ? -3 : NEED_MORE;
      if (k < word.length && (buf[from + k] | 0x20) !== (word[k] | 0x20)) return -3;
    }
    const d = buf[from + word.length];
    if (d === LF || d === CR || d >= 0x80) return -3;
    // The character must end the line.
    const at = from + word.length + 1;
    if (at < end && buf[at] !== LF && buf[at] !== CR) return -3;
    const next = this.lineBreakEnd(buf, at, end, eof);
    if (next === NEED_MORE) return NEED_MORE;
    if (this.delimiter === null) {
      let named: string;
      try {
        named = normalizeDelimiter(String.fromCharCode(d));
      } catch (e) {
        throw new DataError(`${this.builder.source}:1: ${(e as Error).message} (from its first line, ${cellText(buf.subarray(from, at))})`);
      }
      this.setDelimiter(named);
    }
    return next;
  }

  /**
   * Find the end of the line starting at `from`: returns the offset of the next line (setting
   * `contentEnd`), NEED_MORE, or (when `stopAtQuote`) HANDOVER if the content has a quote.
   */
  private lineBounds(buf: Uint8Array, from: number, end: number, eof: boolean, stopAtQuote: boolean): number {
    let i = from;
    let contentEnd = -1;
    // (A whitespace-separated line's comment is found by `split`, and one of a line whose
    // delimiter is not known yet by `detectDelimiter`.)
    const d = this.delimiterByte;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === LF || c === CR) break;
      if (contentEnd < 0) {
        if (c === HASH) {
          if (d >= 0 && startsComment(buf, from, i, d, this.point)) contentEnd = i;
        } else if (c === QUOTE && stopAtQuote) return HANDOVER;
      }
    }
    this.lineEnd = i;
    this.contentEnd = contentEnd < 0 ? i : contentEnd;
    return this.lineBreakEnd(buf, i, end, eof);
  }

  /**
   * Where the first record, starting at `from`, ends: at the first line break outside quotes (a
   * header `"Time<LF>(s)","Signal"` has its delimiter on its second line), or at the end of the
   * input; NEED_MORE when that is not in the buffer yet. A quote still open at the end, or past
   * FIRST_RECORD_BYTES (a lone `"` for inches), leaves the first line alone.
   */
  private firstRecordEnd(buf: Uint8Array, from: number, end: number, eof: boolean): number {
    let inQuotes = false;
    let firstBreak = -1;
    for (let i = from; i < end; i++) {
      const c = buf[i];
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === LF || c === CR) {
        if (!inQuotes) return i;
        if (firstBreak < 0) firstBreak = i;
        if (i - from > FIRST_RECORD_BYTES) return firstBreak;
      }
    }
    if (!eof) return NEED_MORE;
    return inQuotes && firstBreak >= 0 ? firstBreak : end;
  }

  /** Given `i` at a line break (or the end), the offset just past it, or NEED_MORE. */
  private lineBreakEnd(buf: Uint8Array, i: number, end: number, eof: boolean): number {
    if (i >= end) return eof ? end : NEED_MORE;
    if (buf[i] === CR) {
      if (i + 1 < end) return buf[i + 1] === LF ? i + 2 : i + 1;
      return eof ? i + 1 : NEED_MORE;
    }
    return i + 1;
  }

  /**
   * A first row of more than MAX_COLUMNS fields is refused before it is split: counted by its delimiters (or, in a whitespace-separated line, the starts of its
   * runs of non-blanks), which can only count more than it has.
   */
  private refuseWide(buf: Uint8Array, from: number, to: number, line: number): void {
    const fields = this.fieldsOver(buf, from, to);
    if (fields !== null) throw new DataError(tooWide(this.builder.source, line, fields));
  }

  /** The fields of the line `buf[from, to)` as counted (see `refuseWide`) when more than MAX_COLUMNS, else null. */
  private fieldsOver(buf: Uint8Array, from: number, to: number): number | null {
    if (to - from <= MAX_COLUMNS) return null;
    let fields = 1;
    if (this.whitespace) {
      fields = 0;
      for (let i = from; i < to; i++) if (buf[i] !== SPACE && buf[i] !== TAB && (i === from || buf[i - 1] === SPACE || buf[i - 1] === TAB)) fields++;
    } else {
      const d = this.delimiterByte;
      for (let i = from; i < to; i++) if (buf[i] === d) fields++;
    }
    return fields > MAX_COLUMNS ? fields : null;
  }

  /**
   * The fields of the line content `buf[from, to)` (no line break; no comment, but in a
   * whitespace-separated line, whose comment and quotes are found here), as views. Null when the
   * row was rejected (a quote that does not close).
   */
  private split(buf: Uint8Array, from: number, to: number): Uint8Array[] | null {
    if (this.whitespace) return this.splitWhitespace(buf, from, to);
    const fields: Uint8Array[] = [];
    const d = this.delimiterByte;
    let fieldStart = from;
    for (let i = from; i < to; i++) {
      if (buf[i] === d) {
        fields.push(buf.subarray(fieldStart, i));
        fieldStart = i + 1;
      }
    }
    fields.push(buf.subarray(fieldStart, to));
    return fields;
  }

  /**
   * The fields of a whitespace-separated line `buf[from, to)`, up to its comment (see
   * `whitespaceCells`). Null when a quote does not close on its line (the row is rejected: a cell
   * here cannot span lines).
   */
  private splitWhitespace(buf: Uint8Array, from: number, to: number): Uint8Array[] | null {
    const fields = whitespaceCells(buf, from, to, this.point);
    if (Array.isArray(fields)) return fields;
    const message = `${this.builder.source}:${this.line}:${fields + 1}: a quoted cell that does not end on its line; close its '"' (a cell of a whitespace-separated file cannot span lines)`;
    this.builder.reject(message, this.line, fields + 1);
    return null;
  }

  /**
   * A line that the hot path cannot take as plainly good: measure it and give its fields to the
   * general `TableBuilder.row`. Returns the next line's offset, NEED_MORE, or (with `stopAtQuote`)
   * HANDOVER when its content has a quote.
   */
  private generalRow(buf: Uint8Array, from: number, end: number, eof: boolean, stopAtQuote: boolean): number {
    const next = this.lineBounds(buf, from, end, eof, stopAtQuote);
    if (next < 0) return next;
    // (A row of millions of fields is refused, or skipped, as too wide before it is split.)
    const wide = this.fieldsOver(buf, from, this.contentEnd);
    if (wide !== null) {
      this.builder.reject(tooWide(this.builder.source, this.line, wide), this.line, null);
      return next;
    }
    const fields = this.split(buf, from, this.contentEnd);
    if (fields !== null) this.builder.row(fields, this.line);
    return next;
  }

  /**
   * One line of a delimited file on the hot path: each selected cell is parsed where it stands
   * (`readNumber`), straight into its column, and may be padded with spaces (and tabs, unless tab
   * is the delimiter). Other cells are skipped. Returns the next line's offset, NEED_MORE or
   * HANDOVER; a line that is not plainly good goes to `generalRow`.
   */
  private delimitedRow(buf: Uint8Array, from: number, end: number, eof: boolean): number {
    const b = this.builder;
    if (b.generalOnly) return this.generalRow(buf, from, end, eof, true);
    if (b.n === b.capacity) b.ensureRoom();
    const d = this.delimiterByte;
    const pad = d === TAB ? SPACE : TAB;
    const slotOf = b.slotOf;
    const slots = slotOf.length;
    const columns = b.columns;
    const n = b.n;
    const point = this.point;
    let field = 0;
    let i = from;
    /** The byte that ended the last field, or -1 for the end of the input. */
    let c: number;
    for (;;) {
      const s = field < slots ? slotOf[field] : -1;
      if (s >= 0) {
        while (i < end && (buf[i] === SPACE || buf[i] === pad)) i++;
        i = readNumber(buf, i, end, columns[s], n, point);
        if (i < 0) return this.generalRow(buf, from, end, eof, true);
        while (i < end && (buf[i] === SPACE || buf[i] === pad)) i++;
        if (i < end) {
          c = buf[i];
          if (c !== d && c !== LF && c !== CR && c !== HASH) return this.generalRow(buf, from, end, eof, true);
        } else {
          if (!eof) return NEED_MORE;
          c = -1;
        }
      } else {
        c = -1;
        while (i < end) {
          const x = buf[i];
          if (x === d || x === LF || x === CR || x === QUOTE || (x === HASH && startsComment(buf, from, i, d, point))) {
            c = x;
            break;
          }
          i++;
        }
        if (c === -1 && !eof) return NEED_MORE;
        if (c === QUOTE) return HANDOVER;
      }
      field++;
      if (c !== d) break;
      i++;
    }
    // Too few fields, or more than the layout has (but for a trailing delimiter): the general
    // path reports (or skips) the row.
    if (field <= b.maxField) return this.generalRow(buf, from, end, eof, true);
    if (field > b.width && !this.blankTail(buf, from, i, field - b.width)) return this.generalRow(buf, from, end, eof, true);
    if (c === HASH) {
      while (i < end && buf[i] !== LF && buf[i] !== CR) i++;
    }
    const next = this.lineBreakEnd(buf, i, end, eof);
    if (next >= 0) b.commitRow();
    return next;
  }

  /**
   * Whether the last `extra` fields of the delimited line `buf[from, to)` are blank: only spaces,
   * tabs and delimiters between the last cell with something in it and `to` (`1,2,` or `1,2, ,`).
   */
  private blankTail(buf: Uint8Array, from: number, to: number, extra: number): boolean {
    const d = this.delimiterByte;
    let passed = 0;
    for (let i = to - 1; i >= from; i--) {
      const x = buf[i];
      if (x === d) {
        if (++passed === extra) return true;
      } else if (x !== SPACE && x !== TAB) return false;
    }
    return false;
  }

  /**
   * One line of a whitespace-separated file on the hot path, as `delimitedRow` does it: selected
   * cells parsed in place, others skipped. Returns the next line's offset or NEED_MORE.
   */
  private whitespaceRow(buf: Uint8Array, from: number, end: number, eof: boolean): number {
    const b = this.builder;
    if (b.generalOnly) return this.generalRow(buf, from, end, eof, false);
    if (b.n === b.capacity) b.ensureRoom();
    const slotOf = b.slotOf;
    const slots = slotOf.length;
    const columns = b.columns;
    const n = b.n;
    const point = this.point;
    let field = 0;
    let i = from;
    for (;;) {
      while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
      if (i === end) {
        if (!eof) return NEED_MORE;
        break;
      }
      const first = buf[i];
      if (first === LF || first === CR || first === HASH) break;
      const s = field < slots ? slotOf[field] : -1;
      if (s >= 0) {
        i = readNumber(buf, i, end, columns[s], n, point);
        if (i < 0) return this.generalRow(buf, from, end, eof, false);
        if (i < end) {
          const x = buf[i];
          if (x !== SPACE && x !== TAB && x !== LF && x !== CR && x !== HASH) return this.generalRow(buf, from, end, eof, false);
        } else if (!eof) {
          return NEED_MORE;
        }
      } else {
        if (first === QUOTE) {
          // A quoted cell (R's row names, a text column): skipped to its closing quote.
          const close = quotedEnd(buf, i, end, eof);
          if (close === NEED_MORE) return NEED_MORE;
          if (close < 0) return this.generalRow(buf, from, end, eof, false);
          i = close;
        }
        while (i < end) {
          const x = buf[i];
          if (x === SPACE || x === TAB || x === LF || x === CR || (x === HASH && startsComment(buf, from, i, -1, point))) break;
          i++;
        }
        if (i === end && !eof) return NEED_MORE;
      }
      field++;
    }
    if (field <= b.maxField || field > b.width) return this.generalRow(buf, from, end, eof, false);
    if (i < end && buf[i] === HASH) {
      while (i < end && buf[i] !== LF && buf[i] !== CR) i++;
    }
    const next = this.lineBreakEnd(buf, i, end, eof);
    if (next >= 0) b.commitRow();
    return next;
  }
}

/**
 * The fields of a whitespace-separated line `buf[from, to)`, up to its comment. A cell that starts
 * with a quote runs to the closing quote, blanks and `#` inside (R's `write.table` quotes text:
 * "ok run"); a doubled quote or `\"` inside stands for one. When a quote does not close on its
 * line, the index of its field instead.
 */
function whitespaceCells(buf: Uint8Array, from: number, to: number, point: number): Uint8Array[] | number {
  const fields: Uint8Array[] = [];
  let i = from;
  for (;;) {
    while (i < to && (buf[i] === SPACE || buf[i] === TAB)) i++;
    if (i >= to || buf[i] === HASH) return fields;
    const fieldStart = i;
    let quoted: Uint8Array | null = null;
    if (buf[i] === QUOTE) {
      const close = quotedEnd(buf, i, to, true);
      if (close < 0) return fields.length;
      quoted = unquote(buf.subarray(i + 1, close - 1));
      i = close;
    }
    const glued = i;
    while (i < to && buf[i] !== SPACE && buf[i] !== TAB && !(buf[i] === HASH && startsComment(buf, from, i, -1, point))) i++;
    // (Text glued after a closing quote stays with the cell.)
    fields.push(quoted === null ? buf.subarray(fieldStart, i) : i === glued ? quoted : Buffer.concat([quoted, buf.subarray(glued, i)]));
    if (i < to && buf[i] === HASH) return fields;
  }
}

/**
 * The cells of a comment line `text` (from its `#` to its line break) as a row of the file would
 * have them, for TableBuilder.firstRow to see whether they name the columns: the `#` and the blanks
 * after it go (a tab delimiter is no blank), and the rest is split with `delimiter`, its own
 * comment left out as in a row (`# time signal # units`). A `#` directly followed by the delimiter
 * (`#,time,signal`: a spreadsheet's index column called `#`) is the first cell itself. Quotes
 * are kept (a quoted cell holds the delimiter). Null when a quote does not close.
 */
export function commentCells(text: Uint8Array, delimiter: string, point: number): Uint8Array[] | null {
  if (delimiter === WHITESPACE) {
    const cells = whitespaceCells(text, 1, text.length, point);
    return Array.isArray(cells) ? cells : null;
  }
  const d = Buffer.from(delimiter, 'utf8');
  const at = (i: number): boolean => i + d.length <= text.length && d.every((b, k) => text[i + k] === b);
  let from = 1;
  if (!at(1)) {
    while (from < text.length && (text[from] === SPACE || (text[from] === TAB && d[0] !== TAB))) from++;
  } else from = 0;
  const cells: Uint8Array[] = [];
  let start = from;
  let inQuotes = false;
  let end = text.length;
  // (From past the `#` that is a cell: a `#` after it may start a comment.)
  for (let i = from === 0 ? 1 : from; i < end; i++) {
    const c = text[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === HASH && startsComment(text, from, i, d[d.length - 1], point)) end = i;
    else if (at(i)) {
      cells.push(text.subarray(start, i));
      start = i + d.length;
      i = start - 1;
    }
  }
  if (inQuotes) return null;
  cells.push(text.subarray(start, end));
  return cells;
}

/** `quotedEnd` met a line break (or, at the end of the input, the end) before the closing quote. */
const UNCLOSED = -3;

/**
 * The offset just past the quote that closes the quoted cell opening at `buf[open]`, within
 * `buf[open, end)` (`final`: nothing follows `end`): a doubled quote, or one after a backslash,
 * is part of the cell. Returns NEED_MORE when `end` comes first and is not final, or UNCLOSED.
 */
function quotedEnd(buf: Uint8Array, open: number, end: number, final: boolean): number {
  for (let j = open + 1; j < end; j++) {
    const x = buf[j];
    if (x === LF || x === CR) return UNCLOSED;
    if (x === BACKSLASH && j + 1 < end && buf[j + 1] === QUOTE) j++;
    else if (x === QUOTE) {
      if (j + 1 >= end) return final ? j + 1 : NEED_MORE;
      if (buf[j + 1] !== QUOTE) return j + 1;
      j++;
    }
  }
  return final ? UNCLOSED : NEED_MORE;
}

/** The text of a quoted cell (between its quotes), with `""` and `\"` as one quote. */
function unquote(inside: Uint8Array): Uint8Array {
  if (!inside.includes(QUOTE)) return inside;
  const out: number[] = [];
  for (let j = 0; j < inside.length; j++) {
    const x = inside[j];
    if ((x === QUOTE || x === BACKSLASH) && inside[j + 1] === QUOTE) j++;
    out.push(inside[j]);
  }
  return Uint8Array.from(out);
}
