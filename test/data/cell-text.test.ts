import { describe, expect, it } from 'vitest';
import { describeFound, isBlankCell, likeItsColumn, showCell } from '../../src/data/cell-text.js';
import { wordOptions } from '../../src/errors.js';

const b = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('showCell', () => {
  it('trims and shows plain text as is', () => {
    expect(showCell(b('  abc \t'))).toBe('abc');
    expect(showCell(b('Zürich'))).toBe('Zürich');
  });

  it('escapes control characters, quotes and backslashes', () => {
    expect(showCell(b('a\tb\x01"\\'))).toBe('a\\tb\\x01\\"\\\\');
  });

  it('shows bytes that are not UTF-8 as \\xNN', () => {
    expect(showCell(Uint8Array.from([0x31, 0xff, 0x2e, 0x35]))).toBe('1\\xff.5');
    expect(showCell(Uint8Array.from([0xc3]))).toBe('\\xc3');
    expect(showCell(Uint8Array.from([0xe0, 0x80, 0x80]))).toBe('\\xe0\\x80\\x80');
  });

  it('cuts long text at 40 characters with an ellipsis', () => {
    const shown = showCell(b('x'.repeat(100)));
    expect(shown).toBe(`${'x'.repeat(40)}…`);
  });

  it('knows blank cells, whatever the whitespace', () => {
    expect(isBlankCell(b(' \t\u00a0\u3000'))).toBe(true);
    expect(isBlankCell(b(' . '))).toBe(false);
  });
});

describe('describeFound', () => {
  it.each([
    ['', 'an empty cell'],
    ['  ', 'an empty cell'],
    ['abc', '"abc"'],
    ['NaN', '"NaN" (only finite numbers are accepted)'],
    ['-inf', '"-inf" (only finite numbers are accepted)'],
    ['1e999', '"1e999", which is too large for a 64-bit float'],
    ['1,5', '"1,5" (for decimal commas like this one, set --decimal to \',\')'],
    ['-,5e3', '"-,5e3" (for decimal commas like this one, set --decimal to \',\')'],
    ['1,5,0', '"1,5,0"'],
    ['1,234.5', '"1,234.5" (thousands separators are not read: write 1234.5)'],
    ['2024-01-15', '"2024-01-15" (a date or time: gradfit reads numbers, so convert it to one first, such as days or seconds since the first row)'],
    ['2024-01-15T10:30:00Z', '"2024-01-15T10:30:00Z" (a date or time: gradfit reads numbers, so convert it to one first, such as days or seconds since the first row)'],
    ['15/01/2024 10:30', '"15/01/2024 10:30" (a date or time: gradfit reads numbers, so convert it to one first, such as days or seconds since the first row)'],
    ['10:30:15.5', '"10:30:15.5" (a date or time: gradfit reads numbers, so convert it to one first, such as days or seconds since the first row)'],
    ['12-34', '"12-34"'],
    ['-12,345,678.', '"-12,345,678." (thousands separators are not read: write -12345678.)'],
    ['1.234,5', '"1.234,5" (thousands separators are not read: write 1234,5, with --decimal \',\')'],
    ['0x1F', '"0x1F"'],
    ['2.1D+00', `"2.1D+00" (a Fortran exponent: write 2.1E+00; sed 's/\\([0-9.]\\)[dD]\\([-+]*[0-9]\\)/\\1E\\2/g' rewrites a file)`],
    ['-.5d-3', `"-.5d-3" (a Fortran exponent: write -.5E-3; sed 's/\\([0-9.]\\)[dD]\\([-+]*[0-9]\\)/\\1E\\2/g' rewrites a file)`],
    ['1D', '"1D"'],
    // A whole number grouped in threes is thousands, not a decimal comma (--decimal , would read 1,000 as 1).
    ['1,000', '"1,000" (the file seems to use thousands separators, which are not read: write 1000)'],
    ['-12,345,678', '"-12,345,678" (the file seems to use thousands separators, which are not read: write -12345678)'],
    ['0,500', '"0,500" (for decimal commas like this one, set --decimal to \',\')'],
    ['1,5000', '"1,5000" (for decimal commas like this one, set --decimal to \',\')'],
  ])('describes %j as %s', (cell, expected) => {
    expect(wordOptions(describeFound(b(cell)), 'flags')).toBe(expected);
  });
});

describe('likeItsColumn', () => {
  it('tells a number written with a decimal comma or thousands separators, or a date, from other text', () => {
    for (const cell of ['1,5', ' -0,25 ', '+,5', '6,02e23', '1,5E-3', '1,234.5', '1.234,5', '2024-01-15', '10:30', '1.5D+03']) expect(likeItsColumn(b(cell))).toBe(true);
    for (const cell of ['1.5', '1,5,0', '1,', 'a,5', '1 000,5', '', '12,34.5']) expect(likeItsColumn(b(cell))).toBe(false);
  });

  it('under --decimal , a decimal point is the other notation, and a decimal comma is not', () => {
    expect(likeItsColumn(b('2.5'), 44)).toBe(true);
    expect(wordOptions(describeFound(b('2.5'), 44), 'flags')).toBe('"2.5" (a decimal point, where --decimal \',\' reads decimal commas: write 2,5)');
    expect(likeItsColumn(b('2,5'), 44)).toBe(false);
    expect(describeFound(b('1e999'), 44)).toBe('"1e999", which is too large for a 64-bit float');
  });

  it('under --decimal , a whole number grouped in threes by points (1.000) is thousands, not a decimal point to write as 1,000', () => {
    expect(describeFound(b('1.000'), 44)).toBe('"1.000" (the file seems to use thousands separators, which are not read: write 1000)');
    expect(describeFound(b('12.345.678'), 44)).toBe('"12.345.678" (the file seems to use thousands separators, which are not read: write 12345678)');
    expect(likeItsColumn(b('1.000'), 44)).toBe(true);
    expect(wordOptions(describeFound(b('0.500'), 44), 'flags')).toBe('"0.500" (a decimal point, where --decimal \',\' reads decimal commas: write 0,500)');
  });
});
