/**
 * Where rows land: header detection, column selection, line/column-precise rejection of bad rows,
 * and growable Float64Array columns. Both readers (the byte scanner and csv-parse) feed this one
 * builder, and every row that is not plainly good goes through `row`, so a problem is reported
 * the same way whichever reader met it.
 */
import { shownName } from '../names.js';
import { NUMBER_PATTERN, cellNumber, cellText } from './number.js';
import { describeFound, isBlankCell, likeItsColumn } from './cell-text.js';
import { DataError } from './errors.js';
import { option } from '../errors.js';
import { countBreaks } from './line-breaks.js';
import { MAX_COLUMNS, tooWide } from './limits.js';
import { isLearning, type ReadOptions, type Table, type ReaderUsed } from './types.js';

/** Capacity of a new table before anything is known of the source's size. */
const INITIAL_ROWS = 1024;

/**
 * Whether a cell of the first row reads as a column name: text that is neither blank nor a number,
 * nor a number gone wrong (NaN, inf, 1e999), which is a bad data cell to report instead.
 */
function isHeaderText(cell: Uint8Array, point: number): boolean {
  return isNameText(cellText(cell), point);
}

/** Whether `text` (trimmed) is neither blank nor a number, nor a number gone wrong (see `isHeaderText`). */
function isNameText(text: string, point: number): boolean {
  text = text.trim();
  if (point === 44 && !text.includes('.')) text = text.replace(',', '.');
  return text !== '' && !NUMBER_PATTERN.test(text) && !/^[+-]?(nan|inf|infinity)$/i.test(text);
}

/** `cells` without the blank cells at its end (a trailing delimiter). */
function withoutBlankTail<T extends Uint8Array>(cells: readonly T[]): readonly T[] {
  let end = cells.length;
  while (end > 0 && isBlankCell(cells[end - 1])) end--;
  return cells.slice(0, end);
}

/**
 * A header cell as a column name: trimmed, and without the quotes a whitespace-separated file
 * keeps around it (R's `write.table` writes `"Time" "demand"`; csv-parse removes them in CSV).
 */
function headerName(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
}

/** A whole number written with a point (2.0, 45.000), as pandas writes a float column. */
const WHOLE_WITH_POINT = /^[+-]?\d+\.0*$/;
const WHOLE_WITH_COMMA = /^[+-]?\d+,0*$/;

/**
 * Whether a first row is column labels written as numbers: 0, 1, ..., k-1 (pandas' names for the
 * columns of a DataFrame without names) or 1, 2, ..., k, at least two of them ('plain'), or any
 * such run after one empty cell (pandas' unnamed index: 'indexed'); or else two or more whole
 * numbers (such as years: 'integers'), which may be names too; null for any other row.
 */
function numberedLabels(fields: readonly Uint8Array[]): 'plain' | 'indexed' | 'integers' | null {
  const texts = fields.map((f) => cellText(f).trim());
  const indexed = texts.length >= 2 && texts[0] === '';
  const labels = indexed ? texts.slice(1) : texts;
  if (labels.length < (indexed ? 1 : 2) || !labels.every((t) => /^\d+$/.test(t))) return null;
  const base = labels[0] === '0' ? 0 : labels[0] === '1' ? 1 : -1;
  if (base >= 0 && labels.every((t, j) => t === String(j + base))) return indexed ? 'indexed' : 'plain';
  return indexed ? null : 'integers';
}

/** A first row of labels for a note: `0,1` (cells joined by commas; a long row cut short). */
function labelsShown(fields: readonly Uint8Array[]): string {
  return `the first row (${shortList(fields.map((f) => cellText(f).trim())).join(',')})`;
}

/** A list for a note: a long one cut short (the first three, ..., the last). */
function shortList(texts: readonly string[]): string[] {
  return texts.length > 6 ? [...texts.slice(0, 3), '...', texts[texts.length - 1]] : [...texts];
}

/** Whether a cell is a plain number (a data cell, never a column name). */
function isNumberCell(cell: Uint8Array, point: number): boolean {
  return !Number.isNaN(cellNumber(cell, point));
}

