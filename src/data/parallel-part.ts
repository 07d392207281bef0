/**
 * One part of a file, parsed on its own (parallel parsing, see parallel-read.ts): the bytes
 * `[start, end)` of the file, beginning at a line start, read with the same fast scanner and the
 * same TableBuilder as the whole file is, with the layout (delimiter, header, selected columns)
 * that the first part settled. Line numbers count from 1 at the part's first line; the main
 * thread adds the lines of the parts before it. Used by the worker (parse-worker.ts) and by the
 * main thread's fallback, which reads on from a part boundary.
 */
import { readSync } from 'node:fs';
import type { OpenFile } from './file.js';
import { describeFailure, type ByteSource } from './byte-source.js';
import { DataError } from './errors.js';
import type { DataPosition, ErrorHint } from '../errors.js';
import { FastScanner } from './fast-scanner.js';
import { CHUNK_BYTES, MAX_LINE_BYTES } from './limits.js';
import { countBreaks } from './line-breaks.js';
import { TableBuilder } from './table-builder.js';

/** What a worker is started with (workerData). */
export interface PartJob {
  path: string;
  /** The name in messages (the path as the user gave it). */
  name: string;
}

/**
 * What the main thread sends once the first part has settled the layout. Parts 1.. are claimed
 * one at a time through `next` (Atomics), by the workers and by the main thread alike, so a worker
 * that is slow to start leaves its share to the others.
 */
export interface PartLayout {
  delimiter: string;
  /** The decimal point's byte (46 or 44). */
  point: number;
  skipInvalid: boolean;
  names: string[] | null;
  width: number;
  selected: number[];
  /** Part k is the bytes `[bounds[k], bounds[k + 1])`. */
  bounds: number[];
  /** One shared buffer of float64 per selected column; part k writes rows `[offsets[k], offsets[k] + capacities[k])`. */
  columns: SharedArrayBuffer[];
  offsets: number[];
  capacities: number[];
  /** Int32 [0]: the next part to claim. */
  next: SharedArrayBuffer;
}

/** Claim the next part to parse, or null when every part is taken. */
export function claimPart(layout: PartLayout): number | null {
  const k = Atomics.add(new Int32Array(layout.next), 0, 1);
  return k < layout.bounds.length - 1 ? k : null;
}

/** How a part ended. Messages carry the part's own line numbers (see `rebaseMessage`). */
export type PartResult = { part: number } & (
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
  | { kind: 'error'; message: string; hint: ErrorHint | null; position: DataPosition | null }
  /** A NUL byte at this line of the part: not a text file. */
  | { kind: 'nul'; line: number }
  /** Something the fast path leaves to csv-parse (a quote), or a failure: read the file on one thread. */
  | { kind: 'fallback'; reason: string }
);

/** Bytes `[position, end)` of an open file, read at explicit positions (several readers share one handle). */
export class RangeByteSource implements ByteSource {
  readonly size = null;

