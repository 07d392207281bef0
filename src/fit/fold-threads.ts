/**
 * Worker threads that fold chunks of a large fit's rows (jacobian-factor.ts), or sum their
 * squared residuals, while the main thread does the others: each pass of Levenberg–Marquardt,
 * and the exact solve of a linear model, then costs about 1/threads of its time on one thread.
 *
 * The fit is synchronous, so a pass is a fork and a join without the event loop: the main thread
 * posts each worker the pass (a MessagePort) and wakes it through a shared Int32Array
 * (Atomics.notify); then every thread, the main one included, claims the next chunk (a shared
 * counter) until none is left; the main thread waits (Atomics.wait) for each worker's count of
 * passes done to move, and takes the factors of the chunks it claimed (receiveMessageOnPort). A
 * worker runs the kernel's own generated code (Kernel.generatedCode), so a chunk's factor is the
 * same whichever thread folds it, and the factors are merged in the chunks' order. Workers read
 * the columns in place: columns in a SharedArrayBuffer (the reader makes large ones so) are
 * shared as they are, others are copied into one once.
 *
 * Workers come from threads.ts: those the reader parsed a large file on, kept when it is done
 * (they are up, and cost nothing to start), else started by `startFoldThreads` for a nonlinear fit
 * of many rows, one per other free core (~40 ms of a core each; they come up during the fit's first
 * pass). Until a worker is up, or if it fails or stops answering, the main thread folds its chunks
 * itself: the result is the same. Workers are unreferenced: they never keep the process alive.
 * Internal settings (for tests and measurements, not for users):
 *   GRADFIT_INTERNAL_FOLD_THREADS    threads in all, the main one included (default: free cores)
 *   GRADFIT_INTERNAL_FOLD_MIN_ROWS   the fewest rows started workers for (default FOLD_THREADS_MIN_ROWS)
 */
import type { Kernel } from '../expr/index.js';
import { freeCores } from '../free-cores.js';
import type { LeastSquaresFold } from '../optim/index.js';
import { CHUNK_ROWS } from '../linalg/index.js';
import type { FitRows } from './jacobian-factor.js';
import { ASKED, DONE, UP, startWorker, takeWorkers, workerScript, type GradfitWorker } from '../threads.js';

/** A chunk's fold: the factor of its [J | r] (q×q, column-major), Σr², and where it met a value that is not finite. */
export interface ChunkFold {
  Raug: Float64Array;
  rss: number;
  nonFinite: LeastSquaresFold['nonFinite'];
  /** A residual was not finite (or its square overflowed): the chunk's fold ended there. */
  stopped: boolean;
}

