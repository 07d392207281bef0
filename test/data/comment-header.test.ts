/**
 * Column names on the comment line above the first row, as numpy's `savetxt(..., header='time
 * signal')`, gnuplot's `set table` and many instrument exports write them: with no header row,
 * the last comment line before the first row names the columns when it splits (after its `#` and
 * blanks, with the file's delimiter) into one name for each cell of that row, none a number, none
 * twice. Any other comment line is only a comment, as ever.
 */
import { describe, expect, it } from 'vitest';
import { type Table } from '../../src/data/index.js';
import { failure, pick, plain, readStdin, readText, type Options } from './helpers.js';

/** Read `text` from a file (with `options`), keeping the notes (their `file:` cut off). */
async function withNotes(text: string, options: Options = {}): Promise<{ table: Table; notes: string[] }> {
  const notes: string[] = [];
  const table = await readText(text, { select: pick('time', 'signal'), ...options, onNote: (m) => notes.push(m.replace(/^.*?:(\d+): /, '$1: ')) });
  return { table, notes };
}

const numpy = '# time signal\n0.5 3.2\n1.0 4.1\n1.5 5.0\n';

describe('names on the comment line above the first row', () => {
  it("numpy's savetxt(header='time signal'): a whitespace file, -x time -y signal", async () => {
    const { table, notes } = await withNotes(numpy);
    expect(table).toMatchObject({ hasHeader: true, header: ['time', 'signal'], names: ['time', 'signal'], delimiter: 'whitespace', n: 3 });
    expect(plain(table)).toEqual([[0.5, 1, 1.5], [3.2, 4.1, 5]]);
    expect(notes).toEqual(['1: column names taken from the comment on line 1 (time, signal); ‹noHeader› leaves it a comment']);
  });

  it('a comma file under # time,signal, by the fast path and by csv-parse', async () => {
    for (const reader of ['auto', 'csv-parse'] as const) {
      const { table, notes } = await withNotes('# time,signal\n0.5,3.2\n1.0,4.1\n', { reader });
      expect(table).toMatchObject({ header: ['time', 'signal'], delimiter: ',', reader: reader === 'auto' ? 'fast' : 'csv-parse', n: 2 });
      expect(plain(table)).toEqual([[0.5, 1], [3.2, 4.1]]);
      expect(notes).toHaveLength(1);
    }
  });

  it('#,time,signal (a spreadsheet\'s index column called #): the first name is #', async () => {
    for (const reader of ['auto', 'csv-parse'] as const) {
      const { table, notes } = await withNotes('#,time,signal\n1,0.5,3.2\n2,1.0,4.1\n', { reader });
      expect(table.header).toEqual(['#', 'time', 'signal']);
      expect(plain(table)).toEqual([[0.5, 1], [3.2, 4.1]]);
      expect(notes).toEqual(['1: column names taken from the comment on line 1 (#, time, signal); ‹noHeader› leaves it a comment']);
    }
    // A tab delimiter is no blank: #<tab> is the # column too.
    expect((await readText('#\ttime\tsignal\n1\t0.5\t3.2\n', { select: pick('#', 'signal') })).header).toEqual(['#', 'time', 'signal']);
  });

  it('tab and semicolon files, decimal commas, quoted names, a comment after the names', async () => {
    expect((await readText('# time\tsignal\n0.5\t3.2\n')).header).toEqual(['time', 'signal']);
    const decimal = await readText('# time;signal\n0,5;3,2\n1,0;4,1\n', { decimal: ',' });
    expect([decimal.header, plain(decimal)]).toEqual([['time', 'signal'], [[0.5, 1], [3.2, 4.1]]]);
    expect((await readText('# "time (s)" "signal [mV]"\n0.5 3.2\n')).header).toEqual(['time (s)', 'signal [mV]']);
    expect((await readText('# "time, s",signal\n0.5,3.2\n')).header).toEqual(['time, s', 'signal']);
    expect((await readText('# time signal   # units: s, mV\n0.5 3.2\n')).header).toEqual(['time', 'signal']);
    // A delimiter of several bytes (csv-parse reads such a file from its first line).
    expect(await readText('# time§signal\n0.5§3.2\n', { delimiter: '§' })).toMatchObject({ header: ['time', 'signal'], reader: 'csv-parse' });
  });

  it('the last comment line counts, with blank lines between it and the first row', async () => {
    const text = '# run 7, 2024-01-03\n#\n# time signal\n\n   \n0.5 3.2\n1.0 4.1\n';
    const { table, notes } = await withNotes(text);
    expect(table).toMatchObject({ header: ['time', 'signal'], n: 2 });
    expect(notes).toEqual(['3: column names taken from the comment on line 3 (time, signal); ‹noHeader› leaves it a comment']);
    // A comment line after the names is the last one: it names nothing, so neither does the file.
    expect((await readText('# time signal\n# calibrated\n0.5 3.2\n')).header).toBeNull();
  });

  it('a comment that does not name every column is only a comment, as before', async () => {
    for (const text of [
      '# measured on 2024-01-03 by J. Doe\n0.5 3.2\n1.0 4.1\n', // prose: more words than columns
      '# time signal error\n0.5 3.2\n1.0 4.1\n', // three names over two columns
      '# signal\n0.5 3.2\n',
      '# t 1\n0.5 3.2\n', // a number
      '# t nan\n0.5 3.2\n',
      '# t t\n0.5 3.2\n', // a name twice
      '# time,,signal\n0.5,3.2,1\n', // an empty name
      '# ,time,signal\n1,0.5,3.2\n', // a blank after the # and before the delimiter: an empty first name
      '#\n0.5 3.2\n',
      '# "time signal\n0.5 3.2\n', // a quote that does not close
    ]) {
      const { table, notes } = await withNotes(text, { select: pick('1', '2') });
      expect([text, table.hasHeader, table.header, notes]).toEqual([text, false, null, []]);
    }
    const e = await failure(readText('# measured on 2024-01-03 by J. Doe\n0.5 3.2\n', { select: pick('time', 'signal') }));
    expect(e.message).toBe("unknown column 'time': the file has no header row, so give a column number from 1 to 2");
  });

  it('a header row wins: the comment above it is only a comment', async () => {
    const { table, notes } = await withNotes('# time signal\nt s\n0.5 3.2\n', { select: pick('t', 's') });
    expect([table.header, notes]).toEqual([['t', 's'], []]);
    // ...and so does R's write.table header, one name short (the comment would name two of three).
    expect((await readText('# a b\n"t" "y"\n"1" 0.5 3.2\n', { select: pick('t', 'y') })).header).toEqual(['', 't', 'y']);
  });

  it('a trailing delimiter on the rows (or on the comment) is no column', async () => {
    const t = await readText('# time,signal\n0.5,3.2,\n1.0,4.1,\n', { select: pick('time', 'signal') });
    expect([t.header, t.width, plain(t)]).toEqual([['time', 'signal'], 2, [[0.5, 1], [3.2, 4.1]]]);
    expect((await readText('# time,signal,\n0.5,3.2\n')).header).toEqual(['time', 'signal']);
  });

  it('header false reads the comment as a comment; header true takes the first row, as for any file', async () => {
    const off = await withNotes(numpy, { header: false, select: pick('1', '2') });
    expect([off.table.hasHeader, off.table.header, off.table.n, off.notes]).toEqual([false, null, 3, []]);
    const forced = await withNotes(numpy, { header: true, select: pick('1', '2') });
    expect([forced.table.header, forced.table.n, forced.notes]).toEqual([['0.5', '3.2'], 2, []]);
    // (Names are never forced out of a comment: --header is about the first row.)
    expect((await readText('# t 1\n0.5 3.2\n1.0 4.1\n', { header: true })).header).toEqual(['0.5', '3.2']);
  });

  it('from a pipe in chunks of any size: the same names and the same note', async () => {
    for (const text of [numpy, '# time,signal\n0.5,3.2\n1.0,4.1\n1.5,5.0\n', '#,time,signal\n1,0.5,3.2\n2,1.0,4.1\n3,1.5,5.0\n']) {
      const file = await withNotes(text);
      for (const sizes of [[], [1], [2, 5], [7, 1, 13]]) {
        const notes: string[] = [];
        const piped = await readStdin(text, { select: pick('time', 'signal'), onNote: (m) => notes.push(m) }, sizes);
        expect([piped.source, piped.header, plain(piped)]).toEqual(['<stdin>', file.table.header, plain(file.table)]);
        expect(notes).toEqual([`<stdin>:1: ${file.notes[0].replace(/^1: /, '')}`]);
      }
    }
  });

  it('a bad cell is reported at its file:line:column, the comment and blank lines counted', async () => {
    const text = '# made by the logger\n\n# time signal\n0.5 3.2\n1.0 oops\n';
    expect((await failure(readText(text, { select: pick('time', 'signal') }))).message).toMatch(/:5:2: expected a number in column 2 \(signal\), found "oops"$/);
    expect((await failure(readStdin(text, { select: pick('time', 'signal') }, [3])))).toHaveProperty('message', '<stdin>:5:2: expected a number in column 2 (signal), found "oops"');
    const csv = '# time,signal\n0.5,3.2\n1.0,4.1,7\n';
    for (const reader of ['auto', 'csv-parse'] as const) {
      expect((await failure(readText(csv, { reader, select: pick('time', 'signal') }))).message).toMatch(/:3:3: 3 fields where the header has 2: an extra field "7"$/);
    }
    // After a handover to csv-parse at a quote, lines are still the file's.
    expect((await failure(readText('# time,signal\n0.5,"3.2"\n1.0,x\n', { select: pick('time', 'signal') }))).message).toMatch(/:3:2: expected a number in column 2 \(signal\), found "x"$/);
  });
});
