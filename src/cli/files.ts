/**
 * Files the CLI writes (`--save`, `--plot-file`) and reads whole (`--baseline`, model files),
 * made safe to run as root (CI jobs do):
 *
 * - A symbolic link is followed: its target is written, the link stays.
 * - Anything that is not a regular file (/dev/null, /dev/stdout, a named pipe) is written
 *   through, never replaced by a renamed file.
 * - A regular file is replaced atomically (a temporary file beside the target, then a rename),
 *   keeping the existing file's mode (and, as root, its owner); one the user may not write
 *   (access W_OK) is refused, as `cp` refuses it, though the folder would allow the rename.
 * - An output is never one of the inputs (data file, stdin, baseline) nor another output:
 *   compared by resolved path and, where the file exists, by device and inode.
 * - Every failure is an InputError (one line, exit 2), never an internal error.
 */
import {
  accessSync, constants, closeSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, readSync,
  realpathSync, renameSync, rmSync, statSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { shownName } from '../names.js';
import { writeErr, writeOut } from './output.js';

/** What is read whole from a file: JSON documents (models, baselines) are far smaller. */
export const MAX_JSON_BYTES = 16 << 20;

/** A file named on the command line, with the flag (or role) that named it. */
export interface NamedFile {
  flag: string;
  path: string;
}

/** `path` resolved through every symbolic link, including a dangling last one (whose target is where a write goes). */
export function resolveTarget(path: string, flag: string): string {
  if (path === '') throw new InputError(`${flag} needs a file name, got an empty one`);
  refuseForeignLinksOnTheWay(path, flag);
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(current);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return join(realFolder(dirname(current), path, flag), basename(current));
      throw fileError(flag, path, e);
    }
    if (!st.isSymbolicLink()) {
      try {
        return realpathSync(current);
      } catch (e) {
        throw fileError(flag, path, e);
      }
    }
    refuseForeignLink(current, st, path, flag);
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new InputError(`${flag} ${shownName(path)}: too many levels of symbolic links`);
}

/**
 * The kernel's protected_symlinks rule, kept here because the link is resolved here and the write
 * goes to its target by a rename (which the kernel's check at open never sees): a link in a folder
 * anyone may write to and only owners may delete from (sticky, as /tmp) is followed only when it
 * is the user's own or the folder owner's. Another user's link there (`ln -s /etc/passwd
 * /tmp/model.json`) could point anywhere root would write.
 */
function refuseForeignLink(link: string, st: Stats, path: string, flag: string): void {
  const uid = process.geteuid?.();
  if (uid === undefined) return;
  const folder = statOrNull(dirname(link));
  if (folder === null || (folder.mode & 0o1002) !== 0o1002 || st.uid === uid || st.uid === folder.uid) return;
  throw new InputError(
    `${flag} ${shownName(path)}: a symbolic link of another user (uid ${st.uid}) in ${shownName(dirname(link))}, a folder anyone may write to, is not followed (nor would the kernel follow it): name the file itself`,
  );
}

/**
 * Every link on the way to `path` (a folder of it, as well as its last part) is held to the same
 * rule: `/tmp/out` made a link to `/etc` by another user must not lead `--save /tmp/out/passwd`
 * there. The path is walked a part at a time, each link replaced by its target.
 */
function refuseForeignLinksOnTheWay(path: string, flag: string): void {
  if (process.geteuid?.() === undefined) return;
  let pending = resolve(path).split(sep).filter((part) => part !== '');
  let done: string = sep;
  for (let hops = 0; pending.length > 0; ) {
    const name = pending.shift() as string;
    const next = join(done, name);
    let st: Stats;
    try {
      st = lstatSync(next);
    } catch {
      return; // (a missing part: nothing further is a link; resolveTarget says what is wrong)
    }
    if (!st.isSymbolicLink()) {
      done = next;
      continue;
    }
    if (++hops > 40) return;
    refuseForeignLink(next, st, path, flag);
    pending = [...resolve(done, readlinkSync(next)).split(sep).filter((part) => part !== ''), ...pending];
    done = sep;
  }
}

