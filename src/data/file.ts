/**
 * An open file read at positions, on Node's callback API: `node:fs` is loaded with Node itself,
 * where `node:fs/promises` (FileHandle) is a module of its own that cost a small fit about 4 ms of
 * its start-up. The same four operations the readers use of a FileHandle.
 *
 * A regular file is opened, measured and closed by synchronous calls, and read by them when it is
 * small (SYNC_READ_BYTES): each call through the thread pool is a round trip through the event
 * loop, and the first one starts the pool's threads, which together cost a small fit about half a
 * millisecond. Anything else (a FIFO, whose open waits for a writer) and the reads of a larger
 * file, which overlap the parsing (read-ahead.ts), go through the pool as before.
 */
import { closeSync, fstatSync, open, openSync, read, readSync, statSync, type Stats } from 'node:fs';

export interface OpenFile {
  readonly fd: number;
  /** Up to `length` bytes into `target` at `offset`, from `position` (null: the file's own position). */
  read(target: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<Stats>;
  close(): Promise<void>;
}

/** A regular file of at most this many bytes is read by synchronous calls. */
const SYNC_READ_BYTES = 1024 * 1024;

export function openFile(path: string): Promise<OpenFile> {
  let regular = false;
  try {
    regular = statSync(path).isFile();
  } catch {
    // The open below says what is wrong.
  }
  if (regular) return settled(() => fileOf(openSync(path, 'r')));
  return new Promise((resolve, reject) => {
    open(path, 'r', (error, fd) => (error ? reject(error) : resolve(fileOf(fd))));
  });
}

/** The value of `run`, or what it throws, as a settled promise. */
function settled<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (e) {
    return Promise.reject(e);
  }
}

function fileOf(fd: number): OpenFile {
  // Set by stat() for a small regular file (the readers stat a file before they read it).
  let syncReads = false;
  return {
    fd,
    read: (target, offset, length, position) =>
      syncReads
        ? settled(() => ({ bytesRead: readSync(fd, target, offset, length, position) }))
        : new Promise((resolve, reject) => {
            read(fd, target, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead })));
          }),
    stat: () =>
      settled(() => {
        const stats = fstatSync(fd);
        syncReads = stats.isFile() && stats.size <= SYNC_READ_BYTES;
        return stats;
      }),
    close: () => settled(() => closeSync(fd)),
  };
}
