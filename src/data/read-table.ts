/**
 * `readTable`: from a file or stdin to numeric columns. Reads in chunks, one chunk ahead of the
 * scanner (read-ahead.ts), checks that the input is text, strips a BOM, scans with the fast path
 * and hands over to csv-parse (loaded then) at the first quote.
 */
import { openUnobserved, type ByteSource } from './byte-source.js';
import { freeCores } from '../free-cores.js';
import { digestOnWorker, keepWorkers, startWorker, workerScript } from '../threads.js';
import { MAX_LINE_BYTES } from './limits.js';
import { ReadAhead } from './read-ahead.js';
import { normalizeDelimiter } from './delimiter.js';
import { FastScanner } from './fast-scanner.js';
import { decimalPoint, startText, textGuards } from './text-guards.js';
import { readParallel, threadsFor } from './parallel-read.js';
import { TableBuilder } from './table-builder.js';
import type { ReadOptions, ReaderUsed, Source, Table } from './types.js';

/**
 * Read a CSV (or tab-, semicolon-, whitespace-separated) table and parse the columns that
 * `opts.select` picks once the header is known. Throws DataError with `file:line:column` for
 * anything that is not a finite number (unless `opts.skipInvalid`), and for unreadable input.
 */
export async function readTable(source: Source, opts: ReadOptions): Promise<Table> {
  return readTableWith(source, opts, null);
}

/**
 * readTable with the rows going to a builder of the caller's (stream-table.ts: one that hands
 * each block of rows on instead of keeping them).
 */
export async function readTableInto(source: Source, opts: ReadOptions, makeBuilder: (name: string) => TableBuilder): Promise<Table> {
  return readTableWith(source, opts, makeBuilder);
}

async function readTableWith(source: Source, opts: ReadOptions, makeBuilder: ((name: string) => TableBuilder) | null): Promise<Table> {
  const delimiter = opts.delimiter === undefined ? undefined : normalizeDelimiter(opts.delimiter);
  const opened = await openUnobserved(source);
  let input = opened.input;
  try {
    // A large file is parsed on several threads (parallel-read.ts), when it can be; rows going to
    // a builder of the caller's (a stream) are read on one.
    if (makeBuilder === null && source.kind === 'file' && input.size !== null) {
      const threads = threadsFor(input.size);
      if (threads > 1) {
        input = opened.observe();
        const table = await readParallel(input, source.path, opts, delimiter, threads, source);
        if (table !== null) return table;
      }
    }
    // A large file read here has its digest, when asked for, taken by a worker meanwhile.
    if (input === opened.input) input = digestElsewhere(source, input) ? input : opened.observe();
    return await readFrom(input, opts, delimiter, (makeBuilder ?? ((name: string) => new TableBuilder(name, opts)))(input.name));
  } finally {
    await input.close();
  }
}

/**
 * Files read on one thread at least this large have their SHA-256 taken by a worker on a free
 * core, reading the file itself, rather than by this thread (hashing is about a tenth of the
 * time it takes to read a stream of numbers here). Internal setting (tests):
 * GRADFIT_INTERNAL_DIGEST_ELSEWHERE_BYTES.
 */
const DIGEST_ELSEWHERE_BYTES = 64 * 1024 * 1024;

/**
 * Whether the digest of `source` (a file by path, with an observer that takes it elsewhere) was
 * left to a worker: then `source.onDigest` has the way to wait for it, and the bytes read here
 * need not be handed to `onRead`.
 */
function digestElsewhere(source: Source, input: ByteSource): boolean {
  const least = Number(process.env.GRADFIT_INTERNAL_DIGEST_ELSEWHERE_BYTES || DIGEST_ELSEWHERE_BYTES);
  if (source.kind !== 'file' || !source.onRead || !source.onDigest || input.size === null || !(input.size >= least)) return false;
  const script = workerScript();
  if (script === null || freeCores() < 2) return false;
  try {
    const worker = startWorker(script, null);
    keepWorkers([worker]);
    source.onDigest(digestOnWorker(worker, source.path));
    return true;
  } catch {
    return false;
  }
}

async function readFrom(input: ByteSource, opts: ReadOptions, delimiter: string | undefined, builder: TableBuilder): Promise<Table> {
  const name = input.name;
  const point = decimalPoint(opts.decimal, delimiter);
  const scanner = new FastScanner(builder, delimiter, opts.reader === 'csv-parse', point);
  const bytes = new ReadAhead(input);
  const size = input.size;
  builder.estimateRows = () => {
    const done = bytes.base + scanner.lineStart;
    return size !== null && done > 0 ? Math.ceil((builder.n * size) / done) : 0;
  };

  const { checkText, tooLong } = textGuards(name, () => bytes, () => scanner.line);
  await startText(bytes, name, checkText);

  let reader: ReaderUsed = 'fast';
  let handoverLine: number | null = null;
  for (;;) {
    // The next chunk is read while this one is scanned.
    bytes.readAhead();
    const { status, pos } = scanner.scan(bytes.buf, bytes.start, bytes.end, bytes.eof);
    bytes.start = pos;
    if (status === 'done') break;
    if (status === 'handover') {
      // Before the first row csv-parse reads everything that matters; after it, the rest.
      reader = builder.started ? 'fast+csv-parse' : 'csv-parse';
      handoverLine = builder.started ? scanner.line : null;
      const at = { firstLine: scanner.line, firstOffset: bytes.base + bytes.start };
      // (csv-parse checks the bytes read ahead for NUL bytes itself.)
      const rest = await bytes.rest();
      // csv-parse is loaded only when a file needs it: plain numeric files never do.
      const { readWithCsvParse } = await import('./csv-parse-reader.js');
      await readWithCsvParse(builder, input, rest, at, scanner.delimiter!);
      break;
    }
    // More bytes needed: the unfinished line stays, the next chunk follows it.
    const from = await bytes.refill(MAX_LINE_BYTES, tooLong);
    checkText(from, bytes.end);
  }
  return builder.finish({ delimiter: scanner.delimiter ?? ',', reader, handoverLine });
}
