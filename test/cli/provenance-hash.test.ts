/** The provenance hash (JSON output only): taken as the input is read, in chunks, it is the input's SHA-256. */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('text output', () => {
  it('takes no hash, even of a large input: node:crypto is never loaded (JSON loads it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-hash-'));
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