function realFolder(folder: string, path: string, flag: string): string {
  try {
    const real = realpathSync(folder);
    if (!statSync(real).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return real;
  } catch (e) {
    throw fileError(flag, path, e);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The reason a file operation failed, in words, as an InputError. */
export function fileError(flag: string, path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exceeded',
    EISDIR: 'it is a directory; give a file name',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many levels of symbolic links',
    EFBIG: 'the file is too large',
    EIO: 'an input/output error',
    ENXIO: 'no reader on the other side',
  };
  const reason = (code !== undefined && Object.hasOwn(reasons, code) ? reasons[code] : undefined) ?? (e as Error).message;
  return new InputError(`${flag} ${shownName(path)}: cannot write: ${reason}`);
}

/** Device and inode of a path that exists (through symbolic links), or of stdin when it is a regular file. */
function identity(st: Stats | null): string | null {
  return st ? `${st.dev}:${st.ino}` : null;
}

/**
 * Refuse inputs that are one file given twice (by another name, a link): `--folds a.fold a.fold`
 * would count a part's rows twice and shrink every standard error by √2.
 */
export function checkDistinctInputs(inputs: readonly NamedFile[]): void {
  const seen = new Map<string, NamedFile>();
  for (const input of inputs) {
    const id = identity(statOrNull(input.path));
    if (id === null) continue; // (reading it says what is wrong)
    const other = seen.get(id);
    if (other !== undefined) {
      throw new InputError(`${input.flag} names one file twice (${shownName(other.path)} and ${shownName(input.path)}): its rows would count twice; give each part once`);
    }
    seen.set(id, input);
  }
}

/**
 * Refuse, before any work, an output that is a directory, whose folder is missing, that is one
 * of the inputs (or stdin, when it is a regular file) or another output.
 */
export function checkOutputs(outputs: readonly NamedFile[], inputs: readonly NamedFile[], stdinIsInput: boolean): void {
  const seen: { file: NamedFile; real: string; id: string | null; output: boolean }[] = [];
  for (const input of inputs) {
    let real: string;
    try {
      real = realpathSync(input.path);
    } catch {
      real = resolve(input.path);
    }
    seen.push({ file: input, real, id: identity(statOrNull(input.path)), output: false });
  }
  let stdinId: string | null = null;
  if (stdinIsInput) {
    try {
      const st = fstatSync(0);
      if (st.isFile()) stdinId = identity(st);
    } catch {
      // no stdin: nothing to protect
    }
  }
  // A regular file on stdout (`> out.json`) is an output too: a second writer would clobber it.
  let stdoutId: string | null = null;
  try {
    const st = fstatSync(1);
    if (st.isFile()) stdoutId = identity(st);
  } catch {
    // no stdout
  }
  // Standard output sent to an input (`>> data.csv`, which would add the report to the data;
  // `>` has already emptied it).
  if (stdoutId !== null) {
    const input = seen.find((s) => s.id === stdoutId);
    if (input !== undefined || stdoutId === stdinId) {
      const what = input === undefined ? 'the file on standard input' : `the input ${input.file.flag === 'FILE' ? '' : `of ${input.file.flag} `}${shownName(input.file.path)}`;
      throw new InputError(`standard output goes to ${what}, which the output would overwrite or add to; redirect it to another file`);
    }
  }
  for (const output of outputs) {
    if (output.path === '') throw new InputError(`${output.flag} needs a file name, got an empty one`);
    const direct = statOrNull(output.path);
    // A device or a pipe (/dev/stdout is a link to /proc/self/fd/1, whose target is no path) is
    // compared by device and inode only.
    const real = direct && !direct.isFile() && !direct.isDirectory() ? `\0${output.path}` : resolveTarget(output.path, output.flag);
    const st = direct ?? statOrNull(real);
    if (st?.isDirectory()) throw new InputError(`${output.flag} ${shownName(output.path)} is a directory; give a file name`);
    refuseBlockDevice(st, output.flag, output.path);
    if (st?.isFile()) refuseWriteProtected(real, output.flag, output.path);
    const id = identity(st);
    if (id !== null && id === stdinId) {
      throw new InputError(`${output.flag} ${shownName(output.path)} is the file on standard input, which it would overwrite; choose another file name`);
    }
    if (id !== null && id === stdoutId) {
      throw new InputError(`${output.flag} ${shownName(output.path)} is also the file standard output goes to; give each output its own file`);
    }
    for (const other of seen) {
      const same = other.real === real || (id !== null && other.id === id);
      if (!same) continue;
      throw new InputError(
        other.output
          ? `${output.flag} ${shownName(output.path)} is also the file of ${other.file.flag}; give each output its own file`
          : `${output.flag} ${shownName(output.path)} would overwrite the input ${other.file.flag === 'FILE' ? '' : `of ${other.file.flag} `}${shownName(other.file.path)}; choose another file name`,
      );
    }
    seen.push({ file: output, real, id, output: true });
  }
}

/**
 * A disk or a partition (a block device, /dev/sda) is never an output: written through as a
 * character device is, as root it would lose what it holds to a model file.
 */
function refuseBlockDevice(st: Stats | null, flag: string, path: string): void {
  if (st?.isBlockDevice()) throw new InputError(`${flag} ${shownName(path)} is a block device (a disk or a partition); give a file name`);
}

/**
 * An existing file the user may not write is not replaced: the rename that replaces a file
 * atomically needs only the folder's permission, and would take a write-protected file away
 * (as `cp` does not). access(2) decides as the system would for a write: root may write any
 * file, as with every tool; a read-only file system says so too.
 */
function refuseWriteProtected(target: string, flag: string, path: string): void {
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new InputError(`${flag} ${shownName(path)}: cannot write: permission denied (the file exists and is write-protected; make it writable, or choose another file name)`);
    }
    if (code !== 'ENOENT') throw fileError(flag, path, e);
  }
}

