/**
 * An open file read at positions, on Node's callback API: `node:fs` is loaded with Node itself,
 * where `node:fs/promises` (FileHandle) is a module of its own that cost a small fit about 4 ms of
 * its start-up. The same four operations the readers use of a FileHandle.
 */
import { close, fstat, open, read, type Stats } from 'node:fs';

export interface OpenFile {
  readonly fd: number;
  /** Up to `length` bytes into `target` at `offset`, from `position` (null: the file's own position). */
  read(target: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<Stats>;
  close(): Promise<void>;
}

export function openFile(path: string): Promise<OpenFile> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (error, fd) => (error ? reject(error) : resolve(fileOf(fd))));
  });
}

function fileOf(fd: number): OpenFile {
  return {
    fd,
    read: (target, offset, length, position) =>
      new Promise((resolve, reject) => {
        read(fd, target, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead })));
      }),
    stat: () =>
      new Promise((resolve, reject) => {
        fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats)));
      }),
    close: () =>
      new Promise((resolve, reject) => {
        close(fd, (error) => (error ? reject(error) : resolve()));
      }),
  };
}
