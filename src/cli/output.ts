/**
 * Where the CLI's text goes: results to stdout, diagnostics to stderr. A closed stdout pipe
 * (`gradfit ... | head -1`) ends the process quietly instead of with an EPIPE stack trace.
 */
import { colorLevel, paint, type Paint } from '../report/color.js';

let quietExit = false;

/** Install once: EPIPE on stdout/stderr means the reader has gone, which is not an error. */
export function handleClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
        quietExit = true;
        process.exit(process.exitCode ?? 0);
      }
      throw e;
    });
  }
}

export function pipeClosed(): boolean {
  return quietExit;
}

export function writeOut(text: string): void {
  if (text.length > 0 && !quietExit) process.stdout.write(text);
}

export function writeErr(text: string): void {
  if (text.length > 0 && !quietExit) process.stderr.write(text);
}

/** The styles for a stream, decided in one place (chalk itself ignores NO_COLOR). */
export function chalkFor(stream: NodeJS.WriteStream, flag: boolean | undefined): Promise<Paint> {
  return paint(colorLevel({ isTTY: Boolean(stream.isTTY), env: process.env, flag }));
}

/** The width to draw charts at: the terminal's, or 80 when it is not a terminal. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const cols = stream.isTTY ? stream.columns : undefined;
  return cols && cols > 20 ? Math.min(cols, 200) : 80;
}