/** A column as a worker receives it: a view of shared memory. */
export interface SharedColumn {
  buffer: SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

/** A pass over chunks of rows: fold each (the factor of [J | r]), or sum its squared residuals. */
export type PassKind = 'fold' | 'sum';

/** What a worker is asked to do. */
export interface FoldJob {
  kind: PassKind;
  code: { source: string; slots: number };
  params: Float64Array;
  cols: SharedColumn[];
  y: SharedColumn;
  w: SharedColumn | null;
  n: number;
  /** Every chunk of the pass; a thread takes the next by Atomics.add on `claim`. */
  ranges: [number, number][];
  claim: Int32Array;
}

/** The chunks a worker claimed (indices into the ranges), and what it made of each. */
export type FoldReply = { claimed: number[]; chunks: ChunkFold[] } | { claimed: number[]; sums: number[] } | { error: string };


/** Most threads used. */
const MAX_THREADS = 8;

interface Helper extends GradfitWorker {
  failed: boolean;
}

let helpers: Helper[] = [];

function adopt(w: GradfitWorker): void {
  const helper: Helper = { ...w, failed: false };
  w.worker.unref();
  w.worker.once('error', () => (helper.failed = true));
  w.worker.once('exit', () => (helper.failed = true));
  helpers.push(helper);
}

/**
 * Fits of this many rows or more get fold threads started for them: two chunks, one for a worker.
 * (A worker costs ~40 ms of a core to start, and saves about 20 ns a row in every pass.)
 */
export const FOLD_THREADS_MIN_ROWS = 2 * CHUNK_ROWS;

/**
 * Start fold workers for a fit of `rows` rows that makes many passes over them (a nonlinear
 * model: an exact solve makes one or two, which do not repay a worker's start), unless there are
 * some already: one per free core other than this thread's, when the worker script is there.
 * Returns at once; the workers come up on their own while this thread makes the first pass.
 */
export function startFoldThreads(rows: number): void {
  const given = process.env.GRADFIT_INTERNAL_FOLD_MIN_ROWS;
  if (rows < (given ? Number(given) : FOLD_THREADS_MIN_ROWS)) return;
  takeWorkers().forEach(adopt);
  if (helpers.length > 0) return;
  const script = workerScript();
  const count = threads() - 1;
  if (script === null || count < 1) return;
  for (let k = 0; k < count; k++) {
    try {
      adopt(startWorker(script, null));
    } catch {
      return;
    }
  }
}

/** Stop the fold workers (tests; the process does not wait for them otherwise). */
export async function stopFoldThreads(): Promise<void> {
  takeWorkers().forEach(adopt);
  const all = helpers;
  helpers = [];
  await Promise.all(all.map((h) => h.worker.terminate()));
}

/** Threads in all: the setting, else the cores other processes leave free (at most MAX_THREADS). */
function threads(): number {
  const given = Number(process.env.GRADFIT_INTERNAL_FOLD_THREADS ?? '');
  if (process.env.GRADFIT_INTERNAL_FOLD_THREADS && Number.isFinite(given)) return Math.max(1, Math.min(MAX_THREADS, Math.floor(given)));
  return Math.max(1, Math.min(MAX_THREADS, freeCores()));
}

/** How many workers are up and have not failed. */
export function foldThreadsUp(): number {
  return helpers.filter((h) => !h.failed && Atomics.load(h.control, UP) === 1).length;
}

/**
 * A pass over chunks of rows (`ranges`): some on the workers that are up, the rest (and any a
 * worker fails) here, by `own`. The results in the order of the chunks.
 */
export function shareChunks(kind: 'fold', kernel: Kernel, params: Float64Array, rows: FitRows, ranges: [number, number][], own: (range: [number, number]) => ChunkFold): ChunkFold[];
export function shareChunks(kind: 'sum', kernel: Kernel, params: Float64Array, rows: FitRows, ranges: [number, number][], own: (range: [number, number]) => number): number[];
export function shareChunks<T>(kind: PassKind, kernel: Kernel, params: Float64Array, rows: FitRows, ranges: [number, number][], own: (range: [number, number]) => T): T[] {
  // (Workers the reader is done with are taken at the first pass that has chunks to share.)
  if (ranges.length > 1) takeWorkers().forEach(adopt);
  const ready = helpers.filter((h) => !h.failed && Atomics.load(h.control, UP) === 1).slice(0, Math.max(0, Math.min(ranges.length, threads()) - 1));
  return ready.length === 0 ? ranges.map(own) : passShared(kind, ready, kernel, params, rows, ranges, own);
}

function passShared<T>(kind: PassKind, ready: Helper[], kernel: Kernel, params: Float64Array, rows: FitRows, ranges: [number, number][], own: (range: [number, number]) => T): T[] {
  // Every thread claims the next chunk until none is left (a shared counter), so a worker that
  // is slow to wake or slower per row takes fewer; which thread folds a chunk changes no bit.
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const job: FoldJob = {
    kind,
    code: kernel.generatedCode(kind === 'fold' ? 'residuals' : 'sumSquares', rows.w !== null),
    params: Float64Array.from(params),
    cols: rows.cols.map(shared),
    y: shared(rows.y),
    w: rows.w === null ? null : shared(rows.w),
    n: rows.n,
    ranges,
    claim,
  };
  const asked = ready.map((h) => {
    const done = Atomics.load(h.control, DONE);
    h.port.postMessage(job);
    Atomics.add(h.control, ASKED, 1);
    Atomics.notify(h.control, ASKED);
    return done;
  });
  const began = performance.now();
  const out: (T | undefined)[] = new Array<T | undefined>(ranges.length);
  for (let k = Atomics.add(claim, 0, 1); k < ranges.length; k = Atomics.add(claim, 0, 1)) out[k] = own(ranges[k]);
  // A worker that is far slower than this thread was (a busy machine) or has failed is given up:
  // the chunks it claimed are done here.
  const patience = 2000 + 10 * (performance.now() - began);
  ready.forEach((h, k) => {
    const reply = answer(h, asked[k], patience);
    const got = reply === null || 'error' in reply ? null : 'chunks' in reply ? reply.chunks : reply.sums;
    if (reply === null || got === null || !('claimed' in reply) || got.length !== reply.claimed.length) {
      giveUp(h);
      return;
    }
    reply.claimed.forEach((c, j) => (out[c] = got[j] as T));
  });
  return out.map((r, k) => (r === undefined ? own(ranges[k]) : r));
}

/** The worker's reply to the pass asked after it had done `done`, or null when it fails or is too slow. */
function answer(h: Helper, done: number, patience: number): FoldReply | null {
  const until = performance.now() + patience;
  while (Atomics.load(h.control, DONE) === done) {
    const left = until - performance.now();
    if (left <= 0 || Atomics.wait(h.control, DONE, done, Math.min(left, 250)) === 'timed-out') {
      if (performance.now() >= until) return null;
    }
  }
  const got = process.getBuiltinModule('node:worker_threads').receiveMessageOnPort(h.port);
  return got === undefined ? null : (got.message as FoldReply);
}

function giveUp(h: Helper): void {
  h.failed = true;
  helpers = helpers.filter((x) => x !== h);
  void h.worker.terminate();
}

/** Columns the workers have been given, by the array they stand for. */
const copies = new WeakMap<Float64Array, SharedColumn>();

/** A column in shared memory: itself when it is in a SharedArrayBuffer, else a copy (made once). */
function shared(a: Float64Array): SharedColumn {
  if (a.buffer instanceof SharedArrayBuffer) return { buffer: a.buffer, byteOffset: a.byteOffset, length: a.length };
  let copy = copies.get(a);
  if (copy === undefined) {
    const buffer = new SharedArrayBuffer(a.length * 8);
    new Float64Array(buffer).set(a);
    copy = { buffer, byteOffset: 0, length: a.length };
    copies.set(a, copy);
  }
  return copy;
}
