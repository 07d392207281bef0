/**
 * `readTable`: from a file or stdin to numeric columns. Reads in chunks into one reusable buffer,
 * checks that the input is text, strips a BOM, scans with the fast path and hands over to
 * csv-parse (loaded then) at the first quote.
 */
import { openSource, type ByteSource } from './byte-source.js';
import { CHUNK_BYTES, MAX_LINE_BYTES } from './limits.js';
import { normalizeDelimiter } from './delimiter.js';
import { DataError } from './errors.js';
import { FastScanner } from './fast-scanner.js';
import { countBreaks } from './line-breaks.js';
import { TableBuilder } from './table-builder.js';
import type { ReadOptions, ReaderUsed, Source, Table } from './types.js';

/**
 * Read a CSV (or tab-, semicolon-, whitespace-separated) table and parse the columns that
 * `opts.select` picks once the header is known. Throws DataError with `file:line:column` for
 * anything that is not a finite number (unless `opts.skipInvalid`), and for unreadable input.
 */
export async function readTable(source: Source, opts: ReadOptions): Promise<Table> {
  const delimiter = opts.delimiter === undefined ? undefined : normalizeDelimiter(opts.delimiter);
  const input = await openSource(source);
  try {
    return await readFrom(input, opts, delimiter);
  } finally {
    await input.close();
  }
}

async function readFrom(input: ByteSource, opts: ReadOptions, delimiter: string | undefined): Promise<Table> {
  const name = input.name;
  const builder = new TableBuilder(name, opts);
  const scanner = new FastScanner(builder, delimiter, opts.reader === 'csv-parse');
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let start = 0;
  let end = 0;
  let eof = false;
  /** Absolute offset of buf[0] in the input. */
  let base = 0;
  const size = input.size;
  builder.estimateRows = () => {
    const done = base + scanner.lineStart;
    return size !== null && done > 0 ? Math.ceil((builder.n * size) / done) : 0;
  };

  /** Refuse input with a NUL byte in `buf[from, to)`: it is not text. */
  const checkText = (from: number, to: number): void => {
    const found = buf.subarray(from, to).indexOf(0);
    if (found >= 0) {
      throw new DataError(`${name} does not look like a text file (NUL byte at line ${scanner.line + countBreaks(buf, start, from + found)})`);
    }
  };
  /** Read once into the free end of the buffer. */
  const readMore = async (): Promise<void> => {
    const n = await input.read(buf, end, buf.length - end);
    if (n === 0) eof = true;
    else end += n;
  };

  // A few bytes first, to recognise a BOM or UTF-16.
  while (!eof && end < 4) await readMore();
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new DataError(`${name} is UTF-16 text; convert it to UTF-8 first (e.g. iconv -f UTF-16 -t UTF-8)`);
  }
  if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
  checkText(start, end);

  let reader: ReaderUsed = 'fast';
  let handoverLine: number | null = null;
  for (;;) {
    const { status, pos } = scanner.scan(buf, start, end, eof);
    start = pos;
    if (status === 'done') break;
    if (status === 'handover') {
      // Before the first row csv-parse reads everything that matters; after it, the rest.
      reader = builder.headerKnown ? 'fast+csv-parse' : 'csv-parse';
      handoverLine = builder.headerKnown ? scanner.line : null;
      const rest = Buffer.from(buf.subarray(start, end));
      // csv-parse is loaded only when a file needs it: plain numeric files never do.
      const { readWithCsvParse } = await import('./csv-parse-reader.js');
      await readWithCsvParse(builder, input, rest, { firstLine: scanner.line, firstOffset: base + start }, scanner.delimiter!);
      break;
    }
    // More bytes needed: keep the unfinished line, at the front of the buffer.
    if (start === 0 && end === buf.length) {
      if (buf.length >= MAX_LINE_BYTES) {
        throw new DataError(`${name}:${scanner.line}: a line longer than ${MAX_LINE_BYTES >> 20} MiB; is this really a text table?`);
      }
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, end);
      buf = bigger;
    } else if (start > 0) {
      buf.copyWithin(0, start, end);
      base += start;
      end -= start;
      start = 0;
    }
    const before = end;
    await readMore();
    checkText(before, end);
  }
  return builder.finish({ delimiter: scanner.delimiter ?? ',', reader, handoverLine });
}
