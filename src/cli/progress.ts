/**
 * A progress line on stderr for runs longer than about a second, on a terminal only: step,
 * loss, and a bar against the step cap. Nothing at all when stderr is not a terminal.
 */
import { progressLine } from '../report/progress.js';
import { isTerminal } from './output.js';

export interface Progress {
  /** Call once per step; cheap when nothing needs drawing. */
  tick(step: number, loss: number): void;
  /** Clear the line (if one was drawn). */
  done(): void;
}

/** The part of a stream the progress line needs (process.stderr has it). */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal columns; 0 or missing when the terminal's size is not known. */
  columns?: number;
  write(text: string): unknown;
}

const SILENT: Progress = { tick() {}, done() {} };
/** Columns assumed when the terminal does not say (an unset size reads as 0). */
const DEFAULT_COLUMNS = 80;

/**
 * A progress display for a run of at most `maxSteps` steps, drawn on `stream` (stderr) once the
 * run has taken a second, at most every 100 ms. `done()` clears it with "\r", spaces and "\r"
 * (no escape codes, so it works on any terminal, TERM=dumb included).
 */
export function progress(maxSteps: number, enabled: boolean, given?: ProgressStream, now: () => number = Date.now): Progress {
  // stderr's stream object is created only on a terminal (see output.ts).
  const stream = given ?? (isTerminal(2) ? process.stderr : null);
  if (!enabled || !stream?.isTTY) return SILENT;
  const started = now();
  let last = 0;
  let drawnLength = 0;
  return {
    tick(step, loss) {
      const t = now();
      if (t - started < 1000 || t - last < 100) return;
      last = t;
      const columns = stream.columns || DEFAULT_COLUMNS; // || and not ??: 0 means unknown
      const line = progressLine(step, maxSteps, loss, Math.max(20, columns - 1));
      // Spaces over whatever is left of a longer line drawn before.
      stream.write(`\r${line}${' '.repeat(Math.max(0, drawnLength - line.length))}`);
      drawnLength = Math.max(drawnLength, line.length);
    },
    done() {
      if (drawnLength > 0) stream.write(`\r${' '.repeat(drawnLength)}\r`);
      drawnLength = 0;
    },
  };
}
