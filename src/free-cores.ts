/**
 * How many cores this process may use for worker threads: the cores available less those other
 * processes keep busy. "Busy" is read once, when first asked (before gradfit starts threads of its
 * own), as the threads running at that moment other than this one: on Linux the first number of
 * the fourth field of /proc/loadavg (which counts the reading thread itself). The one-minute load
 * average is not used where that number is there: right after one gradfit run it still counts
 * that run, whose core is free again. Elsewhere the load average is all there is. When the
 * launcher counted them before starting a worker of its own (launch.ts), that count is the one.
 */
import { readFileSync } from 'node:fs';
import { launchFreeCores } from './launch.js';

let measured: number | null = null;

export function freeCores(): number {
  measured ??= launchFreeCores();
  if (measured === null) {
    const os = process.getBuiltinModule('node:os');
    const cores = os.availableParallelism();
    let others = os.loadavg()[0];
    try {
      others = othersRunning(readFileSync('/proc/loadavg', 'latin1')) ?? others;
    } catch {
      // (not Linux: the load average)
    }
    measured = Math.max(1, Math.min(cores, Math.floor(cores - others + 0.5)));
  }
  return Math.max(1, Math.min(measured, 1 + workerRoom()));
}

/**
 * Address space a Node thread reserves (V8's code range, heap reservations): measured on Node 20
 * x64 as VmSize, about 730 MB for the process alone and 660 to 860 MB more for each worker; and
 * what a fit's heap and columns may grow to on top.
 */
const PROCESS_SPACE = 750e6;
const WORKER_SPACE = 720e6;
const HEADROOM = 500e6;

let room: number | null = null;

/**
 * How many worker threads fit within the process's address-space limit (`ulimit -v`, `prlimit
 * --as`; Linux's /proc/self/limits): Infinity when there is none. A worker started past it is no
 * exception that can be caught: V8 stops the process ("Fatal process OOM ... CodeRange").
 */
export function workerRoom(): number {
  if (room === null) {
    let limit = Infinity;
    try {
      limit = addressSpaceLimit(readFileSync('/proc/self/limits', 'latin1'));
    } catch {
      // (not Linux: no limit known)
    }
    room = Number.isFinite(limit) ? Math.max(0, Math.floor((limit - PROCESS_SPACE - HEADROOM) / WORKER_SPACE)) : Infinity;
  }
  return room;
}

/** The soft limit on address space in bytes, from the text of /proc/self/limits; Infinity when unlimited or not given. */
export function addressSpaceLimit(limits: string): number {
  const match = /^Max address space\s+(\S+)/m.exec(limits);
  const value = match ? Number(match[1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : Infinity;
}

/** From the text of /proc/loadavg ("0.52 0.58 0.59 3/467 1234"): the threads running other than the reader; null if it is not that. */
export function othersRunning(loadavg: string): number | null {
  const match = /^\S+ \S+ \S+ (\d+)\/\d+ /.exec(loadavg);
  if (match === null) return null;
  const running = Number(match[1]);
  return running >= 1 ? running - 1 : null;
}
