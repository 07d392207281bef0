/**
 * The data layer's part of issue 14: decimal commas (fast path and reference agree, correctly
 * rounded), delimiter detection on gnuplot's mixed tabs and spaces, R's write.table header (one
 * field short, quoted), a type letter after numbers that is no header, and `$N` in expressions.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellNumber, readNumber, scanDecimal, setColdNumbers } from '../../src/data/number.js';
import { detectDelimiter, WHITESPACE } from '../../src/data/delimiter.js';
import { freeIdentifiers, parse } from '../../src/expr/index.js';
import { hardDecimal } from './decimal-arbitraries.js';
import { failure, pick, plain, readText } from './helpers.js';

// Numbers converted by the code that takes over once warm, not by Number() as a thread's first are.
beforeAll(() => setColdNumbers(0));

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('decimal commas', () => {
  it('the fast path reads "d,ddd" exactly as Number() reads "d.ddd" (correctly rounded)', () => {
    fc.assert(
      fc.property(fc.oneof(hardDecimal, fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)), (text) => {
        if (text.includes(',')) return;
        const comma = text.replace('.', ',');
        const expected = cellNumber(bytes(text));
        const b = bytes(comma);
        expect(Object.is(scanDecimal(b, 0, b.length, 44), Number.isNaN(expected) ? NaN : expected) || (Number.isNaN(expected) && Number.isNaN(scanDecimal(b, 0, b.length, 44)))).toBe(true);
        expect(Object.is(cellNumber(b, 44), expected) || (Number.isNaN(expected) && Number.isNaN(cellNumber(b, 44)))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('a point is no decimal separator then, and a comma none by default', () => {
    expect(cellNumber(bytes('1.5'), 44)).toBeNaN();
    expect(cellNumber(bytes('1,5'))).toBeNaN();
    const out = new Float64Array(1);
    expect(readNumber(bytes('12345678901234567890,5;'), 0, 23, out, 0, 44)).toBe(22);
    expect(out[0]).toBe(12345678901234567890.5);
  });

  it('reads a write.csv2 file: ";" detected, decimal commas, quoted row names skipped by the caller', async () => {
    const t = await readText('"";"Time";"demand"\n"1";1;8,3\n"2";2;10,3\n', { decimal: ',', select: pick('Time', 'demand') });
    expect(t).toMatchObject({ delimiter: ';', hasHeader: true, header: ['', 'Time', 'demand'] });
    expect(plain(t)).toEqual([[1, 2], [8.3, 10.3]]);
    const u = await readText('a;b\n1;2,5\n3;4,25\n', { decimal: ',' });
    expect(u).toMatchObject({ delimiter: ';', reader: 'fast' });
    expect(plain(u)).toEqual([[1, 3], [2.5, 4.25]]);
  });

  it('a comma cannot be both the delimiter and the decimal separator', async () => {
    expect((await failure(readText('1,5\n', { decimal: ',', delimiter: ',' }))).message).toMatch(/cannot also separate fields/);
  });
});

describe('layouts', () => {
  it('numbers separated by a mix of tabs and spaces are whitespace-separated; a TSV with spaces in its names is not', () => {
    expect(detectDelimiter(bytes('39.471\t1.03307     1.0 \t0.98765     0.010'))).toBe(WHITESPACE);
    expect(detectDelimiter(bytes('1\t2\t3'))).toBe('\t');
    expect(detectDelimiter(bytes('Sepal Length\tSepal Width'))).toBe('\t');
    expect(detectDelimiter(bytes('1;2,5'), ',')).toBe(';');
  });

  it("R's write.table: a quoted header one field short of the data gets an unnamed first column", async () => {
    const t = await readText('"Time" "demand"\n"1" 1 8.3\n"2" 2 10.3\n', { select: pick('Time', 'demand') });
    expect(t).toMatchObject({ delimiter: WHITESPACE, header: ['', 'Time', 'demand'], width: 3 });
    expect(plain(t)).toEqual([[1, 2], [8.3, 10.3]]);
  });

  it('a header one field short of a row ending in an empty cell (a trailing delimiter) is not shifted', async () => {
    const t = await readText('x,y\n1,2,\n3,4,\n');
    expect(t.header).toEqual(['x', 'y']);
    expect(plain(t)).toEqual([[1, 3], [2, 4]]);
  });

  it('a first row with numbers beside a text cell is data, not a header', async () => {
    const t = await readText('\n 0  1  i\n 1  0.7  i\n');
    expect(t).toMatchObject({ hasHeader: false, n: 2 });
    // gnuplot's `set table` names the columns on the comment line above: the row is still data.
    const named = await readText('\n# x y type\n 0  1  i\n 1  0.7  i\n');
    expect(named).toMatchObject({ hasHeader: true, header: ['x', 'y', 'type'], n: 2 });
  });
});

describe('$N in expressions', () => {
  it('is an identifier of its own', () => {
    expect(freeIdentifiers(parse('a*$2 + $10 - x'))).toEqual(['a', '$2', '$10', 'x']);
  });
  it('is $ and digits only', () => {
    expect(() => parse('$2a')).toThrow(/digits only/);
    expect(() => parse('$a')).toThrow(/unexpected character '\$'/);
  });
});
