/**
 * Parsing a large file on several threads. The file is split at line starts (just after a line
 * feed) into parts of about 1 MB (at least one per thread). The workers (dist/worker.cjs, one per
 * other free core) start at once, while the main thread reads the first part itself, exactly as
 * `readTable` reads a file. Once it has settled the layout (delimiter, header, selected columns),
 * it sends them the layout, and every thread, the main one included, claims the next part
 * (an Atomics counter) and parses it with the same fast scanner straight into shared Float64Array
 * columns (a SharedArrayBuffer each, one region per part, sized from the bytes per row seen so
 * far), until no part is left: a worker that starts late, or a busy core, leaves its share to the
 * others. The parts are then moved together in place.
 *
 * When the file is read, the workers are kept (threads.ts) for the fit's passes over its rows,
 * and the provenance hash, when asked for (`onDigest`), is left to the first of them: it hashes
 * the file from its first byte between those passes (file-digest.ts), while the main thread
 * parsed parts instead.
 *
 * Every part counts its lines, so a message from part k (`file:line:column`) has its line moved by
 * the lines of the parts before it, and the first problem in file order is the one reported, as on
 * one thread. Whatever the fast path does not handle on its own goes back to one thread, from the
 * end of the first part, with the rows read so far kept: a quote anywhere (csv-parse then reads
 * from that line), text columns (--where with strings, --group), a header not settled within the
 * first part, a worker that fails. Columns are bit-identical to the one-thread reader's: each
 * number is parsed by the same code from the same bytes.
 *
 * Threads are used only for files of at least PARALLEL_MIN_BYTES, and as many as there are cores
 * free (free-cores.ts): none on a one-core or busy machine.
 * Internal settings (for tests and measurements, not for users):
 *   GRADFIT_INTERNAL_PARSE_THREADS    threads (default: available cores, at most 8)
 *   GRADFIT_INTERNAL_PARSE_MIN_BYTES  smallest file split (default PARALLEL_MIN_BYTES)
 */
import { readSync } from 'node:fs';
import { openFile, type OpenFile } from './file.js';
import { freeCores } from '../free-cores.js';
import { join } from 'node:path';
import { digestOnWorker, keepWorkers, startWorker, workerScript, type GradfitWorker } from '../threads.js';
import type { ByteSource } from './byte-source.js';
import { DataError } from './errors.js';
import { FastScanner } from './fast-scanner.js';
import { decimalPoint, startText, textGuards } from './text-guards.js';
import { MAX_LINE_BYTES } from './limits.js';
import { claimPart, parsePart, PartBuffer, RangeByteSource, rebaseMessage, type PartJob, type PartLayout, type PartResult } from './parallel-part.js';
import { ReadAhead } from './read-ahead.js';
import { columnOf, TableBuilder } from './table-builder.js';
import type { ReadOptions, Source, Table } from './types.js';

/**
 * Files smaller than this are read on one thread: a worker takes ~25 ms to start, and the main
 * thread parses about 150 MB/s (measured on the 2-core bench machine: see the README).
 */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** Most threads used. */
const MAX_THREADS = 8;

/** Parts a file is split into are about this size (at least one per thread)... */
const PART_BYTES = 1024 * 1024;

/** ...and at most this many. */
const MAX_PARTS = 1024;

/** How far past a tentative boundary a line feed is looked for (else that boundary is dropped). */
const BOUNDARY_WINDOW = 64 * 1024;

