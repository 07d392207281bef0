/**
 * Folding a stream on a second core. A stream's main thread reads and parses the rows and hands
 * each block of them to the fold (fold.ts); folding is about a fifth of that work. Here the fold
 * runs on a worker instead, one block behind: the main thread copies each block's columns into a
 * ring of slots in shared memory and goes on parsing, and the worker folds the slots in order,
 * with the same Folder code on the same rows in the same order, so the fold is the same, bit for
 * bit. (The in-memory fit's passes are shared among threads by chunks; a stream's rows arrive one
 * block at a time, so the fold is a pipeline stage instead.)
 *
 * The worker reports a row the fold refuses (the model not finite for it, say) as the error the
 * Folder throws; the main thread throws it at its next block, or at the end. A fold error is
 * always earlier in the input than what the main thread has parsed since: `settleFirst` lets the
 * caller ask for it before reporting an error of its own. Without a free core or the worker
 * script, the blocks are folded on this thread, as before.
 *
 * Control words (Int32Array): FILLED slots published, CONSUMED slots folded, END (no slot
 * follows), FAILED (the worker stopped at an error, in its reply).
 *
 * Internal setting (tests and measurements): GRADFIT_INTERNAL_STREAM_FOLD=worker|here forces
 * either way.
 */
import type { Node } from '../expr/ast.js';
import { InputError } from '../errors.js';
import { freeCores } from '../free-cores.js';
import { ASKED, DONE, startWorker, workerScript, type GradfitWorker } from '../threads.js';
import { FOLD_BLOCK } from '../linalg/index.js';
import { folderOf, type FitFold, type FoldModel } from './fold.js';
import type { FitRows } from './jacobian-factor.js';

const FILLED = 0;
const CONSUMED = 1;
const END = 2;
const FAILED = 3;

/** Rows in a slot (a few fold blocks: the worker folds whole blocks). */
const SLOT_ROWS = 4 * FOLD_BLOCK;

/**
 * Slots in the ring for rows of `width` numbers: as many as fit in RING_BYTES (32 for a model of
 * two data columns; a deep ring absorbs the moments the worker's core is taken by others, a
 * pipe's writer say), but at least 4.
 */
function slotsFor(width: number): number {
  return Math.max(4, Math.min(32, Math.floor(RING_BYTES / (SLOT_ROWS * width * 8))));
}
const RING_BYTES = 8 * 1024 * 1024;

/** What the worker is asked to do: fold the slots of `ring` with a Folder of this model. */
export interface StreamFoldJob {
  kind: 'stream';
  model: FoldModel;
  /** The model's tree (for a model that is not a polynomial: its kernel is compiled from it). */
  ast: Node | null;
  weighted: boolean;
  /** Columns of a slot: the model's data columns, y, then w when weighted. */
  width: number;
  data: SharedArrayBuffer;
  counts: Int32Array;
  control: Int32Array;
}

/** The worker's reply: the fold, or the error that stopped it. */
export type StreamFoldReply = { kind: 'stream'; fold: FitFold } | { kind: 'stream'; error: string; input: boolean };

/** The fold of a stream's blocks: `add` each in order, then `finish`. */
export interface StreamFold {
  add(rows: FitRows): void;
  /** Throws the worker's error about rows added so far, if it has one (to be reported first). */
  settleFirst(): void;
  finish(): FitFold;
}

/**
 * A fold on this thread, or on a worker when a core is free for it. `piped`: the rows come from a
 * pipe, whose writer (`cat`, say) counts as a running process when the cores are counted
 * (free-cores.ts) but mostly waits for the pipe to drain: it is not counted.
 */
export function streamFold(model: FoldModel, ast: Node, weighted: boolean, piped = false): StreamFold {
  const here = (): StreamFold => {
    const folder = folderOf(model, ast, weighted);
    return { add: (rows) => folder.add(rows), settleFirst: () => undefined, finish: () => folder.finish() };
  };
  const script = workerScript();
  const setting = process.env.GRADFIT_INTERNAL_STREAM_FOLD;
  const free = setting === 'worker' ? 2 : setting === 'here' ? 1 : Math.min(process.getBuiltinModule('node:os').availableParallelism(), freeCores() + (piped ? 1 : 0));
  if (script === null || free < 2) return here();
  let worker: GradfitWorker;
  try {
    worker = startWorker(script, null);
  } catch {
    return here();
  }
  worker.worker.unref();
  return new FoldOnWorker(worker, model, model.order === null ? ast : null, weighted);
}

/** How long the main thread waits for the worker to fold a slot before it gives up on it. */
const PATIENCE_MS = 60_000;

class FoldOnWorker implements StreamFold {
  private readonly width: number;
  /** The model's data columns in a slot (before y, and w). */
  private readonly columns: number;
  private readonly slots: Float64Array[];
  private readonly counts: Int32Array;
  private readonly control: Int32Array;
  private filled = 0;
  /** Rows written into the slot being filled. */
  private rows = 0;
  private reply: StreamFoldReply | null = null;

