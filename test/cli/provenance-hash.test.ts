/** The provenance hash (JSON output only): taken as the input is read, in chunks, it is the input's SHA-256. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hashedSource } from '../../src/cli/provenance.js';
import { gradfit, json } from './run.js';

const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the provenance hash', () => {
  for (const size of [0, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_000]) {
    it(`is the input's SHA-256 in chunks (${size} bytes)`, () => {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7919) & 0xff);
      const { source, input } = hashedSource({ kind: 'file', path: 'data.csv' });
      // The reader reuses its buffer, a Buffer (whose slice() is a view): the hash must not keep views of it.
      const buffer = Buffer.alloc(65536);
      for (let at = 0; at < size; at += buffer.length) {
        const n = Math.min(buffer.length, size - at);
        buffer.set(bytes.subarray(at, at + n));
        source.onRead?.(buffer.subarray(0, n));
        buffer.fill(0);
      }
      expect(input()).toEqual({ kind: 'file', path: 'data.csv', bytes: size, sha256: reference(bytes) });
    });
  }
});

describe('the provenance hash through the CLI', () => {
  it('of piped input read in many chunks is the SHA-256 of the bytes, as by path', () => {
    const rows = Array.from({ length: 30000 }, (_, i) => `${i / 100},${((i * 7919) % 1000) / 10}`);
    const text = Buffer.from(`x,y\n${rows.join('\n')}\n`);
    const r = gradfit(['fit', '--degree', '1', '--json'], { input: text });
    expect(r.code).toBe(0);
    expect(json(r).provenance.input).toEqual({ kind: 'stdin', path: null, bytes: text.length, sha256: reference(text) });
  });
});

describe('the provenance hash taken on another thread', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i / 100},${((i * 7919) % 1000) / 10 + 0.123456789}`);

  it("of a long pipe is the SHA-256 of every byte: the pipe's reader thread takes it, from the bytes read before it was up", () => {
    // Past the 4 MB a pipe is read on the main thread before its reader thread starts.
    const text = Buffer.from(`x,y\n${rows(700_000).join('\n')}\n`);
    expect(text.length).toBeGreaterThan(12 << 20);
    const r = gradfit(['fit', '--degree', '1', '--json'], { input: text });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).provenance.input).toEqual({ kind: 'stdin', path: null, bytes: text.length, sha256: reference(text) });
  });

  it('of a large file read on one thread is taken by a worker reading the file, and is the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-hash-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'big.csv');
    const text = Buffer.from(`x,y\n${rows(100_000).join('\n')}\n`);
    writeFileSync(path, text);
    // Read on one thread (too small to split), and large enough to leave the digest to a worker.
    const env = { GRADFIT_INTERNAL_PARSE_MIN_BYTES: String(1 << 30), GRADFIT_INTERNAL_DIGEST_ELSEWHERE_BYTES: '1000' };
    const r = gradfit(['fit', path, '--degree', '1', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).provenance.input).toEqual({ kind: 'file', path, bytes: text.length, sha256: reference(text) });
    // Streamed (--save-fold folds the rows as they come) the same way.
    const fold = join(dir, 'part.fold.json');
    const s = gradfit(['fit', path, '--degree', '1', '--json', '--save-fold', fold], { env });
    expect(s.code, s.stderr).toBe(0);
    expect(json(s).provenance.input.sha256).toBe(reference(text));
  });
});

describe('text output', () => {
  it('takes no hash, even of a large input: node:crypto is never loaded (JSON loads it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-hash-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const preload = join(dir, 'report.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write(`crypto loaded: ${process.moduleLoadList.includes('NativeModule crypto')}\\n`));\n");
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i / 100},${((i * 7919) % 1000) / 10}`);
    const input = Buffer.from(`x,y\n${rows.join('\n')}\n`);
    expect(input.length).toBeGreaterThan(1 << 20);
    const env = { NODE_OPTIONS: `--require ${preload}` };
    const text = gradfit(['fit', '--degree', '1'], { input, env });
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('crypto loaded: false');
    const asJson = gradfit(['fit', '--degree', '1', '--json'], { input, env });
    expect(asJson.stderr).toContain('crypto loaded: true');
  });
});