/** Collects the rows of one table; see the module comment. */
export class TableBuilder {
  /** Selected columns, with room beyond `n`; row `n` may be written before it is committed. */
  columns: Float64Array[] = [];
  capacity = INITIAL_ROWS;
  n = 0;
  /** Column indices to parse, in the caller's order; null until the first row is seen. */
  selected: number[] | null = null;
  /** For each field index, the position in `selected` of its column, or -1 (built with `selected`). */
  slotOf: Int32Array = new Int32Array(0);
  /** Largest selected field index: a row needs more fields than this. */
  maxField = -1;
  skipped = 0;
  firstSkipped: string | null = null;
  hasHeader = false;
  private headerNames: string[] | null = null;
  /** The header row, held until the first data row settles the layout. */
  private pendingHeader: string[] | null = null;
  /** A first row of numbered labels (0,1,...), held until the next row says whether it is names or data. */
  private pendingLabels: { kind: 'labels' | 'integers'; fields: Uint8Array[]; line: number } | null = null;
  /**
   * The last comment line above the first row, as cells split like a row of the file (see
   * fast-scanner.ts `commentCells`; null cells: not splittable), and its line: set by the scanner
   * before the first row is offered, whichever reader offers it. See `namesFromComment`.
   */
  headerComment: { cells: Uint8Array[] | null; line: number } | null = null;
  /** For each selected position, the strings of a text column (see ReadOptions.textColumns), or null. */
  private textOf: (readonly string[] | null)[] | null = null;
  /** Whether every row must take the general path (`row`): a text column is selected. */
  generalOnly = false;
  /** Fields of the settled layout (the header's, else the first data row's). */
  width = 0;
  private selectedNames: string[] = [];
  /** Selected positions sorted by field index, so a row's leftmost bad cell is the one reported. */
  private inFileOrder: number[] = [];
  /** Whether some column is selected more than once (the fast path then copies its cells). */
  private repeats = false;

  /** Estimated final row count, or 0 when unknown; consulted when the columns must grow. */
  estimateRows: () => number = () => 0;
  /** The columns never grow beyond this many rows (a streaming reader hands rows on first). */
  protected maxRows = Infinity;

  constructor(
    readonly source: string,
    private readonly options: ReadOptions,
  ) {}

  /** The decimal point's byte (see ReadOptions.decimal). */
  get point(): number {
    return this.options.decimal === ',' ? 44 : 46;
  }

  /** Whether the first row has been taken (a header, or numbered labels, waiting for the first data row, or more). */
  get started(): boolean {
    return this.selected !== null || this.pendingHeader !== null || this.pendingLabels !== null;
  }

  get headerKnown(): boolean {
    return this.selected !== null;
  }

  /**
   * Offer the first non-blank rows until the header (or its absence) is settled. With header
   * 'auto' a row is the header when a cell holds text (see `isHeaderText`); a header is kept
   * until the first data row is offered too, because only then is the layout known: a header one
   * field shorter than the data (R's `write.table`, which writes no name over its row names) is
   * shifted right by an unnamed first column (over row names), or else given an unnamed last
   * column; rows wider than the layout are then refused (see `extraFieldsBlank`). A first row of
   * numbered labels (0,1,... as pandas writes over unnamed columns; see `numberedLabels`) is a
   * header after an empty cell, or when the next row writes a whole number with a point (2.0),
   * else data, with a note when it may have been names. A first row of data (with header 'auto')
   * takes its names from the comment line above it when that line names every column (see
   * `namesFromComment`), with a note. Returns false when every cell is blank (the row is ignored
   * and the next one is offered).
   */
  firstRow(fields: readonly Uint8Array[], line: number): boolean {
    // (The byte scanner refuses such a row before splitting it; csv-parse's rows come here split.)
    if (fields.length > MAX_COLUMNS) throw new DataError(tooWide(this.source, line, fields.length));
    if (fields.every(isBlankCell)) return false;
    const labels = this.pendingLabels;
    if (labels !== null) {
      this.pendingLabels = null;
      if (this.labelsAreNames(labels, fields)) this.takeHeader(labels.fields);
      else {
        this.settle(null, labels.fields.length);
        this.row(labels.fields, labels.line);
        this.row(fields, line);
        return true;
      }
    }
    if (this.pendingHeader === null) {
      // A row with a number in it is data even beside text (gnuplot's `set table` writes a type
      // letter after its numbers: "0  1  i"); a header is names, or names and blanks.
      const header = this.options.header;
      const isHeader = header === true || (header !== false && fields.some((f) => isHeaderText(f, this.point)) && !fields.some((f) => isNumberCell(f, this.point)));
      if (isHeader) {
        this.takeHeader(fields);
        return true;
      }
      // A first row of data: the comment line above it may name the columns (numpy's
      // savetxt(header=...), gnuplot's `set table`).
      const named = header === false ? null : this.namesFromComment(fields);
      if (named !== null) {
        this.hasHeader = true;
        this.note(this.headerComment!.line, `column names taken from the comment on line ${this.headerComment!.line} (${shortList(named).join(', ')}); ${option('noHeader')} leaves it a comment`);
        this.headerComment = null;
        this.settle(named, named.length);
        this.row(fields, line);
        return true;
      }
      const labels = header === false ? null : numberedLabels(fields);
      if (labels === 'indexed') {
        // (`,0,1`: no data row starts with an empty cell and goes on 0, 1, ...)
        this.note(line, `${labelsShown(fields)} is taken for column names, as pandas writes them over unnamed columns, its index first; ${option('noHeader')} reads it as data`);
        this.takeHeader(fields);
        return true;
      }
      if (labels === 'plain' || labels === 'integers') {
        // Names or data? The next row tells (the cells are copied: the reader's buffer moves on).
        this.pendingLabels = { kind: labels === 'plain' ? 'labels' : 'integers', fields: fields.map((f) => Uint8Array.from(f)), line };
        return true;
      }
      this.settle(null, fields.length);
    } else {
      let names = this.pendingHeader;
      // Row names are text or a row number: a first cell such as 0.5 is data, and the row's
      // extra field does not move the names (a header of time,signal over rows 0.5,2.1,0.11 fitted
      // the third column against signal): it is an unnamed last column.
      const first = fields[0];
      const rowName = first !== undefined && (!isNumberCell(first, this.point) || /^\d+$/.test(cellText(first).trim()));
      if (names.length === fields.length - 1 && names[0] !== '' && !isBlankCell(fields[fields.length - 1])) names = rowName ? ['', ...names] : [...names, ''];
      this.settle(names, names.length);
    }
    this.row(fields, line);
    return true;
  }

