/**
 * Where the CLI's text goes: results to stdout, diagnostics to stderr, written synchronously to
 * file descriptors 1 and 2. Node's stream objects for them are created only on a terminal (for
 * its width and the progress line): setting up both costs every run some 8 ms, a fifth of what
 * gradfit adds to Node's start-up. A closed pipe (`gradfit ... | head -1`) ends the process
 * quietly instead of with an EPIPE error.
 */
import { fstatSync, readFileSync, statSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { colorLevel, paint, type Paint } from '../report/color.js';

/** stdout or stderr. */
export type OutputFd = 1 | 2;

let quietExit = false;

/** A moment's sleep, for a non-blocking pipe that is full. */
const pause = new Int32Array(new SharedArrayBuffer(4));

let stdoutChecked = false;

/**
 * Whether stdout was closed when gradfit started (`gradfit ... >&-`). Node opens /dev/null,
 * read-write, on a standard descriptor it finds closed, so the result would vanish and the exit
 * code say success. A shell's `>/dev/null` opens it write-only, which stays a fine place for
 * output. (Linux only, from /proc; a parent that hands over /dev/null opened read-write looks
 * the same and is treated the same.)
 */
export function stdoutClosedAtStart(): boolean {
  try {
    const info = readFileSync('/proc/self/fdinfo/1', 'latin1');
    const flags = /^flags:\s*([0-7]+)/m.exec(info);
    if (!flags || (parseInt(flags[1], 8) & 3) !== 2) return false;
    const st = fstatSync(1);
    return st.isCharacterDevice() && st.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

const STDOUT_CLOSED = 'standard output is closed, so the result cannot be written; send it to a file or to /dev/null instead of closing it (>&-)';

/** Writes all of `text` to `fd`; EPIPE (the reader has gone) ends the process with its exit code. */
function writeAll(fd: OutputFd, text: string): void {
  if (text.length === 0 || quietExit) return;
  if (fd === 1 && !stdoutChecked) {
    stdoutChecked = true;
    if (stdoutClosedAtStart()) throw new InputError(STDOUT_CLOSED);
  }
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
