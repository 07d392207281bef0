/**
 * One part of a file, parsed on its own (parallel parsing, see parallel-read.ts): the bytes
 * `[start, end)` of the file, beginning at a line start, read with the same fast scanner and the
 * same TableBuilder as the whole file is, with the layout (delimiter, header, selected columns)
 * that the first part settled. Line numbers count from 1 at the part's first line; the main
 * thread adds the lines of the parts before it. Used by the worker (parse-worker.ts) and by the
 * main thread's fallback, which reads on from a part boundary.
 */
import type { FileHandle } from 'node:fs/promises';
import { describeFailure, type ByteSource } from './byte-source.js';
import { DataError } from './errors.js';
import { FastScanner } from './fast-scanner.js';
import { MAX_LINE_BYTES } from './limits.js';
import { countBreaks } from './line-breaks.js';
import { ReadAhead } from './read-ahead.js';
import { TableBuilder } from './table-builder.js';

/** What a worker is started with (workerData). */
export interface PartJob {
  path: string;
  /** The name in messages (the path as the user gave it). */
  name: string;
  start: number;
  end: number;
}

/** What the main thread sends once the first part has settled the layout. */
export interface PartLayout {
  delimiter: string;
  /** The decimal point's byte (46 or 44). */
  point: number;
  skipInvalid: boolean;
  names: string[] | null;
  width: number;
  selected: number[];
  /** One shared buffer of float64 per selected column; this part writes rows `[offset, offset + capacity)`. */
  columns: SharedArrayBuffer[];
  offset: number;
  capacity: number;
}

/** How a part ended. Messages carry the part's own line numbers (see `rebaseMessage`). */
export type PartResult =
  | {
      kind: 'rows';
      n: number;
      /** Physical lines in the part. */
      lines: number;
      skipped: number;
      firstSkipped: string | null;
      /** The part's own columns when it outgrew its place in the shared ones, else null. */
      overflow: Float64Array[] | null;
    }
  /** A DataError whose message begins `name:line` (a bad row, a line too long). */
  | { kind: 'error'; message: string }
  /** A NUL byte at this line of the part: not a text file. */
  | { kind: 'nul'; line: number }
  /** Something the fast path leaves to csv-parse (a quote), or a failure: read the file on one thread. */
  | { kind: 'fallback'; reason: string };

/** Bytes `[position, end)` of an open file, read at explicit positions (several readers share one handle). */
export class RangeByteSource implements ByteSource {
  readonly size = null;

  constructor(
    readonly name: string,
    private readonly handle: FileHandle,
    private position: number,
    private readonly end: number,
  ) {}

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    const want = Math.min(length, this.end - this.position);
    if (want <= 0) return 0;
    try {
      const { bytesRead } = await this.handle.read(target, offset, want, this.position);
      this.position += bytesRead;
      return bytesRead;
    } catch (e) {
      throw describeFailure(this.name, e);
    }
  }

  async close(): Promise<void> {
    // The handle belongs to whoever opened it.
  }
}

/**
 * A message `name:L...` of a part whose first line is line `base` of the file, as the file's:
 * `name:(L + base - 1)...`. Messages without that shape are returned as they are.
 */
export function rebaseMessage(message: string, name: string, base: number): string {
  const prefix = `${name}:`;
  if (!message.startsWith(prefix)) return message;
  const digits = /^\d+/.exec(message.slice(prefix.length));
  if (digits === null) return message;
  return `${prefix}${Number(digits[0]) + base - 1}${message.slice(prefix.length + digits[0].length)}`;
}

/**
 * Scan the part that `bytes` reads (from a line start to its end, or to the end of the file) into
 * `builder`, whose layout is settled. Returns 'done', or 'handover' at a line the fast path leaves
 * to csv-parse. Throws DataError for a bad row (unless skipInvalid), a line too long, or (as a
 * DataError whose `nulLine` is set) a NUL byte.
 */
export async function scanPart(bytes: ReadAhead, scanner: FastScanner, name: string): Promise<'done' | 'handover'> {
  const tooLong = (): never => {
    throw new DataError(`${name}:${scanner.line}: a line longer than ${MAX_LINE_BYTES >> 20} MiB; is this really a text table?`);
  };
  for (;;) {
    bytes.readAhead();
    const { status, pos } = scanner.scan(bytes.buf, bytes.start, bytes.end, bytes.eof);
    bytes.start = pos;
    if (status !== 'more') return status;
    const from = await bytes.refill(MAX_LINE_BYTES, tooLong);
    const found = bytes.buf.subarray(from, bytes.end).indexOf(0);
    if (found >= 0) throw new NulByte(scanner.line + countBreaks(bytes.buf, bytes.start, from + found));
  }
}

/** A NUL byte at `line` (of the part). */
export class NulByte extends Error {
  constructor(readonly line: number) {
    super(`NUL byte at line ${line}`);
  }
}

/** Parse one part as a worker does: into the shared columns, overflowing into its own. */
export async function parsePart(job: PartJob, layout: PartLayout, bytes: ReadAhead): Promise<PartResult> {
  const builder = new TableBuilder(job.name, {
    select: () => layout.selected,
    skipInvalid: layout.skipInvalid,
    decimal: layout.point === 44 ? ',' : '.',
  });
  builder.adoptLayout(layout.names, layout.width);
  builder.columns = layout.columns.map((b) => new Float64Array(b, layout.offset * 8, layout.capacity));
  builder.capacity = layout.capacity;
  const scanner = new FastScanner(builder, layout.delimiter, false, layout.point);
  try {
    if ((await scanPart(bytes, scanner, job.name)) === 'handover') return { kind: 'fallback', reason: 'a quote' };
  } catch (e) {
    if (e instanceof NulByte) return { kind: 'nul', line: e.line };
    if (e instanceof DataError) return { kind: 'error', message: e.message };
    throw e;
  }
  // (Growing replaces the columns in `builder.columns`: a column in place is still a shared one.)
  const inPlace = builder.columns.every((c, k) => c.buffer === layout.columns[k]);
  return {
    kind: 'rows',
    n: builder.n,
    lines: scanner.line - 1,
    skipped: builder.skipped,
    firstSkipped: builder.firstSkipped,
    overflow: inPlace ? null : builder.columns.map((c) => c.slice(0, builder.n)),
  };
}
