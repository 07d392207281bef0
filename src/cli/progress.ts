/**
 * A progress line on stderr for runs longer than about a second, on a terminal only: step,
 * loss, and a bar against the step cap. Nothing at all when stderr is not a terminal.
 */
import { progressLine } from '../report/progress.js';

export interface Progress {
  /** Call once per step; cheap when nothing needs drawing. */
  tick(step: number, loss: number): void;
  /** Clear the line (if one was drawn). */
  done(): void;
}

const SILENT: Progress = { tick() {}, done() {} };

export function progress(maxSteps: number, enabled: boolean): Progress {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return SILENT;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    tick(step, loss) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      drawn = true;
      stream.write(`\r${progressLine(step, maxSteps, loss, Math.max(20, (stream.columns ?? 80) - 1))}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