  /**
   * The column names that the last comment line above the first row (`headerComment`) gives, or
   * null: its cells (but blank ones at the end, which `row` leaves out too) must be as many as the
   * row's, and each a name (not blank, not a number; quotes around it go) that no other cell
   * has. `# time signal` over `0.5 3.2` names two columns; `# measured on 2024-01-03` over them,
   * or `# t 1` (a number), names none, and is only a comment.
   */
  private namesFromComment(row: readonly Uint8Array[]): string[] | null {
    const cells = this.headerComment?.cells;
    if (cells === null || cells === undefined) return null;
    const named = withoutBlankTail(cells);
    if (named.length === 0 || named.length !== withoutBlankTail(row).length) return null;
    const names = named.map((c) => headerName(cellText(c)));
    if (!names.every((name) => isNameText(name, this.point)) || new Set(names).size < names.length) return null;
    return names;
  }

  /**
   * Whether a first row of whole numbers (`labels`) names the columns, as the row after it
   * (`next`) shows: numbered labels over a row that writes a whole number with a point (2.0, as
   * pandas writes floats) do. A note says so, or, when the row is read as data but may have been
   * names, says that.
   */
  private labelsAreNames(labels: NonNullable<TableBuilder['pendingLabels']>, next: readonly Uint8Array[]): boolean {
    const whole = this.point === 44 ? WHOLE_WITH_COMMA : WHOLE_WITH_POINT;
    const pointed = labels.fields.length === next.length && next.some((f) => whole.test(cellText(f).trim()));
    const shown = labelsShown(labels.fields);
    if (pointed && labels.kind === 'labels') {
      this.note(labels.line, `${shown} is taken for column names, as pandas writes them over unnamed columns (the rows below write 2.0, not 2); ${option('noHeader')} reads it as data`);
      return true;
    }
    const fraction = next.some((f) => isNumberCell(f, this.point) && !/^[+-]?\d+$/.test(cellText(f).trim()));
    if (pointed) {
      this.note(labels.line, `${shown} is read as data, though the rows below write whole numbers with a point (2.0, not 2); if it names the columns, give ${option('header')}`);
    } else if (labels.kind === 'labels' && (cellText(labels.fields[0]).trim() === '0' || fraction)) {
      this.note(labels.line, `${shown} is read as data; if it names the columns, as pandas writes 0,1,... over unnamed columns, give ${option('header')}`);
    }
    return false;
  }

  /** Hold `fields` as the header, until the first data row settles the layout. */
  private takeHeader(fields: readonly Uint8Array[]): void {
    this.hasHeader = true;
    this.pendingHeader = fields.map((f) => headerName(cellText(f)));
  }

  /** Say something about the reading that a user may not expect (ReadOptions.onNote). */
  private note(line: number, message: string): void {
    this.options.onNote?.(`${this.source}:${line}: ${message}`);
  }