  constructor(
    readonly name: string,
    private readonly handle: OpenFile,
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

/** A thread's buffer for reading parts, kept from part to part (fresh memory is slow to touch). */
export class PartBuffer {
  buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
}

/**
 * Scan the bytes `[start, end)` of the open file `fd` (from a line start to a part boundary or the
 * end of the file) into `scanner`, whose builder's layout is settled, reading them synchronously
 * into `holder` a chunk at a time (a part is parsed without a pause, and there is nothing else for
 * the thread to do meanwhile). Returns 'done', or 'handover' at a line the fast path leaves to
 * csv-parse. Throws DataError for a bad row (unless skipInvalid) or a line too long, NulByte for a
 * NUL byte.
 */
export function scanPart(fd: number, start: number, end: number, scanner: FastScanner, name: string, holder: PartBuffer): 'done' | 'handover' {
  let buf = holder.buf;
  let position = start;
  let from = 0;
  let to = 0;
  for (;;) {
    // Keep the unfinished line, at the front, and read after it.
    if (from > 0) {
      buf.copyWithin(0, from, to);
      to -= from;
      from = 0;
    }
    if (to >= MAX_LINE_BYTES) throw new DataError(`${name}:${scanner.line}: a line longer than ${MAX_LINE_BYTES >> 20} MiB; is this really a text table?`);
    if (to === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, to);
      buf = holder.buf = bigger;
    }
    const want = Math.min(buf.length - to, end - position);
    let got = 0;
    try {
      got = want > 0 ? readSync(fd, buf, to, want, position) : 0;
    } catch (e) {
      throw describeFailure(name, e);
    }
    position += got;
    const found = buf.subarray(to, to + got).indexOf(0);
    if (found >= 0) throw new NulByte(scanner.line + countBreaks(buf, from, to + found));
    to += got;
    const eof = got === 0 || position >= end;
    const { status, pos } = scanner.scan(buf, from, to, eof);
    from = pos;
    if (status !== 'more') return status;
    if (eof) return 'done';
  }
}

/** A NUL byte at `line` (of the part). */
export class NulByte extends Error {
  constructor(readonly line: number) {
    super(`NUL byte at line ${line}`);
  }
}

/** Parse part `part` of `layout` from the open file `fd` into the shared columns, overflowing into its own. */
export function parsePart(name: string, fd: number, layout: PartLayout, part: number, holder: PartBuffer): PartResult {
  const builder = new TableBuilder(name, {
    select: () => layout.selected,
    skipInvalid: layout.skipInvalid,
    decimal: layout.point === 44 ? ',' : '.',
  });
  builder.adoptLayout(layout.names, layout.width);
  const capacity = layout.capacities[part];
  builder.columns = layout.columns.map((b) => new Float64Array(b, layout.offsets[part] * 8, capacity));
  builder.capacity = capacity;
  const scanner = new FastScanner(builder, layout.delimiter, false, layout.point);
  try {
    if (scanPart(fd, layout.bounds[part], layout.bounds[part + 1], scanner, name, holder) === 'handover') return { part, kind: 'fallback', reason: 'a quote' };
  } catch (e) {
    if (e instanceof NulByte) return { part, kind: 'nul', line: e.line };
    if (e instanceof DataError) return { part, kind: 'error', message: e.template, hint: e.hint, position: e.position };
    throw e;
  }
  // (Growing replaces the columns in `builder.columns`: a column in place is still a shared one.)
  const inPlace = builder.columns.every((c, k) => c.buffer === layout.columns[k]);
  return {
    part,
    kind: 'rows',
    n: builder.n,
    lines: scanner.line - 1,
    skipped: builder.skipped,
    firstSkipped: builder.firstSkipped,
    overflow: inPlace ? null : builder.columns.map((c) => c.slice(0, builder.n)),
  };
}

/**
 * Made-up rows in the shapes numbers take in data files: 17 significant digits (what programs
 * write to round-trip a double), short decimals, integers, signs, exponents, and a column that is
 * not selected. Parsed over and over by a worker waiting for its layout (`warmUpParsing`).
 */
let practice: Buffer | null = null;

function practiceRows(): Buffer {
  if (practice === null) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const long = (Math.sin(i * 0.7) * 10 ** (i % 5)).toPrecision(17);
      const short = ((i % 200) * 0.25 - 20).toString();
      const other = i % 7 === 0 ? `${i}e-${i % 12}` : String(i);
      lines.push(`${long},${other},${short}`);
    }
    practice = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  }
  return practice;
}

/**
 * Run the parser on made-up rows until `done()` says to stop (checked between rounds) or
 * `budgetMs` have passed. A worker starts before the main thread has settled the file's layout,
 * and would wait for it idle; run meanwhile, the scanner and the number conversion are compiled
 * by V8 (and its first numbers, which go to Number(), are spent) before the first real part, which
 * then runs at full speed. Nothing it makes is kept.
 */
export function warmUpParsing(done: () => boolean, budgetMs: number): void {
  const rows = practiceRows();
  const until = performance.now() + budgetMs;
  while (!done() && performance.now() < until) {
    const builder = new TableBuilder('practice', { select: () => [0, 2] });
    builder.adoptLayout(['a', 'b', 'c'], 3);
    const scanner = new FastScanner(builder, ',', false, 46);
    scanner.scan(rows, 0, rows.length, true);
  }
}
