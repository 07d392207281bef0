/** The provenance hash: small inputs are kept and hashed when asked, large ones as they are read; both are the input's SHA-256. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedSource } from '../../src/cli/provenance.js';

const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the provenance hash', () => {
  for (const size of [0, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_000]) {
    it(`is the input's SHA-256 in chunks (${size} bytes)`, () => {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7919) & 0xff);
      const { source, input } = hashedSource({ kind: 'file', path: 'data.csv' });
      // The reader reuses its buffer: the hash must not keep views of it.
      const buffer = new Uint8Array(65536);
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