  /**
   * At the end of the input: a first row of numbered labels with no row after it is data (a
   * one-row file of 0,1 is that row).
   */
  protected settlePending(): void {
    const labels = this.pendingLabels;
    if (labels === null) return;
    this.pendingLabels = null;
    this.settle(null, labels.fields.length);
    this.row(labels.fields, labels.line);
  }

  /**
   * Settle the layout a first part of the file settled (parallel parsing: this builder reads a
   * later part, and its rows follow the header there): `names` and `width` as that builder had
   * them, the columns from `options.select`.
   */
  adoptLayout(names: string[] | null, width: number): void {
    this.settle(names, width);
  }

  /** The header names, or null without a header (once the layout is settled). */
  get header(): readonly string[] | null {
    return this.headerNames;
  }

  /** Choose the columns (the caller's `select`) now that the names and width are known. */
  private settle(names: string[] | null, width: number): void {
    this.headerNames = names;
    this.width = width;
    const selected = this.options.select(names, width);
    for (const k of selected) {
      if (!Number.isInteger(k) || k < 0 || k >= width) {
        throw new DataError(`there is no column ${Number(k) + 1}: the file has ${width} column${width === 1 ? '' : 's'}`);
      }
    }
    this.selected = [...selected];
    this.maxField = Math.max(-1, ...selected);
    this.slotOf = new Int32Array(this.maxField + 1).fill(-1);
    // A column selected twice is parsed into the first slot and copied at commit (see `commitRow`).
    for (let s = selected.length - 1; s >= 0; s--) this.slotOf[selected[s]] = s;
    this.repeats = new Set(selected).size < selected.length;
    this.inFileOrder = selected.map((_, s) => s).sort((a, b) => selected[a] - selected[b]);
    this.selectedNames = selected.map((k) => this.headerNames?.[k] || String(k + 1));
    this.columns = selected.map(() => columnOf(this.capacity));
    const text = this.options.textColumns?.();
    if (text !== undefined && text.size > 0) {
      this.textOf = selected.map((k) => text.get(k) ?? null);
      this.generalOnly = true;
    }
  }

  /**
   * Make room for row `n` (call before writing it). Without a size estimate the columns grow by
   * half; with one (a file of known size) they grow toward it, with 2% to spare, by at least an
   * eighth and at most 64-fold per step (a million-row file: 1024, 65536, its size). Big steps
   * save the copies, and worse the first touches of fresh memory, of steps in between; the cap
   * keeps an estimate made from the first rows from reserving wildly too much before it is
   * refined. An estimate that is too high costs address space only (pages are committed when
   * first written), and `finish` trims a table that ends far below its capacity.
   */
  ensureRoom(): void {
    if (this.n < this.capacity) return;
    const estimate = this.n >= 256 ? this.estimateRows() : 0;
    const target =
      estimate > this.capacity
        ? Math.max(Math.min(Math.ceil(estimate * 1.02) + 1024, this.capacity * 64), Math.ceil(this.capacity * 1.125))
        : Math.ceil(this.capacity * 1.5) + 16;
    this.resize(Math.min(target, Math.max(this.maxRows, this.n + 1)));
  }

  private resize(capacity: number): void {
    // One column at a time, so each old buffer can go before the next new one is made.
    for (let k = 0; k < this.columns.length; k++) {
      const next = columnOf(capacity, this.columns[k].subarray(0, this.n));
      this.columns[k] = next;
    }
    this.capacity = capacity;
  }

  /**
   * Commit row `n`, whose cells the fast path wrote into the first slot of each selected column.
   * Copies cells of columns selected more than once.
   */
  commitRow(): void {
    const n = this.n;
    this.n = n + 1;
    if (!this.repeats) return;
    const selected = this.selected!;
    for (let s = 0; s < selected.length; s++) {
      const first = this.slotOf[selected[s]];
      if (first !== s) this.columns[s][n] = this.columns[first][n];
    }
  }

