/**
 * What the launcher (bin/gradfit) did before the bundle was loaded, handed over through a global
 * (the bundle runs in the launcher's context). For a fit of a large file it starts a worker thread
 * at once, since a worker takes about 45 ms to start (Node 20 starts workers without its start-up
 * snapshot): the reader then finds it up (threads.ts takes it). It counts the free cores before
 * starting it, and hands that count over too: counted after, the worker would be one of the busy
 * threads. Outside the launcher (tests, the library) there is nothing handed over.
 */
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';

interface Launch {
  /** The free cores, counted as free-cores.ts counts them, before any worker was started. */
  freeCores?: number;
  /** The worker started early (waiting for its start as its first message), until taken or gone. */
  worker?: Worker | null;
  /** Its script. */
  workerScript?: string | null;
}

const KEY = Symbol.for('gradfit.launch');

function launch(): Launch | undefined {
  return (globalThis as Record<symbol, Launch | undefined>)[KEY];
}

/** The free cores the launcher counted, or null when it counted none. */
export function launchFreeCores(): number | null {
  const free = launch()?.freeCores;
  return typeof free === 'number' && Number.isInteger(free) && free >= 1 ? free : null;
}

/** The launcher's early worker, once, when it runs `script` and has not failed or exited; else null. */
export function takeEarlyWorker(script: string): Worker | null {
  const l = launch();
  const worker = l?.worker;
  if (!l || !worker || !l.workerScript || resolve(l.workerScript) !== resolve(script)) return null;
  l.worker = null;
  worker.ref();
  return worker;
}

/** Whether the launcher's early worker is still there, not taken (it holds its address space until it exits). */
export function earlyWorkerAlive(): boolean {
  return Boolean(launch()?.worker);
}
