/** Small helpers for the data tests: temp files, stdin streams, and a column picker. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { readTable, resolveColumn, type ReadOptions, type Table } from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

/** Write `content` to a fresh file named `name` in a temp folder; returns its path. */
export function tempFile(content: string | Uint8Array, name = `t${++count}.csv`): string {
  const path = join(dir, `${++count}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** A temp folder for tests that need a path that is not a file. */
export const tempDir = dir;

/** A `select` that resolves column specs like the CLI does (header name or 1-based position). */
export function pick(...specs: string[]): ReadOptions['select'] {
  return (names, width) => specs.map((spec) => resolveColumn(spec, names, width));
}

export type Options = Partial<ReadOptions>;

/** Read `content` from a temp file, parsing columns 1 and 2 unless told otherwise. */
export function readText(content: string | Uint8Array, options: Options = {}, name?: string): Promise<Table> {
  return readTable({ kind: 'file', path: tempFile(content, name) }, { select: pick('1', '2'), ...options });
}

/** Read `content` as stdin, delivered in the given chunk sizes (cycled), or as one chunk. */
export function readStdin(content: string | Uint8Array, options: Options = {}, chunkSizes: number[] = []): Promise<Table> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const chunks: Buffer[] = [];
  if (chunkSizes.length === 0) chunks.push(bytes);
  else {
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = Math.max(1, chunkSizes[k % chunkSizes.length]);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
  }
  return readTable({ kind: 'stdin', stream: Readable.from(chunks) }, { select: pick('1', '2'), ...options });
}

/** The columns as plain arrays, for toEqual. */
export function plain(table: Table): number[][] {
  return table.columns.map((c) => Array.from(c));
}

/** The message of the error that `promise` rejects with (fails when it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection, but the read succeeded');
}