/**
 * Write `text` to the file `path` names. A regular file (or a new one) is replaced atomically,
 * keeping an existing file's mode (and owner, as root); anything else — a character device, a
 * named pipe, a socket — is written through; a symbolic link is followed to its target.
 */
export function writeOutputFile(path: string, text: string, flag: string): void {
  if (path === '') throw new InputError(`${flag} needs a file name, got an empty one`);
  const direct = statOrNull(path);
  if (direct?.isDirectory()) throw new InputError(`${flag} ${shownName(path)} is a directory; give a file name`);
  refuseBlockDevice(direct, flag, path);
  const bytes = Buffer.from(text, 'utf8');
  // Our own stdout or stderr (/dev/stdout, a link to /proc/self/fd/1): written to the descriptor,
  // since a socket cannot be opened by name (ENXIO) and the text must keep its place in the stream.
  const standard = direct && !direct.isFile() ? standardDescriptor(direct) : null;
  if (standard === 1) return writeOut(text);
  if (standard === 2) return writeErr(text);
  if (direct && !direct.isFile()) {
    // Opened by its own name: the system follows every link, /dev/stdout's included.
    let fd: number | null = null;
    try {
      fd = openSync(path, 'w');
      writeFully(fd, bytes);
    } catch (e) {
      throw fileError(flag, path, e);
    } finally {
      if (fd !== null) closeSync(fd);
    }
    return;
  }
  const target = resolveTarget(path, flag);
  const st = statOrNull(target);
  if (st?.isFile()) refuseWriteProtected(target, flag, path);
  // Cut the name so the temporary one stays within the file system's limit on a name (255 bytes).
  const tmp = join(dirname(target), `.${basename(target).slice(0, 64)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    if (st) {
      fchmodSync(fd, st.mode & 0o7777);
      if (process.getuid?.() === 0) {
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch {
          // keep root's ownership where the file system refuses
        }
      }
    }
    writeFully(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw fileError(flag, path, e);
  }
}

/** 1 or 2 when `st` is the file on stdout or stderr, else null. */
function standardDescriptor(st: Stats): 1 | 2 | null {
  for (const fd of [1, 2] as const) {
    try {
      const own = fstatSync(fd);
      if (own.dev === st.dev && own.ino === st.ino && own.rdev === st.rdev) return fd;
    } catch {
      // not open
    }
  }
  return null;
}

function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * A small text file read whole (a model or a baseline), at most `limit` bytes: /dev/zero or a
 * huge file is refused with a clear error instead of filling the memory.
 */
export function readSmallFile(path: string, flag: string, limit = MAX_JSON_BYTES): string {
  if (path === '') throw new InputError(`${flag} needs a file name, got an empty one`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError(`${flag} ${shownName(path)}: ${reason}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new InputError(`${flag} ${shownName(path)}: is a directory`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 16);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        throw new InputError(`${flag} ${shownName(path)}: cannot read: ${code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputError(`${flag} ${shownName(path)} is larger than ${limit >> 20} MiB; it is not a gradfit file`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
