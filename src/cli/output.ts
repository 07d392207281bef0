/**
 * Where the CLI's text goes: results to stdout, diagnostics to stderr, written synchronously to
 * file descriptors 1 and 2. Node's stream objects for them are created only on a terminal (for
 * its width and the progress line): setting up both costs every run some 8 ms, a fifth of what
 * gradfit adds to Node's start-up. A closed pipe (`gradfit ... | head -1`) ends the process
 * quietly instead of with an EPIPE error.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { colorLevel, paint, type Paint } from '../report/color.js';

/** stdout or stderr. */
export type OutputFd = 1 | 2;

let quietExit = false;

/** A moment's sleep, for a non-blocking pipe that is full. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Said when stdout is a closed descriptor. (On Linux and macOS Node reopens a closed standard
 * descriptor as /dev/null before gradfit runs, so `>&-` discards the result as `>/dev/null` does;
 * a parent that hands over /dev/null opened read-write, as Python's DEVNULL, Node's 'ignore' and
 * Go's os/exec do, looks exactly the same, and that output is meant to be discarded.)
 */
const STDOUT_CLOSED = 'standard output is closed, so the result cannot be written; send it to a file or to /dev/null instead of closing it (>&-)';

/** Writes all of `text` to `fd`; EPIPE (the reader has gone) ends the process with its exit code. */
function writeAll(fd: OutputFd, text: string): void {
  if (text.length === 0 || quietExit) return;
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE') {
        quietExit = true;
        process.exit(process.exitCode ?? 0);
      }
      if (code === 'EBADF' && fd === 1) throw new InputError(STDOUT_CLOSED);
      if (fd === 2) {
        // Nowhere left to say it: stderr itself cannot be written.
        quietExit = true;
        process.exit(process.exitCode || 2);
      }
      throw new InputError(`cannot write to standard output: ${(e as Error).message}`);
    }
  }
}

export function writeOut(text: string): void {
  writeAll(1, text);
}

export function writeErr(text: string): void {
  writeAll(2, text);
}

/**
 * Whether stdin (0), stdout (1) or stderr (2) is a terminal: a character device other than /dev/null.
 * (tty.isatty answers the same, but loading Node's tty module, and its net module, costs a few
 * milliseconds at every start; it is asked only where /dev/null cannot be looked at.)
 */
export function isTerminal(fd: 0 | OutputFd): boolean {
  let device;
  try {
    device = fstatSync(fd);
  } catch {
    return false;
  }
  if (!device.isCharacterDevice()) return false;
  try {
    const nul = statSync('/dev/null');
    return device.rdev !== nul.rdev;
  } catch {
    return process.getBuiltinModule('node:tty').isatty(fd);
  }
}

/** The styles for stdout or stderr, decided in one place (chalk itself ignores NO_COLOR). */
export function chalkFor(fd: OutputFd, flag: boolean | undefined): Promise<Paint> {
  return paint(colorLevel({ isTTY: isTerminal(fd), env: process.env, flag }));
}

/** The width to draw charts at: the terminal's, or 80 when it is not a terminal. */
export function terminalWidth(fd: OutputFd = 1): number {
  const cols = isTerminal(fd) ? (fd === 1 ? process.stdout : process.stderr).columns : undefined;
  return cols && cols > 20 ? Math.min(cols, 200) : 80;
}
