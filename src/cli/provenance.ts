/**
 * JSON `provenance`: what made a result — gradfit's version, the input (path, bytes, SHA-256),
 * the rows used, the arguments and the seed — so that a diff of two results in CI says what
 * changed. The input is hashed as the data layer reads it (stdin too), never read a second time.
 * `--baseline` compares only `params` (and `stderr` for --sigma-tol), never this.
 */
import type { Hash } from 'node:crypto';
import { fileDigest } from '../data/file-digest.js';
import { DataError } from '../data/errors.js';
import type { FileDigest, Source } from '../data/index.js';
import { VERSION } from './version.js';

export interface Provenance {
  version: string;
  input: { kind: Source['kind']; path: string | null; bytes: number; sha256: string } | null;
  rows: { used: number; skipped: number } | null;
  arguments: string[];
  seed: number | null;
}

/**
 * The source with a hash of its bytes taken as they are read; `settle()` waits for a hash taken
 * on a worker (a file read on several threads: the reader may leave the hash to one of its workers,
 * to be taken while the fit runs), and `input()` then gives the totals. Made only for JSON output,
 * the one that shows the hash: a text fit neither loads node:crypto (with Node's stream modules,
 * 35 modules: 10–20 ms of start-up) nor spends a pass over a large file on hashing it (about 30 ms
 * of the main thread's time per 40 MB).
 */
export function hashedSource(source: Source): { source: Source; settle: () => Promise<void>; input: () => NonNullable<Provenance['input']> } {
  let hash: Hash | null = null;
  let bytes = 0;
  let digest: string | null = null;
  let elsewhere: (() => Promise<FileDigest | null>) | null = null;
  const made = (): Hash => process.getBuiltinModule('node:crypto').createHash('sha256');
  const observed: Source = {
    ...source,
    onRead(chunk) {
      bytes += chunk.length;
      // (update() copies what it needs: the reader may reuse its buffer.)
      (hash ??= made()).update(chunk);
    },
    onDigest(wait) {
      elsewhere = wait;
    },
  };
  return {
    source: observed,
    async settle() {
      if (elsewhere === null) return;
      const taken = await elsewhere();
      elsewhere = null;
      // (A worker that could not take it: the file is hashed here, the way the worker would. A
      // pipe's reader thread that read it to the end took it.)
      let whole = taken;
      if (whole === null) {
        if (source.kind !== 'file') throw new DataError(`${source.kind === 'stdin' ? '<stdin>' : source.name}: its SHA-256 was not taken`);
        try {
          whole = fileDigest(source.path);
        } catch (e) {
          throw new DataError(`${source.path}: cannot be read again for its SHA-256 (${e instanceof Error ? e.message : String(e)})`);
        }
      }
      digest = whole.sha256;
      bytes = whole.bytes;
    },
    input: () => {
      // (A digest left to a worker is the whole file's: the chunks seen here were only its start.)
      if (elsewhere !== null) throw new Error('provenance: the input\'s digest is still being taken (settle() first)');
      digest ??= (hash ?? made()).digest('hex');
      return { kind: source.kind, path: source.kind === 'file' ? source.path : null, bytes, sha256: digest };
    },
  };
}

export function provenance(
  input: Provenance['input'],
  rows: Provenance['rows'],
  seed: number | undefined,
  args: readonly string[] = process.argv.slice(2),
): Provenance {
  return { version: VERSION, input, rows, arguments: [...args], seed: seed ?? null };
}