function setting(name: string): number | null {
  const text = process.env[name];
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** On how many threads to read a file of `size` bytes (1: as always, on the main thread). */
export function threadsFor(size: number): number {
  const minBytes = setting('GRADFIT_INTERNAL_PARSE_MIN_BYTES') ?? PARALLEL_MIN_BYTES;
  if (size < Math.max(1, minBytes)) return 1;
  const given = setting('GRADFIT_INTERNAL_PARSE_THREADS');
  if (given !== null) return Math.max(1, Math.min(MAX_THREADS, Math.floor(given)));
  // Cores that are free: a thread on a core that other processes keep busy costs more than it
  // gives (measured on the 2-core bench machine under load: 10-30% slower than one thread).
  return Math.max(1, Math.min(MAX_THREADS, freeCores()));
}

/**
 * Part boundaries: 0, then for each tentative split (`parts` equal shares) the offset just past
 * the first line feed at or after it, then `size`. A split with no line feed within
 * BOUNDARY_WINDOW is dropped. (Read synchronously: a few small reads of a regular file, where a
 * round trip through the thread pool for each would cost a millisecond of the start.)
 */
function findBoundaries(fd: number, size: number, parts: number): number[] {
  const bounds = [0];
  const window = Buffer.allocUnsafe(BOUNDARY_WINDOW);
  for (let k = 1; k < parts; k++) {
    const from = Math.max(bounds[bounds.length - 1], Math.floor((size * k) / parts));
    if (from >= size) break;
    // A short look first (lines are short), the whole window when that finds no line feed.
    let lf = -1;
    for (const look of [4096, BOUNDARY_WINDOW]) {
      const bytesRead = readSync(fd, window, 0, Math.min(look, size - from), from);
      lf = window.subarray(0, bytesRead).indexOf(10);
      if (lf >= 0 || bytesRead < look) break;
    }
    if (lf < 0) continue;
    const at = from + lf + 1;
    if (at < size && at > bounds[bounds.length - 1]) bounds.push(at);
  }
  bounds.push(size);
  return bounds;
}

/**
 * Lines in the first part, when they fit in BOUNDARY_WINDOW bytes. This thread reads that part
 * alone, with code V8 has not compiled yet (several microseconds a number), while the workers
 * wait for the layout it settles: a thousand lines settle it (the header and the first data row
 * do), and the rest of the file is shared from there.
 */
const FIRST_PART_LINES = 1000;

/** End the first part after its FIRST_PART_LINES-th line, when that comes before its end (in place). */
function shortenFirstPart(fd: number, bounds: number[]): void {
  const window = Buffer.allocUnsafe(Math.min(BOUNDARY_WINDOW, bounds[1]));
  const got = readSync(fd, window, 0, window.length, 0);
  let lines = 0;
  for (let lf = window.indexOf(10); lf >= 0 && lf < got; lf = window.indexOf(10, lf + 1)) {
    if (++lines === FIRST_PART_LINES) {
      if (lf + 1 < bounds[1]) bounds.splice(1, 0, lf + 1);
      return;
    }
  }
}

/** The workers, and the results of the parts they parsed, as they arrive. */
class Workers {
  readonly workers: GradfitWorker[] = [];
  readonly results = new Map<number, PartResult>();
  /** Set when a worker failed (it may have claimed a part that will never be done). */
  failure: string | null = null;
  private wake: (() => void) | null = null;

  /** The file they read. */
  path = '';

  start(script: string, job: PartJob, count: number): void {
    this.path = job.path;
    for (let k = 0; k < count; k++) {
      const started = startWorker(script, job);
      const worker = started.worker;
      worker.on('message', (r: PartResult) => {
        this.results.set(r.part, r);
        this.wake?.();
      });
      worker.once('error', (e) => {
        this.failure ??= e.message;
        this.wake?.();
      });
      this.workers.push(started);
    }
  }

  send(layout: PartLayout): void {
    for (const w of this.workers) w.worker.postMessage(layout);
  }

  /** Wait until parts 1..count-1 all have results here or in `mine` (true), or a worker failed (false). */
  async all(count: number, mine: ReadonlyMap<number, PartResult>): Promise<boolean> {
    for (;;) {
      if (this.failure !== null) return false;
      let missing = false;
      for (let k = 1; k < count && !missing; k++) missing = !this.results.has(k) && !mine.has(k);
      if (!missing) return true;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  stop(): void {
    for (const w of this.workers.splice(0)) void w.worker.terminate();
  }

  /** Done, and well: the workers are kept for other work (threads.ts). Returns those kept. */
  keep(): GradfitWorker[] {
    if (this.failure !== null) return [];
    const kept = this.workers.splice(0);
    keepWorkers(kept);
    return kept;
  }
}

/**
 * Read the file `path` (already open as `input`, of known size) on `threads` threads. Returns null,
 * having read nothing from `input`, when it cannot be split. Reading through `input` happens in
 * order and once, so an observer of `input` (the provenance hash, `onRead`) sees every byte as on
 * one thread, unless it takes the digest from a worker (`onDigest`).
 */
export async function readParallel(
  input: ByteSource,
  path: string,
  opts: ReadOptions,
  delimiter: string | undefined,
  threads: number,
  observer: Pick<Source, 'onRead' | 'onDigest'>,
): Promise<Table | null> {
  const size = input.size;
  const script = workerScript();
  if (size === null || script === null || threads < 2 || opts.reader === 'csv-parse') return null;
  const point = decimalPoint(opts.decimal, delimiter);

  let handle: OpenFile;
  try {
    handle = await openFile(path);
  } catch {
    return null;
  }
  const workers = new Workers();
  try {
    // The workers start at once: each takes 40 ms or more to start, while this thread reads the
    // first part (with code not yet optimised) and settles the layout they wait for. Until they are
    // up, this thread takes parts alone. (A file that goes back to one thread stops them.)
    workers.start(script, { path, name: input.name }, threads - 1);
    // Parts of about PART_BYTES (at least one per thread), claimed one at a time, so that the
    // threads finish together even when a worker starts late or the machine is busy.
    const parts = Math.min(MAX_PARTS, Math.max(threads, Math.ceil(size / PART_BYTES)));
    const bounds = findBoundaries(handle.fd, size, parts);
    if (bounds.length < 3) return null;
    shortenFirstPart(handle.fd, bounds);
    return await readWithParts(input, handle, opts, delimiter, point, bounds, workers, observer);
  } finally {
    workers.stop();
    await handle.close().catch(() => undefined);
  }
}

async function readWithParts(
  input: ByteSource,
  handle: OpenFile,
  opts: ReadOptions,
  delimiter: string | undefined,
  point: number,
  bounds: number[],
  workers: Workers,
  { onRead, onDigest }: Pick<Source, 'onRead' | 'onDigest'>,
): Promise<Table> {
  const name = input.name;
  const size = input.size ?? 0;
  const builder = new TableBuilder(name, opts);
  const scanner = new FastScanner(builder, delimiter, false, point);
  /** What `bytes` reads: `input`, then (on one thread after the first part) the rest of the file. */
  let source: ByteSource = input;
  let bytes = new ReadAhead(source);
  builder.estimateRows = () => {
    const done = bytes.base + scanner.lineStart;
    return done > 0 ? Math.ceil((builder.n * size) / done) : 0;
  };
  const { checkText, tooLong } = textGuards(name, () => bytes, () => scanner.line);
  await startText(bytes, name, checkText);

  /** Where the first part ends; null once the file is read on one thread. */
  let limit: number | null = bounds[1];
  /** The layout sent to the workers (with the shared columns), once the header is known. */
  let shared: PartLayout | null = null;
  let parts = 1;

  const oneThread = (): void => {
    limit = null;
    workers.stop();
  };

  for (;;) {
    bytes.readAhead();
    const inside = limit !== null && limit - bytes.base <= bytes.end;
    const end = limit !== null && inside ? limit - bytes.base : bytes.end;
    const { status, pos } = scanner.scan(bytes.buf, bytes.start, end, inside ? false : bytes.eof);
    bytes.start = pos;
    if (limit !== null && shared === null && builder.headerKnown) {
      if (builder.generalOnly || scanner.delimiter === null) oneThread();
      else {
        shared = layoutFor(builder, scanner.delimiter, point, bytes.base + bytes.start, bounds, opts);
        workers.send(shared);
      }
    }
    if (status === 'done') break;
    if (status === 'handover') {
      oneThread();
      const { readWithCsvParse } = await import('./csv-parse-reader.js');
      const at = { firstLine: scanner.line, firstOffset: bytes.base + bytes.start };
      const reader = builder.started ? 'fast+csv-parse' : 'csv-parse';
      const handoverLine = builder.started ? scanner.line : null;
      await readWithCsvParse(builder, source, await bytes.rest(), at, scanner.delimiter ?? ',');
      return builder.finish({ delimiter: scanner.delimiter ?? ',', reader, handoverLine });
    }
    if (limit !== null && bytes.base + bytes.start === limit) {
      // The first part is read. The provenance hash of the rest is left to a worker, to be taken
      // while the fit runs (`onDigest`); else this thread reads the rest for it, in order, while the
      // workers take parts. Then this thread takes parts too, then waits for the workers'.
      const deferDigest = onRead !== undefined && onDigest !== undefined && shared !== null;
      if (onRead && !deferDigest) await drain(bytes, handle.fd, size, onRead);
      const mine = new Map<number, PartResult>();
      if (shared !== null) {
        const holder = new PartBuffer();
        for (let part = claimPart(shared); part !== null; part = claimPart(shared)) mine.set(part, parsePart(name, handle.fd, shared, part, holder));
      }
      const done = shared !== null && (await workers.all(bounds.length - 1, mine));
      const results = bounds.slice(2).map((_, i) => mine.get(i + 1) ?? workers.results.get(i + 1));
      const merged = !done || shared === null ? null : merge(builder, scanner.line, results, shared, bounds);
      if (merged !== null) {
        parts = merged;
        const kept = workers.keep();
        if (deferDigest && kept.length > 0) onDigest(digestOnWorker(kept[0], workers.path));
        else if (onRead && deferDigest) await drain(bytes, handle.fd, size, onRead);
        break;
      }
      // On one thread from the end of the first part, with its rows kept (and the rest hashed here).
      if (onRead && deferDigest) await drain(bytes, handle.fd, size, onRead);
      const from = limit;
      oneThread();
      source = new RangeByteSource(name, handle, from, Infinity);
      bytes = new ReadAhead(source);
      bytes.base += from;
      continue;
    }
    const from = await bytes.refill(MAX_LINE_BYTES, tooLong);
    checkText(from, bytes.end);
  }
  const table = builder.finish({ delimiter: scanner.delimiter ?? ',', reader: 'fast', handoverLine: null });
  if (parts > 1) table.parts = parts;
  return table;
}

/**
 * Give `onRead` the rest of the file, after what `input` has read (and handed to it) through
 * `bytes`: read synchronously, one buffer reused (the main thread has nothing else to do).
 */
async function drain(bytes: ReadAhead, fd: number, size: number, onRead: (chunk: Uint8Array) => void): Promise<void> {
  // The chunk read ahead, if any, was read through `input`, which handed it on.
  let position = bytes.base + bytes.start + (await bytes.rest()).length;
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  while (position < size) {
    const got = readSync(fd, chunk, 0, Math.min(chunk.length, size - position), position);
    if (got === 0) break;
    onRead(chunk.subarray(0, got));
    position += got;
  }
}

/**
 * The layout is known: make the shared columns (each part's region sized from the bytes per row
 * so far, 5% to spare) and move the first part's rows into them.
 */
function layoutFor(builder: TableBuilder, delimiter: string, point: number, consumed: number, bounds: number[], opts: ReadOptions): PartLayout {
  const n = builder.n;
  // At least 2 bytes a field up to the last selected one, when too few rows were seen to tell.
  const perRow = n >= 64 ? consumed / n : 2 * (builder.maxField + 1);
  const capacities = bounds.slice(1).map((end, k) => Math.ceil(((end - bounds[k]) / perRow) * 1.05) + 1024);
  capacities[0] = Math.max(capacities[0], n + 1024);
  const offsets: number[] = [];
  let total = 0;
  for (const c of capacities) {
    offsets.push(total);
    total += c;
  }
  const columns = builder.columns.map(() => new SharedArrayBuffer(total * 8));
  builder.columns = builder.columns.map((c, k) => {
    const view = new Float64Array(columns[k], 0, capacities[0]);
    view.set(c.subarray(0, n));
    return view;
  });
  builder.capacity = capacities[0];
  const next = new SharedArrayBuffer(4);
  new Int32Array(next)[0] = 1;
  return {
    delimiter,
    point,
    skipInvalid: opts.skipInvalid === true,
    names: builder.header === null ? null : [...builder.header],
    width: builder.width,
    selected: builder.selected === null ? [] : [...builder.selected],
    bounds,
    columns,
    offsets,
    capacities,
    next,
  };
}

/**
 * Join the workers' parts to the first one (in `builder`, whose scanner is at line `line`), in
 * file order: the first problem of the file is thrown, as one thread would meet it. Returns the
 * number of parts, or null when the file must be read on one thread after all.
 */
function merge(builder: TableBuilder, line: number, results: (PartResult | undefined)[], shared: PartLayout, bounds: number[]): number | null {
  const name = builder.source;
  let base = line;
  const counts: number[] = [builder.n];
  const done: (PartResult & { kind: 'rows' })[] = [];
  for (const r of results) {
    if (r === undefined || r.kind === 'fallback') return null;
    if (r.kind === 'nul') throw new DataError(`${name} does not look like a text file (NUL byte at line ${r.line + base - 1})`);
    if (r.kind === 'error') {
      // (Lines are counted from the part's start: rebased to the file's, like the message.)
      const position = r.position && r.position.line !== null ? { ...r.position, source: name, line: r.position.line + base - 1 } : r.position;
      throw new DataError(rebaseMessage(r.message, name, base), { hint: r.hint, position });
    }
    builder.skipped += r.skipped;
    if (r.firstSkipped !== null) builder.firstSkipped ??= rebaseMessage(r.firstSkipped, name, base);
    counts.push(r.n);
    done.push(r);
    base += r.lines;
  }
  const total = counts.reduce((a, c) => a + c, 0);
  const firstInPlace = builder.columns.every((c, k) => c.buffer === shared.columns[k]);
  const inPlace = firstInPlace && done.every((r) => r.overflow === null);
  const regionOf = (k: number, c: number): Float64Array => {
    const r = done[k - 1];
    if (r.overflow !== null) return r.overflow[c];
    return new Float64Array(shared.columns[c], shared.offsets[k] * 8, counts[k]);
  };
  if (inPlace) {
    // Move the parts together where they are: each ends up just after the one before.
    const full = shared.columns.map((sab) => new Float64Array(sab));
    full.forEach((column) => {
      let at = counts[0];
      for (let k = 1; k < counts.length; k++) {
        column.copyWithin(at, shared.offsets[k], shared.offsets[k] + counts[k]);
        at += counts[k];
      }
    });
    builder.columns = full;
    builder.capacity = full.length > 0 ? full[0].length : 0;
  } else {
    // A part outgrew its region: columns of exactly the rows, filled part by part.
    builder.columns = builder.columns.map((first, c) => {
      const column = columnOf(total, first.subarray(0, counts[0]));
      let at = counts[0];
      for (let k = 1; k < counts.length; k++) {
        column.set(regionOf(k, c), at);
        at += counts[k];
      }
      return column;
    });
    builder.capacity = total;
  }
  builder.n = total;
  return bounds.length - 1;
}
