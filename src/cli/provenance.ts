/**
 * JSON `provenance`: what made a result — gradfit's version, the input (path, bytes, SHA-256),
 * the rows used, the arguments and the seed — so that a diff of two results in CI says what
 * changed. The input is hashed as the data layer reads it (stdin too), never read a second time.
 * `--baseline` compares only `params` (and `stderr` for --sigma-tol), never this.
 */
import type { Hash } from 'node:crypto';
import type { Source } from '../data/index.js';
import { VERSION } from './version.js';

/**
 * Inputs up to this size are kept, and hashed only if the hash is asked for (JSON output): loading
 * node:crypto (with Node's stream modules, 35 modules) costs 10–20 ms of start-up, which a small
 * fit with text output then does not pay. Larger inputs are hashed as they are read.
 */
const SMALL_INPUT = 1 << 20;

export interface Provenance {
  version: string;
  input: { kind: Source['kind']; path: string | null; bytes: number; sha256: string } | null;
  rows: { used: number; skipped: number } | null;
  arguments: string[];
  seed: number | null;
}

/** A SHA-256 hash of `pieces` so far; node:crypto is loaded here, when first needed. */
function hashOf(pieces: readonly Uint8Array[]): Hash {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash;
}

/** The source with a hash of its bytes taken as they are read; `input()` gives the totals once reading is done. */
export function hashedSource(source: Source): { source: Source; input: () => NonNullable<Provenance['input']> } {
  let hash: Hash | null = null;
  /** The bytes so far while they are few (copies: a reader reuses its buffers). */
  let kept: Uint8Array[] | null = [];
  let bytes = 0;
  let digest: string | null = null;
  const observed: Source = {
    ...source,
    onRead(chunk) {
      bytes += chunk.length;
      if (kept !== null && bytes <= SMALL_INPUT) {
        // (A copy: a Buffer's slice() is a view, and readers reuse their buffers.)
        kept.push(new Uint8Array(chunk));
        return;
      }
      hash ??= hashOf(kept ?? []);
      kept = null;
      hash.update(chunk);
    },
  };
  return {
    source: observed,
    input: () => {
      digest ??= (hash ?? hashOf(kept ?? [])).digest('hex');
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
