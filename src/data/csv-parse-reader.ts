/**
 * The general path: csv-parse reads quoted fields (with delimiters, quotes and line breaks inside),
 * and every record goes to `TableBuilder.row` as it is parsed, so no array of rows builds up.
 */
import { CsvError, Parser } from 'csv-parse';
import { CommentFilter } from './comments.js';
import { DataError } from './errors.js';
import { CHUNK_BYTES, MAX_COLUMNS, MAX_LINE_BYTES, tooWide } from './limits.js';
import { countBreaks, countCrLf, LineCounter } from './line-breaks.js';
import type { TableBuilder } from './table-builder.js';
import type { ByteSource } from './byte-source.js';

/** Resolves at the stream's `event`, or at an error (which the caller has recorded). */
function settled(stream: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off(event, done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.once(event, done);
    stream.once('error', done);
    stream.once('close', done);
  });
}

/**
 * A one-line DataError for what csv-parse found wrong with the CSV itself. `line` is where it
 * noticed; `afterLastRecord` the line after the last good record (where an unclosed quote can be).
 */
function describeCsvError(name: string, e: CsvError, line: number, afterLastRecord: number): DataError {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new DataError(`${name}:${afterLastRecord}: a quote opened on or after this line is never closed; a closing '"' is missing`);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new DataError(`${name}:${line}: a closing '"' must be followed by the delimiter or the end of the line`);
    case 'INVALID_OPENING_QUOTE':
      return new DataError(`${name}:${line}: a '"' inside an unquoted field; quote the whole field and double the inner quotes`);
    case 'CSV_MAX_RECORD_SIZE':
      return new DataError(`${name}:${line}: a field longer than ${MAX_LINE_BYTES >> 20} MiB; is this really a CSV file?`);
    default:
      return new DataError(`${name}:${line}: ${e.message.split('\n')[0]}`);
  }
}

/**
 * Read `first` and then the rest of `source` with csv-parse into `builder`.
 * `first` begins at physical line `firstLine`, `firstOffset` bytes into the input.
 */
export async function readWithCsvParse(
  builder: TableBuilder,
  source: ByteSource,
  first: Uint8Array,
  at: { firstLine: number; firstOffset: number },
  delimiter: string,
): Promise<void> {
  const offset = at.firstLine - 1;
  let fed = at.firstOffset;
  const size = source.size;
  builder.estimateRows = () => (size !== null && fed > 0 ? Math.ceil((builder.n * size) / fed) : 0);
  let crlfInQuotes = 0;
  /** Physical line on which the last record ended. */
  let lastRecordLine = offset;
  let failure: unknown = null;
  const parser = new Parser({
    encoding: null,
    bom: false,
    delimiter,
    quote: '"',
    escape: '"',
    // (Comments are cut out before: see comments.ts.)
    ltrim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_LINE_BYTES,
  });
  // Records arrive as 'data' events while `write` runs (csv-parse's `on_record` would build an info
  // object per record, which costs more than the parse). `parser.info` is then the record's own.
  let received = 0;
  parser.on('data', (record: Uint8Array[]) => {
    received++;
    if (failure !== null) return;
    try {
      if (parser.info.records !== received) throw new Error('csv-parse delivered a record late, so its line number is unknown');
      let breaks = 0;
      for (const f of record) {
        if (f.includes(10) || f.includes(13)) {
          breaks += countBreaks(f);
          crlfInQuotes += countCrLf(f);
        }
      }
      lastRecordLine = offset + parser.info.lines - crlfInQuotes;
      const startLine = lastRecordLine - breaks;
      if (builder.headerKnown) builder.row(record, startLine);
      else builder.firstRow(record, startLine);
    } catch (e) {
      failure = e;
    }
  });
  parser.on('error', (e: unknown) => {
    failure ??= e;
  });
  const lines = new LineCounter();
  const fields = new FieldCounter(delimiter);
  const comments = new CommentFilter(delimiter, builder.point);
  const write = async (text: Uint8Array): Promise<void> => {
    if (text.length > 0 && !parser.write(text) && failure === null) await settled(parser, 'drain');
  };
  const feed = async (chunk: Uint8Array): Promise<void> => {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      throw new DataError(`${source.name} does not look like a text file (NUL byte at line ${offset + lines.breaksBefore(chunk, nul) + 1})`);
    }
    const wide = fields.add(chunk);
    if (wide >= 0) throw new DataError(tooWide(source.name, offset + lines.breaksBefore(chunk, wide) + 1, null));
    lines.add(chunk);
    fed += chunk.length;
    await write(comments.push(chunk));
  };
  try {
    if (first.length > 0) await feed(first);
    while (failure === null) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = await source.read(chunk, 0, chunk.length);
      if (n === 0) break;
      await feed(chunk.subarray(0, n));
    }
    if (failure === null) await write(comments.end());
    if (failure === null) {
      const done = settled(parser, 'finish');
      parser.end();
      await done;
    }
  } finally {
    parser.destroy();
  }
  if (failure !== null) {
    if (failure instanceof CsvError) {
      const e = failure as CsvError & { lines?: number };
      throw describeCsvError(source.name, e, offset + (e.lines ?? 1) - crlfInQuotes, lastRecordLine + 1);
    }
    throw failure;
  }
}

/**
 * The delimiters of each physical line, counted as the bytes go by, so that a line of millions
 * of fields is refused before csv-parse builds it (3.8 GB for 8 million empty cells). A quoted
 * delimiter counts too: more than MAX_COLUMNS of them on one line is no table either.
 */
class FieldCounter {
  private readonly byte: number;
  private count = 0;

  constructor(delimiter: string) {
    const bytes = Buffer.from(delimiter, 'utf8');
    this.byte = bytes.length === 1 ? bytes[0] : -1;
  }

  /** Count `chunk` in: the index of the delimiter that makes a line too wide, else -1. */
  add(chunk: Uint8Array): number {
    if (this.byte < 0) return -1;
    const d = this.byte;
    let count = this.count;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === d) {
        if (++count >= MAX_COLUMNS) return i;
      } else if (c === 10 || c === 13) count = 0;
    }
    this.count = count;
    return -1;
  }
}
