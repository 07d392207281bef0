/** The shapes the data layer takes in and gives back. */

/** Where the bytes come from: a file by path, an already open stream (stdin), or bytes in memory. */
export type Source = (
  | { kind: 'file'; path: string }
  /**
   * An open stream such as process.stdin (typed by what the reader uses, so that the declarations
   * need no @types/node). With `fd`, its descriptor is read directly (byte-source.ts) and `stream`
   * is asked for only if that cannot be done.
   */
  | { kind: 'stdin'; stream: AsyncIterable<unknown>; fd?: number }
  /** Text already in memory (the library's CSV text), named `name` in messages. */
  | { kind: 'text'; name: string; bytes: Uint8Array }
) & {
  /** Called with every chunk of bytes as it is read, in order (e.g. to hash the input without reading it twice). */
  onRead?: (chunk: Uint8Array) => void;
  /**
   * With onRead: a file parsed on several threads may have its SHA-256 taken on one of the
   * workers instead, while the fit runs (data/parallel-read.ts), rather than have every byte handed
   * to onRead on this thread. The reader then calls this with the way to wait for that digest (of
   * the whole file, from its first byte; null when the worker could not take it), and onRead has
   * had only the first part.
   */
  onDigest?: (wait: () => Promise<FileDigest | null>) => void;
};

/** A file's SHA-256 (hex) and length, as a worker took them. */
export interface FileDigest {
  sha256: string;
  bytes: number;
}

export interface ReadOptions {
  /**
   * ',' ';' '\t' '|' etc., or 'whitespace' (runs of spaces/tabs, as gnuplot/numpy files);
   * undefined = detect from the first data line (comma, else tab, else semicolon, else whitespace).
   */
  delimiter?: string;
  /** The decimal point: '.' (default) or ',' (decimal commas, as R's write.csv2 and many locales write). */
  decimal?: '.' | ',';
  /**
   * 'auto' (default: a first row of names is a header, and so is one of numbered labels, 0,1,...,
   * when the next row shows it is no data; above a first row of data, the last comment line names
   * the columns when it holds one name for each: see TableBuilder.namesFromComment), false
   * (--no-header: the first row is data, and comment lines are only comments), or true (--header:
   * the first row is names, even numbers).
   */
  header?: 'auto' | boolean;
  /**
   * Called with a note on what the reader decided where a user may not expect it (a first row of
   * 0,1 taken for names, or read as data; names taken from a comment line): one line, `source:line: ...`, with option references
   * to word (errors.ts: wordOptions). Not called when the header is given (header true or false).
   */
  onNote?: (message: string) => void;
  /** Drop rows whose selected cells are not finite numbers, counting them (else DataError). */
  skipInvalid?: boolean;
  /**
   * Called once the header (or its absence) is known: returns the indices (0-based) of the columns
   * to parse, in the order wanted. Throw DataError here for unknown columns. Only these columns
   * are parsed and validated; other cells are ignored (a text "label" column is fine).
   */
  select(names: readonly string[] | null, width: number): number[];
  /**
   * Called right after `select`: selected columns (0-based field indices) read as text compared
   * with fixed strings, each with its list of strings. A cell equal to the k-th string (trimmed,
   * unquoted) is read as k + 1, any other cell as 0 — unless its list was made by `learningList`:
   * then a new cell is added to the list and read as its code (fit --group). Rows then take the
   * general path.
   */
  textColumns?(): ReadonlyMap<number, readonly string[]>;
  /**
   * Which reader to use: 'auto' (default) scans plain numeric files itself and hands over to
   * csv-parse at the first quote; 'csv-parse' reads the whole file with csv-parse (for comparisons
   * and tests). Whitespace-separated files are always read by gradfit's own splitter.
   */
  reader?: 'auto' | 'csv-parse';
}

/** How a table was read, for messages and for tests. */
export type ReaderUsed =
  /** gradfit's byte scanner read every line. */
  | 'fast'
  /** csv-parse read every line. */
  | 'csv-parse'
  /** the byte scanner read up to a quote, csv-parse read the rest (see `handoverLine`). */
  | 'fast+csv-parse';

export interface Table {
  /** The path, or "<stdin>". */
  source: string;
  /** Names of the selected columns (header text, or "1","2",.. by position). */
  names: string[];
  /** Selected columns, each exactly n long. */
  columns: Float64Array[];
  n: number;
  /** Rows dropped by skipInvalid. */
  skipped: number;
  /** Location and text of the first dropped row's problem, for the warning. */
  firstSkipped: string | null;
  /** Whether the first row was taken as a header. */
  hasHeader: boolean;
  /** Every column's header name ('' for an unnamed one), or null without a header. */
  header: string[] | null;
  /** Fields per row in the layout (the header's, else the first data row's). */
  width: number;
  /** The delimiter used: a single character, or 'whitespace'. */
  delimiter: string;
  reader: ReaderUsed;
  /** With reader 'fast+csv-parse': the physical line at which csv-parse took over. */
  handoverLine: number | null;
  /** Parts of the file parsed at once, one per thread (parallel-read.ts), when more than one. */
  parts?: number;
}

/** Lists of strings a text column adds its new values to (see ReadOptions.textColumns). */
const LEARNING = new WeakSet<readonly string[]>();

/** A list of strings (seeded with `seed`) to which a text column adds every new value it holds. */
export function learningList(seed: readonly string[] = []): string[] {
  const list = [...seed];
  LEARNING.add(list);
  return list;
}

/** Whether `list` was made by learningList. */
export function isLearning(list: readonly string[]): boolean {
  return LEARNING.has(list);
}
