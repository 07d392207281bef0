import { describe, expect, it } from 'vitest';
import { resolveColumn } from '../../src/data/columns.js';
import { DataError } from '../../src/data/errors.js';

const names = ['x', 'y', 'sigma'];

describe('resolveColumn', () => {
  it('finds header names and 1-based positions', () => {
    expect(resolveColumn('sigma', names, 3)).toBe(2);
    expect(resolveColumn('2', names, 3)).toBe(1);
    expect(resolveColumn(' y ', names, 3)).toBe(1);
    expect(resolveColumn('3', null, 3)).toBe(2);
  });

  it('prefers a header name over a position', () => {
    expect(resolveColumn('1', ['t', '1'], 2)).toBe(1);
  });

  it('lists the columns when a name is unknown', () => {
    expect(() => resolveColumn('z', names, 3)).toThrow(new DataError("unknown column 'z'; the columns are: x, y, sigma"));
  });

  it('asks for a number when there is no header', () => {
    expect(() => resolveColumn('y', null, 2)).toThrow("unknown column 'y': the file has no header row, so give a column number from 1 to 2");
  });

  it('refuses positions out of range', () => {
    expect(() => resolveColumn('4', names, 3)).toThrow('there is no column 4: the file has 3 columns: x, y, sigma');
    expect(() => resolveColumn('0', null, 3)).toThrow('there is no column 0: columns are numbered from 1 (the file has 3 columns)');
    expect(() => resolveColumn('2', null, 1)).toThrow('there is no column 2: the file has 1 column');
  });

  it('refuses an ambiguous name and an empty one', () => {
    expect(() => resolveColumn('x', ['x', 'y', 'x'], 3)).toThrow("column name 'x' is ambiguous: columns 1 and 3 are both called that; give the column number instead");
    expect(() => resolveColumn(' ', names, 3)).toThrow(DataError);
  });
});