  constructor(
    private readonly worker: GradfitWorker,
    model: FoldModel,
    ast: Node | null,
    private readonly weighted: boolean,
  ) {
    this.columns = model.order === null ? model.data.length : 1;
    this.width = this.columns + 1 + (weighted ? 1 : 0);
    const slots = slotsFor(this.width);
    const data = new SharedArrayBuffer(slots * SLOT_ROWS * this.width * 8);
    this.slots = Array.from({ length: slots }, (_, k) => new Float64Array(data, k * SLOT_ROWS * this.width * 8, SLOT_ROWS * this.width));
    this.counts = new Int32Array(new SharedArrayBuffer(slots * 4));
    this.control = new Int32Array(new SharedArrayBuffer(4 * 4));
    const job: StreamFoldJob = { kind: 'stream', model, ast, weighted, width: this.width, data, counts: this.counts, control: this.control };
    worker.port.postMessage(job);
    Atomics.add(worker.control, ASKED, 1);
    Atomics.notify(worker.control, ASKED);
  }

  add(rows: FitRows): void {
    let start = 0;
    while (start < rows.n) {
      if (this.rows === 0) this.waitForRoom();
      const slot = this.slots[this.filled % this.slots.length];
      const take = Math.min(SLOT_ROWS - this.rows, rows.n - start);
      const columns = this.columns;
      for (let j = 0; j < columns; j++) slot.set(rows.cols[j].subarray(start, start + take), j * SLOT_ROWS + this.rows);
      slot.set(rows.y.subarray(start, start + take), columns * SLOT_ROWS + this.rows);
      if (this.weighted) slot.set((rows.w as Float64Array).subarray(start, start + take), (columns + 1) * SLOT_ROWS + this.rows);
      this.rows += take;
      start += take;
      if (this.rows === SLOT_ROWS) this.publish();
    }
  }

  settleFirst(): void {
    if (this.rows > 0) this.publish();
    this.waitUntil(() => Atomics.load(this.control, CONSUMED) >= this.filled);
    this.throwIfFailed();
  }

  finish(): FitFold {
    if (this.rows > 0) this.publish();
    Atomics.store(this.control, END, 1);
    Atomics.notify(this.control, FILLED);
    const reply = this.answer();
    if ('error' in reply) throw failure(reply);
    return reply.fold;
  }

  private publish(): void {
    this.counts[this.filled % this.slots.length] = this.rows;
    this.rows = 0;
    Atomics.store(this.control, FILLED, ++this.filled);
    Atomics.notify(this.control, FILLED);
  }

  /** Wait until the slot to fill next is free (the worker has folded it), or the worker failed. */
  private waitForRoom(): void {
    this.waitUntil(() => this.filled - Atomics.load(this.control, CONSUMED) < this.slots.length);
    this.throwIfFailed();
  }

  private waitUntil(ready: () => boolean): void {
    let last = Atomics.load(this.control, CONSUMED);
    let since = performance.now();
    while (!ready() && Atomics.load(this.control, FAILED) === 0) {
      Atomics.wait(this.control, CONSUMED, last, 100);
      const now = Atomics.load(this.control, CONSUMED);
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since > PATIENCE_MS) {
        throw new Error('the thread folding the rows stopped answering');
      }
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    const reply = this.answer();
    if ('error' in reply) throw failure(reply);
  }

  /** The worker's reply (it comes once: the fold, or the error that stopped the folding). */
  private answer(): StreamFoldReply {
    if (this.reply !== null) return this.reply;
    const { control, port } = this.worker;
    for (;;) {
      const got = process.getBuiltinModule('node:worker_threads').receiveMessageOnPort(port);
      if (got !== undefined) {
        this.reply = got.message as StreamFoldReply;
        return this.reply;
      }
      const done = Atomics.load(control, DONE);
      if (Atomics.wait(control, DONE, done, PATIENCE_MS) === 'timed-out') throw new Error('the thread folding the rows stopped answering');
    }
  }
}

/** The error the worker's reply reports, as the Folder threw it (an input error stays one). */
function failure(reply: { error: string; input: boolean }): Error {
  return reply.input ? new InputError(reply.error) : new Error(reply.error);
}

/**
 * The worker's side (fit/fold-worker.ts): fold the slots in order until the end, and return the
 * reply to post. A Folder's error stops it (the main thread throws it).
 */
export function foldStream(job: StreamFoldJob): StreamFoldReply {
  const { control, counts, width, weighted, model } = job;
  const columns = width - 1 - (weighted ? 1 : 0);
  const slots = Array.from({ length: slotsFor(width) }, (_, k) => new Float64Array(job.data, k * SLOT_ROWS * width * 8, SLOT_ROWS * width));
  try {
    const folder = folderOf(model, job.ast, weighted);
    for (let consumed = 0; ; consumed++) {
      for (;;) {
        const filled = Atomics.load(control, FILLED);
        if (filled > consumed) break;
        if (Atomics.load(control, END) === 1 && Atomics.load(control, FILLED) === consumed) return { kind: 'stream', fold: folder.finish() };
        Atomics.wait(control, FILLED, filled, 100);
      }
      const slot = slots[consumed % slots.length];
      const n = counts[consumed % slots.length];
      const view = (k: number) => slot.subarray(k * SLOT_ROWS, k * SLOT_ROWS + n);
      folder.add({ cols: Array.from({ length: columns }, (_, j) => view(j)), y: view(columns), w: weighted ? view(columns + 1) : null, n });
      Atomics.store(control, CONSUMED, consumed + 1);
      Atomics.notify(control, CONSUMED);
    }
  } catch (e) {
    Atomics.store(control, FAILED, 1);
    Atomics.notify(control, CONSUMED);
    return { kind: 'stream', error: e instanceof Error ? e.message : String(e), input: e instanceof InputError };
  }
}
