/**
 * JSON `provenance`: what made a result — gradfit's version, the input (path, bytes, SHA-256),
 * the rows used, the arguments and the seed — so that a diff of two results in CI says what
 * changed. The input is hashed as the data layer reads it (stdin too), never read a second time.
 * `--baseline` compares only `params` (and `stderr` for --sigma-tol), never this.
 */
import type { Hash } from 'node:crypto';
import type { Source } from '../data/index.js';
import { VERSION } from './version.js';

export interface Provenance {
  version: string;
  input: { kind: Source['kind']; path: string | null; bytes: number; sha256: string } | null;
  rows: { used: number; skipped: number } | null;
  arguments: string[];
  seed: number | null;
}

/**
 * The source with a hash of its bytes taken as they are read; `input()` gives the totals once
 * reading is done. Made only for JSON output, the one that shows the hash: a text fit neither
 * loads node:crypto (with Node's stream modules, 35 modules: 10–20 ms of start-up) nor spends a
 * pass over a large file on hashing it (about 30 ms of the main thread's time per 40 MB).
 */
export function hashedSource(source: Source): { source: Source; input: () => NonNullable<Provenance['input']> } {
  let hash: Hash | null = null;
  let bytes = 0;
  let digest: string | null = null;
  const made = (): Hash => process.getBuiltinModule('node:crypto').createHash('sha256');
  const observed: Source = {
    ...source,
    onRead(chunk) {
      bytes += chunk.length;
      // (update() copies what it needs: the reader may reuse its buffer.)
      (hash ??= made()).update(chunk);
    },
  };
  return {
    source: observed,
    input: () => {
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
