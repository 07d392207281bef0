/**
 * A worker's fold passes (src/worker.ts runs them once any first job is done): it says it is up,
 * then waits for passes (fold-threads.ts); for each one it folds the chunks it was given with the
 * kernel's generated code, each into a factor of its own, and replies with the factors. A pass
 * that throws replies with the error, and the main thread folds those chunks itself.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { residualsFromCode, type ResidualsFn } from '../expr/kernel.js';
import { ASKED, DONE, UP, type FoldJob, type FoldReply, type SharedColumn } from './fold-threads.js';
import { foldChunk } from './jacobian-factor.js';

/** Compiled kernels by their code: a fit asks for many passes of one kernel. */
const compiled = new Map<string, ResidualsFn>();

function column(c: SharedColumn): Float64Array {
  return new Float64Array(c.buffer, c.byteOffset, c.length);
}

function pass(job: FoldJob): FoldReply {
  try {
    let residuals = compiled.get(job.code.source);
    if (residuals === undefined) {
      residuals = residualsFromCode(job.code);
      compiled.set(job.code.source, residuals);
    }
    const rows = { cols: job.cols.map(column), y: column(job.y), w: job.w === null ? null : column(job.w), n: job.n };
    const fn = residuals;
    return { chunks: job.ranges.map(([start, end]) => foldChunk(fn, job.params, rows, start, end)) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Serve fold passes forever (the thread ends with the process). */
export function serveFolds(control: Int32Array, port: MessagePort): never {
  Atomics.store(control, UP, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, ASKED, seen);
    seen = Atomics.load(control, ASKED);
    for (let got = receiveMessageOnPort(port); got !== undefined; got = receiveMessageOnPort(port)) {
      port.postMessage(pass(got.message as FoldJob));
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
  }
}
