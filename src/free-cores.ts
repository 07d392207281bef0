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
  return measured;
}

/** From the text of /proc/loadavg ("0.52 0.58 0.59 3/467 1234"): the threads running other than the reader; null if it is not that. */
export function othersRunning(loadavg: string): number | null {
  const match = /^\S+ \S+ \S+ (\d+)\/\d+ /.exec(loadavg);
  if (match === null) return null;
  const running = Number(match[1]);
  return running >= 1 ? running - 1 : null;
}
