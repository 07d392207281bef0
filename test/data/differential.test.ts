/**
 * The fast path must read exactly what csv-parse reads: same columns bit for bit (Object.is),
 * same names, same skipped rows, same errors. These properties fuzz tables and compare.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { readTable, type ReadOptions, type Table } from '../../src/data/index.js';
import { setColdNumbers } from '../../src/data/number.js';
import { plainTable, renderTable, type TableSpec } from './arbitraries.js';
import { tempFile } from './helpers.js';

// Numbers converted by the code that takes over once warm, not by Number() as a thread's first are.
beforeAll(() => setColdNumbers(0));

type Outcome = { table: Table } | { error: string };

/** A cell after which a '#' starts a comment in any file (src/data/comments.ts). */
const NUMBER_LIKE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)$/i;

async function outcome(read: () => Promise<Table>, name: string): Promise<Outcome> {
  try {
    return { table: await read() };
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'DataError') throw e;
    return { error: e.message.split(name).join('<data>') };
  }
}

function optionsFor(spec: TableSpec, reader: ReadOptions['reader']): ReadOptions {
  return {
    delimiter: spec.tellDelimiter ? spec.delimiter : undefined,
    skipInvalid: spec.skipInvalid,
    reader,
    select: (_names, width) => spec.picks.map((k) => k % width),
  };
}

function expectSame(a: Outcome, b: Outcome): void {
  if ('error' in a || 'error' in b) {
    expect(a).toEqual(b);
    return;
  }
  const [s, t] = [a.table, b.table];
  expect({ names: s.names, n: s.n, skipped: s.skipped, firstSkipped: s.firstSkipped?.split(s.source).join('<data>'), hasHeader: s.hasHeader, delimiter: s.delimiter }).toEqual({
    names: t.names,
    n: t.n,
    skipped: t.skipped,
    firstSkipped: t.firstSkipped?.split(t.source).join('<data>'),
    hasHeader: t.hasHeader,
    delimiter: t.delimiter,
  });
  expect(s.columns.length).toBe(t.columns.length);
  s.columns.forEach((column, k) => {
    const other = t.columns[k];
    expect(column.length).toBe(other.length);
    for (let i = 0; i < column.length; i++) {
      if (!Object.is(column[i], other[i])) expect.fail(`column ${k} row ${i}: ${column[i]} vs ${other[i]}`);
    }
  });
}

function chunked(text: string, sizes: number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

describe('fast path and csv-parse agree', () => {
  it('on plain numeric tables: numbers in many notations, CRLF/CR, blank and comment lines, header or not, bad cells', async () => {
    await fc.assert(
      fc.asyncProperty(plainTable, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), async (spec, sizes) => {
        const text = renderTable(spec);
        const path = tempFile(text);
        const fast = await outcome(() => readTable({ kind: 'file', path }, optionsFor(spec, 'auto')), path);
        const reference = await outcome(() => readTable({ kind: 'file', path }, optionsFor(spec, 'csv-parse')), path);
        expectSame(fast, reference);
        if ('table' in fast && fast.table.delimiter !== 'whitespace') {
          expect(fast.table.reader).toBe('fast');
          expect('table' in reference && reference.table.reader).toBe('csv-parse');
        }
        // The same bytes from a stream, cut into odd chunks, read the same.
        const streamed = await outcome(() => readTable({ kind: 'stdin', stream: chunked(text, sizes) }, optionsFor(spec, 'auto')), '<stdin>');
        expectSame(streamed, fast);
      }),
      { numRuns: 200 },
    );
  });

  it('on tables with quoted cells, where the fast path hands over to csv-parse at the first quote', async () => {
    const quoting = fc.func(fc.constantFrom('none', 'none', 'none', 'none', 'none', 'plain', 'label', 'label-crlf'));
    await fc.assert(
      fc.asyncProperty(plainTable, quoting, async (spec, how) => {
        const text = renderTable(spec, (c, row, column) => {
          const kind = how(row, column);
          if (kind === 'plain') return `"${c.trim()}"`;
          if (kind === 'label') return `"${c.trim()}${spec.delimiter} ""quoted""\nsecond line"`;
          if (kind === 'label-crlf') return `"${c.trim()}\r\n\r\n# not a comment"`;
          return c;
        });
        const path = tempFile(text);
        const fast = await outcome(() => readTable({ kind: 'file', path }, optionsFor(spec, 'auto')), path);
        const reference = await outcome(() => readTable({ kind: 'file', path }, optionsFor(spec, 'csv-parse')), path);
        expectSame(fast, reference);
      }),
      { numRuns: 200 },
    );
  });

  it('on whitespace-separated tables, read by the fast path, as csv-parse reads the same cells between commas (quoted or not)', async () => {
    const separators = [' ', '\t', '   ', ' \t ', '\t\t'];
    const quoting = fc.func(fc.constantFrom('none', 'none', 'none', 'none', 'none', 'plain', 'label'));
    await fc.assert(
      fc.asyncProperty(plainTable, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), quoting, async (spec, sizes, how) => {
        // Whitespace cannot hold an empty cell or padding: trim cells, and fill blank ones with text.
        // A comment line above the first row may name the columns, split as a row is: words are
        // cells between blanks but one cell between commas, so such a line keeps one word here.
        const cells: TableSpec = {
          ...spec,
          lines: spec.lines.map((line) => ('text' in line ? { text: line.text.replace(/^(\s*#\s*[^\s,]*).*$/, '$1') } : { ...line, cells: line.cells.map((c) => c.trim() || 'abc') })),
        };
        // Quoted cells as R's write.table writes text: blanks, '#' and doubled quotes inside.
        const quote = (c: string, row: number, column: number): string => {
          const kind = how(row, column);
          return kind === 'plain' ? `"${c}"` : kind === 'label' ? `"${c} and #1 ""q"""` : c;
        };
        const spaced = renderTable(cells, quote, (row, column) => separators[(row + 7 * column + 7) % separators.length]);
        // A '#' after a blank starts a comment between whitespace-separated cells, but is part of
        // a text cell between commas (abc # note): there, such a comment is left out.
        const commentAfter = (line: { cells: string[] }, row: number): boolean => {
          const last = line.cells.length - 1;
          return how(row, last) !== 'none' || NUMBER_LIKE.test(line.cells[last]);
        };
        const commas = renderTable(
          { ...cells, delimiter: ',', lines: cells.lines.map((line, row) => ('text' in line || commentAfter(line, row) ? line : { ...line, comment: null })) },
          quote,
        );
        const path = tempFile(spaced);
        const options = (delimiter: string, reader: ReadOptions['reader']): ReadOptions => ({ ...optionsFor(cells, reader), delimiter });
        const fast = await outcome(() => readTable({ kind: 'file', path }, options('whitespace', 'auto')), path);
        const commaPath = tempFile(commas);
        const reference = await outcome(() => readTable({ kind: 'file', path: commaPath }, options(',', 'csv-parse')), commaPath);
        const asComma = (o: Outcome): Outcome => ('table' in o ? { table: { ...o.table, delimiter: ',' } } : o);
        expectSame(asComma(fast), reference);
        const streamed = await outcome(() => readTable({ kind: 'stdin', stream: chunked(spaced, sizes) }, options('whitespace', 'auto')), '<stdin>');
        expectSame(streamed, fast);
      }),
      { numRuns: 200 },
    );
  });
});
