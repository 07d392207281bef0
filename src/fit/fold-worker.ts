/**
 * A worker's passes over a fit's rows (src/worker.ts runs them once any first job is done): it
 * says it is up, then waits for passes (fold-threads.ts); for each one it folds the chunks it was
 * given with the kernel's generated code, each into a factor of its own, or sums their squared
 * residuals, and replies with the factors or sums. A pass that throws replies with the error, and
 * the main thread does those chunks itself. Between passes it may also take a file's SHA-256
 * (file-digest.ts), for the provenance of a file read on several threads (threads.ts).
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { residualsFromCode, sumSquaresFromCode, type ResidualsFn, type SumSquaresFn } from '../expr/kernel.js';
import type { ChunkFold, FoldJob, FoldReply, SharedColumn } from './fold-threads.js';
import { ASKED, DONE, UP, type DigestJob } from '../threads.js';
import { foldChunk, rowBlock } from './jacobian-factor.js';
import { digestSteps, type DigestSteps } from '../data/file-digest.js';
import { foldStream, type StreamFoldJob } from './fold-stream.js';

/** Compiled kernels by their code: a fit asks for many passes of one kernel. */
const folders = new Map<string, ResidualsFn>();
const summers = new Map<string, SumSquaresFn>();

function compiled<F>(cache: Map<string, F>, code: FoldJob['code'], make: (code: FoldJob['code']) => F): F {
  let fn = cache.get(code.source);
  if (fn === undefined) {
    fn = make(code);
    cache.set(code.source, fn);
  }
  return fn;
}

function column(c: SharedColumn): Float64Array {
  return new Float64Array(c.buffer, c.byteOffset, c.length);
}

function pass(job: FoldJob): FoldReply {
  try {
    const rows = { cols: job.cols.map(column), y: column(job.y), w: job.w === null ? null : column(job.w), n: job.n };
    const claimed: number[] = [];
    const next = () => {
      const k = Atomics.add(job.claim, 0, 1);
      if (k >= job.ranges.length) return null;
      claimed.push(k);
      return job.ranges[k];
    };
    if (job.kind === 'sum') {
      const sum = compiled(summers, job.code, sumSquaresFromCode);
      const sums: number[] = [];
      for (let range = next(); range !== null; range = next()) {
        const b = rowBlock(rows, range[0], range[1]);
        sums.push(sum(job.params, b.cols, b.y, b.w, b.n));
      }
      return { claimed, sums };
    }
    const fold = compiled(folders, job.code, residualsFromCode);
    const chunks: ChunkFold[] = [];
    for (let range = next(); range !== null; range = next()) chunks.push(foldChunk(fold, job.params, rows, range[0], range[1]));
    return { claimed, chunks };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Serve fold passes forever (the thread ends with the process). A file's digest, when asked for,
 * is taken a slice at a time between them (passes first), and its reply goes to `parent`.
 */
export function serveFolds(control: Int32Array, port: MessagePort, parent: MessagePort | null): never {
  Atomics.store(control, UP, 1);
  let seen = 0;
  let digest: DigestSteps | null = null;
  for (;;) {
    if (digest === null) Atomics.wait(control, ASKED, seen);
    seen = Atomics.load(control, ASKED);
    for (let got = receiveMessageOnPort(port); got !== undefined; got = receiveMessageOnPort(port)) {
      const job = got.message as FoldJob | DigestJob | StreamFoldJob;
      if (job.kind === 'digest') {
        digest = digestSteps(job.path);
        continue;
      }
      port.postMessage(job.kind === 'stream' ? foldStream(job) : pass(job));
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
    const reply = digest?.step() ?? null;
    if (reply !== null) {
      parent?.postMessage(reply);
      digest = null;
    }
  }
}
