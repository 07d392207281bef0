/** The shipped fixtures read as the README's examples expect, and match their generator. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTable, resolveColumn, type Table } from '../../src/data/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => `${root}fixtures/${name}`;

function read(name: string, specs: string[], skipInvalid = false): Promise<Table> {
  return readTable({ kind: 'file', path: fixture(name) }, { skipInvalid, select: (names, width) => specs.map((s) => resolveColumn(s, names, width)) });
}

describe('fixtures', () => {
  it('are what make-fixtures.mjs writes', () => {
    const run = spawnSync(process.execPath, [fixture('make-fixtures.mjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each([
    ['parabola.csv', ['x', 'y'], 50, ',', 'fast'],
    ['decay.csv', ['t', 'counts'], 40, ',', 'fast'],
    ['cooling.tsv', ['time', 'temp'], 31, '\t', 'fast'],
    ['growth.csv', ['t', 'pop'], 25, ',', 'fast'],
    ['sensors.csv', ['x1', 'x2', 'y', 'sigma'], 30, ',', 'fast'],
  ])('%s has columns %j and %d rows', async (name, columns, rows, delimiter, reader) => {
    const t = await read(name, columns);
    expect(t).toMatchObject({ names: columns, n: rows, delimiter, reader, hasHeader: true, skipped: 0 });
  });

  it('spring.dat is whitespace-separated, with a comment and no header row', async () => {
    const t = await read('spring.dat', ['1', '2']);
    expect(t).toMatchObject({ names: ['1', '2'], n: 15, delimiter: 'whitespace', hasHeader: false });
    expect(t.columns[0][1]).toBe(0.35);
  });

  it('xs.txt is one x value per line', async () => {
    const t = await read('xs.txt', ['1']);
    expect(t).toMatchObject({ n: 15, hasHeader: false });
    expect(Array.from(t.columns[0]).slice(0, 3)).toEqual([-3, -2.5, -2]);
  });

  it('messy.csv needs --skip-invalid for its one missing reading, and reads past its BOM, CRLF, comment, quotes and blank line', async () => {
    await expect(read('messy.csv', ['x', 'y'])).rejects.toThrow(/messy\.csv:7:2: expected a number in column 2 \(y\), found "n\/a"$/);
    const t = await read('messy.csv', ['x', 'y'], true);
    expect(t).toMatchObject({ names: ['x', 'y'], n: 11, skipped: 1, reader: 'fast+csv-parse', handoverLine: 3 });
    expect(t.firstSkipped).toMatch(/messy\.csv:7:2: expected a number in column 2 \(y\), found "n\/a"$/);
  });
});