  /**
   * A data row given as its fields (the general path): parse the selected cells, or reject the
   * row (error, or skip with skipInvalid). A row of blank cells only is ignored. `line` is the
   * physical line where the row starts; a field after a quoted line break is placed on its own line.
   */
  row(fields: readonly Uint8Array[], line: number): void {
    const selected = this.selected!;
    if (this.maxField >= fields.length) {
      if (fields.every(isBlankCell)) return;
      const count = fields.length;
      this.reject(`${this.source}:${line}: ${count} field${count === 1 ? '' : 's'}, expected at least ${this.maxField + 1}`, line, null);
      return;
    }
    this.ensureRoom();
    const n = this.n;
    for (const s of this.inFileOrder) {
      const k = selected[s];
      const strings = this.textOf?.[s];
      if (strings) {
        const text = headerName(cellText(fields[k]));
        let code = strings.indexOf(text) + 1;
        if (code === 0 && isLearning(strings)) code = (strings as string[]).push(text);
        this.columns[s][n] = code;
        continue;
      }
      const value = cellNumber(fields[k], this.point);
      if (Number.isNaN(value)) {
        if (fields.every(isBlankCell)) return;
        let cellLine = line;
        for (let j = 0; j < k; j++) cellLine += countBreaks(fields[j]);
        this.reject(this.cellMessage(cellLine, k, fields[k]), cellLine, k + 1, !likeItsColumn(fields[k], this.point));
        return;
      }
      this.columns[s][n] = value;
    }
    if (fields.length > this.width && !this.extraFieldsBlank(fields, line)) return;
    this.n = n + 1;
  }

  /**
   * Whether the fields past the layout's width are all blank (a trailing delimiter, `1,2,` under
   * `x,y`, is no field). Otherwise the row is rejected at the first extra field that holds
   * something: a cell with no column would be dropped unseen (`3,1,5` under `x,y`).
   */
  private extraFieldsBlank(fields: readonly Uint8Array[], line: number): boolean {
    const k = fields.findIndex((f, j) => j >= this.width && !isBlankCell(f));
    if (k < 0) return true;
    let cellLine = line;
    for (let j = 0; j < k; j++) cellLine += countBreaks(fields[j]);
    const layout = this.headerNames === null ? 'the first row has' : 'the header has';
    const count = fields.length;
    this.reject(`${this.source}:${cellLine}:${k + 1}: ${count} fields where ${layout} ${this.width}: an extra field ${describeFound(fields[k], this.point)}`, cellLine, k + 1);
    return false;
  }

  private cellMessage(line: number, k: number, cell: Uint8Array): string {
    const name = this.headerNames?.[k] ? ` (${shownName(this.headerNames[k])})` : '';
    return `${this.source}:${line}:${k + 1}: expected a number in column ${k + 1}${name}, found ${describeFound(cell, this.point)}`;
  }

  /**
   * Skip the row (with skipInvalid) or throw, with the place and, when `skippable` (not when every
   * row would go, as for a decimal comma), the hint that the row could be skipped.
   */
  reject(message: string, line: number, column: number | null, skippable = true): void {
    if (!this.options.skipInvalid) throw new DataError(message, { hint: skippable ? { kind: 'skip-invalid' } : null, position: { source: this.source, line, column } });
    this.skipped++;
    this.firstSkipped ??= message;
  }

  /** The finished table: columns cut to exactly n rows. */
  finish(meta: { delimiter: string; reader: ReaderUsed; handoverLine: number | null }): Table {
    this.settlePending();
    if (this.n === 0) {
      if (this.skipped > 0) {
        throw new DataError(
          `${this.source}: no data rows: all ${this.skipped} row${this.skipped === 1 ? ' was' : 's were'} dropped as not numeric (the first: ${this.firstSkipped})`,
        );
      }
      throw new DataError(`${this.source}: no data rows`);
    }
    const n = this.n;
    // Keep the buffers (no copy, no second peak) unless more than half of them is unused.
    const wasteful = this.capacity > 2 * n + 4096;
    const columns = this.columns.map((c) => (wasteful ? columnOf(n, c) : c.subarray(0, n)));
    this.columns = [];
    return {
      source: this.source,
      names: [...this.selectedNames],
      columns,
      n,
      skipped: this.skipped,
      firstSkipped: this.firstSkipped,
      hasHeader: this.hasHeader,
      header: this.headerNames === null ? null : [...this.headerNames],
      width: this.width,
      ...meta,
    };
  }
}

/** Columns of this many rows or more are made in shared memory, which worker threads can read in place (fit/fold-threads.ts). */
const SHARED_ROWS = 65536;

/** A column of `capacity` rows starting with `from` (zeros after). */
export function columnOf(capacity: number, from?: Float64Array): Float64Array {
  const column = capacity >= SHARED_ROWS ? new Float64Array(new SharedArrayBuffer(capacity * 8)) : new Float64Array(capacity);
  if (from) column.set(from.subarray(0, Math.min(from.length, capacity)));
  return column;
}
