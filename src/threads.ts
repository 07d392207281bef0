/**
 * The worker threads gradfit starts, all from one script (dist/worker.cjs, src/worker.ts): a
 * worker may first parse parts of a file (data/parallel-read.ts), then folds chunks of a fit's
 * rows (fit/fold-threads.ts) until the process ends. Each is started with the plumbing of both:
 * its parse job, if any, as workerData, and a shared control array and a MessagePort for folds
 * (opaque here). A reader that is done with its workers keeps them (`keepWorkers`) for the fit
 * to take (`takeWorkers`): a worker that is already up and has run the fold's code costs nothing
 * to start (a new one costs ~40 ms of a core).
 *
 * Internal setting (for tests, not for users): GRADFIT_INTERNAL_WORKER, the worker script
 * (default worker.cjs beside the bundle).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { FileDigest } from './data/types.js';
import { earlyWorkerAlive, takeEarlyWorker } from './launch.js';
import { workerRoom } from './free-cores.js';

export interface GradfitWorker {
  worker: Worker;
  /** Shared control words (fit/fold-threads.ts says what they mean). */
  control: Int32Array;
  /** This thread's end of the worker's fold channel. */
  port: MessagePort;
}

/** What a worker is started with. */
export interface WorkerStart<Parse, Pipe = unknown> {
  parse: Parse | null;
  /** A pipe to read into a ring (data/pipe-ring.ts): such a worker does only that. */
  pipe: Pipe | null;
  control: Int32Array;
  port: MessagePort;
}

/** Control words a worker is given: work asked for (a count), passes done (a count), whether it is up. */
const CONTROL_WORDS = 4;
export const ASKED = 0;
export const DONE = 1;
export const UP = 2;

/** The worker script, or null when there is none (running from the sources, or the library bundle). */
export function workerScript(): string | null {
  const given = process.env.GRADFIT_INTERNAL_WORKER;
  if (given) return given;
  // In the CommonJS bundle, __dirname is dist/; the worker bundle lies beside it.
  const dir = typeof __dirname === 'string' ? __dirname : null;
  if (dir === null) return null;
  const path = join(dir, 'worker.cjs');
  return existsSync(path) ? path : null;
}

/** Workers started here, the launcher's early one included once taken. */
let startedHere = 0;

/**
 * Start a worker (with `parse` to do first, or none; or a `pipe` to read, and nothing else): the
 * one the launcher started early, when it started one with this script and it is still there
 * (launch.ts), else a new one.
 */
export function startWorker<Parse, Pipe = unknown>(script: string, parse: Parse | null, pipe: Pipe | null = null): GradfitWorker {
  const { Worker, MessageChannel } = process.getBuiltinModule('node:worker_threads');
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  const { port1, port2 } = new MessageChannel();
  const start: WorkerStart<Parse, Pipe> = { parse, pipe, control, port: port2 };
  const early = takeEarlyWorker(script);
  // (Past the address-space limit a new thread would stop the process: see free-cores.ts.)
  if (early === null && startedHere + (earlyWorkerAlive() ? 1 : 0) >= workerRoom()) throw new Error('no room for another thread within the address-space limit');
  startedHere++;
  let worker: Worker;
  if (early !== null) {
    worker = early;
    worker.postMessage(start, [port2]);
  } else {
    worker = new Worker(script, { workerData: start, transferList: [port2], stdout: false, stderr: false });
  }
  port1.unref();
  return { worker, control, port: port1 };
}

/** Asked of a worker on its fold channel besides passes (fit/fold-worker.ts): a file's SHA-256, taken between passes. */
export interface DigestJob {
  kind: 'digest';
  path: string;
}

/** The worker's answer, on its own port (parentPort), not the fold channel. */
export type DigestReply = { kind: 'digest'; sha256: string; bytes: number } | { kind: 'digest'; error: string };

/**
 * Ask `w` (a worker serving folds, or about to, and already kept: keepWorkers drops listeners)
 * for the SHA-256 of the file at `path`. Returns the way to wait for it: the digest, or null when
 * the worker failed, stopped or could not read the file. (The worker does not hold the process
 * open; while the answer is awaited, it does.)
 */
export function digestOnWorker(w: GradfitWorker, path: string): () => Promise<FileDigest | null> {
  let settled = false;
  const answer = new Promise<FileDigest | null>((resolve) => {
    const done = (reply: FileDigest | null): void => {
      settled = true;
      w.worker.off('message', onMessage);
      w.worker.off('exit', onEnd);
      w.worker.off('error', onEnd);
      w.worker.unref();
      resolve(reply);
    };
    const onMessage = (m: DigestReply | { kind?: unknown }): void => {
      if (m.kind !== 'digest') return;
      const reply = m as DigestReply;
      done('sha256' in reply ? { sha256: reply.sha256, bytes: reply.bytes } : null);
    };
    const onEnd = (): void => done(null);
    w.worker.on('message', onMessage);
    w.worker.once('exit', onEnd);
    w.worker.once('error', onEnd);
  });
  const job: DigestJob = { kind: 'digest', path };
  w.port.postMessage(job);
  Atomics.add(w.control, ASKED, 1);
  Atomics.notify(w.control, ASKED);
  return () => {
    if (!settled) w.worker.ref();
    return answer;
  };
}

let spare: GradfitWorker[] = [];

/** Keep workers that are done with their first job for other work; they no longer hold the process open. */
export function keepWorkers(workers: GradfitWorker[]): void {
  for (const w of workers) {
    w.worker.removeAllListeners('message');
    w.worker.unref();
  }
  spare.push(...workers);
}

/** The workers kept, handed over (each once). */
export function takeWorkers(): GradfitWorker[] {
  const taken = spare;
  spare = [];
  return taken;
}
