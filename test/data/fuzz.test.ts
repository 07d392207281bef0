/** Whatever bytes come in, the reader answers with a table or one DataError: never another exception, never a hang. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, readTable, type ReadOptions, type Table } from '../../src/data/index.js';
import { tempFile } from './helpers.js';

/** Bytes that matter to a CSV reader, mixed with anything at all. */
const soup = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'0123456789.,;\t |#"\r\n eE+-x'.split('').map((c) => c.charCodeAt(0))) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
  ),
  { maxLength: 300 },
);

async function attempt(bytes: Uint8Array, options: Omit<ReadOptions, 'select'>): Promise<Table | DataError> {
  const path = tempFile(bytes);
  try {
    return await readTable({ kind: 'file', path }, { ...options, select: (_names, width) => [0, width - 1] });
  } catch (e) {
    if (e instanceof DataError) {
      expect(e.message).not.toMatch(/\n/);
      return e;
    }
    throw e;
  }
}

describe('random bytes', () => {
  it('give a table or a one-line DataError, with any options', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), soup.map((b) => Uint8Array.from(b))),
        fc.record({ delimiter: fc.constantFrom(undefined, ',', ';', '\t', 'whitespace', '§'), skipInvalid: fc.boolean(), header: fc.constantFrom('auto' as const, false as const) }),
        async (bytes, options) => {
          const result = await attempt(bytes, options);
          if (!(result instanceof DataError)) {
            for (const column of result.columns) {
              expect(column.length).toBe(result.n);
              for (const v of column) expect(Number.isFinite(v)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('read the same with and without the fast path whenever both succeed', async () => {
    await fc.assert(
      fc.asyncProperty(soup.map((b) => Uint8Array.from(b)), fc.boolean(), async (bytes, skipInvalid) => {
        const fast = await attempt(bytes, { skipInvalid });
        const reference = await attempt(bytes, { skipInvalid, reader: 'csv-parse' });
        expect(fast instanceof DataError).toBe(reference instanceof DataError);
        if (!(fast instanceof DataError) && !(reference instanceof DataError)) {
          expect(fast.n).toBe(reference.n);
          expect(fast.columns.map((c) => Array.from(c))).toEqual(reference.columns.map((c) => Array.from(c)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
