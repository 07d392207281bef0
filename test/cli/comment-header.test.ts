/**
 * A file whose column names are on a comment line (numpy's `np.savetxt(..., header='time
 * signal')`, gnuplot, instrument exports): `gradfit fit data.dat -x time -y signal` reads them,
 * with a note, by path, on several threads and from a pipe; `--no-header` leaves the comment a
 * comment. Any other comment line is only a comment, as before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { gradfit, json, removeScratch, scratch } from './run.js';

// signal = 2.3 + 1.8·time, exactly.
const rows = (n: number, row: (t: number, y: number, i: number) => string): string =>
  Array.from({ length: n }, (_, i) => row(i / 2, 2.3 + 1.8 * (i / 2), i) + '\n').join('');

const dir = scratch({
  'numpy.dat': '# time signal\n' + rows(4, (t, y) => `${t.toExponential(18)} ${y.toExponential(18)}`),
  'comma.csv': '# time,signal\n' + rows(4, (t, y) => `${t},${y}`),
  'indexed.csv': '#,time,signal\n' + rows(4, (t, y, i) => `${i + 1},${t},${y}`),
  'prose.dat': '# measured on 2024-01-03 by J. Doe\n' + rows(4, (t, y) => `${t} ${y}`),
  'three.dat': '# time signal error\n' + rows(4, (t, y) => `${t} ${y}`),
  'blank.dat': '# logger v2\n# time signal\n\n\n' + rows(4, (t, y) => `${t} ${y}`),
  'bad.dat': '# time signal\n0 2.3\n0.5 3.2\n1 n/a\n',
  'big.dat': '# time signal\n' + rows(40_000, (t, y) => `${t} ${y}`),
  'wordy.dat': `# ${'w '.repeat(200_000)}\n` + rows(4, (t, y) => `${t} ${y}`),
});
afterAll(() => removeScratch(dir));

const file = (name: string): string => join(dir, name);
const note = (source: string, line = 1, names = 'time, signal'): string =>
  `gradfit: note: ${source}:${line}: column names taken from the comment on line ${line} (${names}); --no-header leaves it a comment\n`;
const FIT = ['-x', 'time', '-y', 'signal', '--degree', '1', '--json'];

describe('gradfit fit with the column names on a comment line', () => {
  it.each([
    ['numpy.dat', 1, 'time, signal'],
    ['comma.csv', 1, 'time, signal'],
    ['indexed.csv', 1, '#, time, signal'],
    ['blank.dat', 2, 'time, signal'],
  ])('%s: -x time -y signal fits, with a note naming the comment line', (name, line, names) => {
    const r = gradfit(['fit', file(name), ...FIT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(note(file(name), line, names));
    const out = json(r);
    expect(out.params.c0).toBeCloseTo(2.3, 12);
    expect(out.params.c1).toBeCloseTo(1.8, 12);
    expect(out.columns).toMatchObject({ x: 'time', y: 'signal', header: true, xColumn: name === 'indexed.csv' ? 2 : 1 });
  });

  it('from a pipe and on three threads: the same fit and the same note', () => {
    const one = gradfit(['fit', file('numpy.dat'), ...FIT]);
    const piped = gradfit(['fit', '-', ...FIT], { input: '# time signal\n' + rows(4, (t, y) => `${t.toExponential(18)} ${y.toExponential(18)}`) });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe(note('<stdin>'));
    expect(json(piped).params).toEqual(json(one).params);

    const env = (threads: number) => ({ GRADFIT_INTERNAL_PARSE_THREADS: String(threads), GRADFIT_INTERNAL_PARSE_MIN_BYTES: '1' });
    const single = gradfit(['fit', file('big.dat'), ...FIT], { env: env(1) });
    const threaded = gradfit(['fit', file('big.dat'), ...FIT], { env: env(3) });
    expect(threaded.code).toBe(0);
    expect(threaded.stderr).toBe(note(file('big.dat')));
    expect([json(threaded).params, json(threaded).stats.n]).toEqual([json(single).params, 40_000]);
  });

  it('--no-header leaves the comment a comment: the columns are 1 and 2, as before', () => {
    const r = gradfit(['fit', file('numpy.dat'), ...FIT, '--no-header']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "gradfit: error: unknown column 'signal': the file has no header row, so give a column number from 1 to 2\n"]);
    const numbered = gradfit(['fit', file('numpy.dat'), '-x', '1', '-y', '2', '--degree', '1', '--json', '--no-header']);
    expect([numbered.code, numbered.stderr]).toEqual([0, '']);
    expect(json(numbered).columns).toMatchObject({ x: '1', y: '2', header: false });
  });

  it('--header takes the first row for the names, as in any file (here two numbers)', () => {
    const r = gradfit(['fit', file('comma.csv'), ...FIT, '--header']);
    expect([r.code, r.stderr]).toEqual([2, "gradfit: error: unknown column 'signal'; the columns are: 0, 2.3\n"]);
  });

  it('a comment that does not name every column (prose, one name too many) is a comment, as before', () => {
    for (const name of ['prose.dat', 'three.dat']) {
      const r = gradfit(['fit', file(name), ...FIT]);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "gradfit: error: unknown column 'signal': the file has no header row, so give a column number from 1 to 2\n"]);
      const numbered = gradfit(['fit', file(name), '--degree', '1', '--json']);
      expect([numbered.code, numbered.stderr, json(numbered).columns.header]).toEqual([0, '', false]);
    }
  });

  it('a comment of 200,000 words over two columns is a comment (it names nothing), not a row too wide', () => {
    for (const more of [[], ['--no-header']]) {
      const r = gradfit(['fit', file('wordy.dat'), '--degree', '1', '--json', ...more]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(json(r).params.c1).toBeCloseTo(1.8, 12);
    }
  });

  it('a bad cell is the error at its file:line:column (the comment line counted), exit 2', () => {
    const r = gradfit(['fit', file('bad.dat'), '-x', 'time', '-y', 'signal', '--degree', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${note(file('bad.dat'))}gradfit: error: ${file('bad.dat')}:4:2: expected a number in column 2 (signal), found "n/a" (--skip-invalid drops such rows)\n`);
  });

  it('shell completion lists the names (gradfit columns)', () => {
    expect(gradfit(['columns', file('indexed.csv')]).stdout).toBe('#\ntime\nsignal\n');
  });
});
