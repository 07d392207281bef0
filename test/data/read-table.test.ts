import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DataError, learningList, readTable, type Table } from '../../src/data/index.js';
import { failure, pick, plain, readStdin, readText, tempDir, tempFile } from './helpers.js';

describe('readTable: what it reads', () => {
  it('reads a CSV with a header into named columns', async () => {
    const t = await readText('x,y\n1,2\n3,4.5\n');
    expect(t.names).toEqual(['x', 'y']);
    expect(plain(t)).toEqual([[1, 3], [2, 4.5]]);
    expect(t).toMatchObject({ n: 2, skipped: 0, firstSkipped: null, hasHeader: true, delimiter: ',', reader: 'fast' });
  });

  it('treats an all-number first row as data, and names columns by position', async () => {
    const t = await readText('1,2\n3,4\n');
    expect(t.hasHeader).toBe(false);
    expect(t.names).toEqual(['1', '2']);
    expect(plain(t)).toEqual([[1, 3], [2, 4]]);
  });

  it('takes a first row with an empty cell, NaN or an overflow as data, to report it', async () => {
    expect((await failure(readText('1,,3\n4,5,6\n'))).message).toMatch(/:1:2: expected a number in column 2, found an empty cell$/);
    expect((await failure(readText('1,NaN\n4,5\n'))).message).toMatch(/:1:2: expected a number in column 2, found "NaN"/);
    expect((await failure(readText('1e999,1\n4,5\n'))).message).toMatch(/:1:1: expected a number in column 1, found "1e999"/);
    expect(await readText('1,NaN\n4,5\n', { skipInvalid: true })).toMatchObject({ hasHeader: false, n: 1, skipped: 1 });
  });

  it('reads an R export: a quoted header with an empty name and quoted row names', async () => {
    const t = await readText('"","x","y"\n"1",0.5,1.5\n"2",1,2.5\n', { select: pick('x', 'y') });
    expect(t).toMatchObject({ reader: 'csv-parse', names: ['x', 'y'], n: 2 });
    expect(plain(t)).toEqual([[0.5, 1], [1.5, 2.5]]);
    expect((await readText('"","x"\n"1",2\n', { select: pick('1', 'x') })).names).toEqual(['1', 'x']);
  });

  it('treats lines of other whitespace as blank, and cells padded with it as numbers', async () => {
    const text = 'x,y\n\u00a0\n\u3000# note\n\v\f\n\u00a01,\u20032\u00a0\n';
    for (const reader of ['auto', 'csv-parse'] as const) {
      const t = await readText(text, { reader });
      expect(plain(t)).toEqual([[1], [2]]);
    }
  });

  it('with header false, never takes the first row as a header', async () => {
    const e = await failure(readText('x,y\n1,2\n', { header: false }));
    expect(e.message).toMatch(/:1:1: expected a number in column 1, found "x"$/);
    const t = await readText('x,y\n1,2\n', { header: false, skipInvalid: true });
    expect(t.names).toEqual(['1', '2']);
    expect(plain(t)).toEqual([[1], [2]]);
  });

  it('parses only the selected columns, in the order asked, by name or position', async () => {
    const t = await readText('label,x,y,sigma\nfirst,1,2,0.1\nsecond,3,4,0.2\n', { select: pick('sigma', 'x', '3') });
    expect(t.names).toEqual(['sigma', 'x', 'y']);
    expect(plain(t)).toEqual([[0.1, 0.2], [1, 3], [2, 4]]);
  });

  it('gives a column selected twice to both places', async () => {
    const t = await readText('x,y\n1,2\n3,4\n', { select: () => [1, 0, 1] });
    expect(plain(t)).toEqual([[2, 4], [1, 3], [2, 4]]);
  });

  it('tells select the trimmed header names and the width of the first row', async () => {
    const seen: unknown[] = [];
    await readText(' time , temp \n1,2\n', { select: (names, width) => (seen.push(names, width), [0]) });
    expect(seen).toEqual([['time', 'temp'], 2]);
    await readText('1,2,3\n', { select: (names, width) => (seen.push(names, width), [0]) });
    expect(seen.slice(2)).toEqual([null, 3]);
  });

  it('ignores text in columns that are not selected, and a trailing delimiter (no field after it)', async () => {
    expect(plain(await readText('x,y,label\n1,2,first\n3,4,second\n'))).toEqual([[1, 3], [2, 4]]);
    for (const text of ['x,y\n1,2,\n3,4,\n', 'x,y\n1,2, ,\n3,4\n', 'x;y\n1;2;\n3;4;\n', 'x\ty\n1\t2\t\n3\t4\t\n', 'x y\n1 2 \n3 4\t\n', 'x,y\n1,"2",\n3,4,\n']) {
      expect(plain(await readText(text))).toEqual([[1, 3], [2, 4]]);
    }
  });

  it('refuses a row with more fields than the header (a cell no column holds), or skips it', async () => {
    // A decimal comma written in a CSV (3,1,5 for x = 3, y = 1.5) would otherwise be read as y = 1.
    const text = 'x,y\n1,2.0\n2,4.1\n3,1,5\n4,8.2\n';
    expect((await failure(readText(text))).message).toMatch(/:4:3: 3 fields where the header has 2: an extra field "5"$/);
    expect((await failure(readStdin(text, {}, [5, 3]))).message).toBe('<stdin>:4:3: 3 fields where the header has 2: an extra field "5"');
    expect((await failure(readText(text, { reader: 'csv-parse' }))).message).toMatch(/:4:3: 3 fields where the header has 2: an extra field "5"$/);
    expect((await failure(readText('1 2\n3 4 oops\n'))).message).toMatch(/:2:3: 3 fields where the first row has 2: an extra field "oops"$/);
    expect((await failure(readText('x,y\n1,"2"\n3,4,,5\n'))).message).toMatch(/:3:4: 4 fields where the header has 2: an extra field "5"$/);
    const t = await readText(text, { skipInvalid: true });
    expect(plain(t)).toEqual([[1, 2, 4], [2, 4.1, 8.2]]);
    expect(t.firstSkipped).toMatch(/:4:3: 3 fields where the header has 2: an extra field "5"$/);
  });

  it('skips comment lines, trailing comments, blank lines and rows of empty cells', async () => {
    const t = await readText('# made by hand\nx,y\n\n1,2 # first\n   \n,,\n  # indented comment\n3,4\n#');
    expect(plain(t)).toEqual([[1, 3], [2, 4]]);
  });

  describe('a # starts a comment at the start of a line, or after a number or a quoted field; after text it is text', () => {
    const readers = ['auto', 'csv-parse'] as const;

    it('in a header: x,#cells,y and x,# of cells are names, not a header cut short', async () => {
      for (const reader of readers) {
        const t = await readText('x,#cells,y\n1,6.3,2.1\n2,11.7,3.9\n', { reader, select: pick('x', 'y', '#cells') });
        expect(t.header).toEqual(['x', '#cells', 'y']);
        expect(plain(t)).toEqual([[1, 2], [2.1, 3.9], [6.3, 11.7]]);
        expect((await readText('x,# of cells\n1,2\n', { reader })).header).toEqual(['x', '# of cells']);
        expect((await readText('x\t#cells\ty\n1\t6.3\t2.1\n', { reader, select: pick('y') })).header).toEqual(['x', '#cells', 'y']);
      }
      expect((await readStdin('x,#cells,y\n1,6.3,2.1\n', { select: pick('y') }, [1, 2])).header).toEqual(['x', '#cells', 'y']);
    });

    it('in a text cell: run #3, quoted or not, first, in the middle or last', async () => {
      for (const reader of readers) {
        for (const text of ['id,x,y\nrun #0,1,2.1\nrun #1,2,3.9\n', 'x,id,y\n1,run #0,2.1\n2,run #1,3.9\n', 'x,y,id\n1,2.1,run #0\n2,3.9,run #1\n', 'x,id,y\n1,"run #0",2.1\n2,"run #1",3.9\n']) {
          expect(plain(await readText(text, { reader, select: pick('x', 'y') }))).toEqual([[1, 2], [2.1, 3.9]]);
        }
      }
      const group = await readText('x,y,id\n1,2.1,run #0\n2,3.9,run #1\n3,5,run #0\n', { select: pick('x', 'id'), textColumns: () => new Map([[2, learningList()]]) });
      expect(plain(group)).toEqual([[1, 2, 3], [1, 2, 1]]);
    });

    it('after a number or a quoted field, with blanks, a delimiter or nothing between: a trailing comment, commas and quotes in it too', async () => {
      for (const reader of readers) {
        const t = await readText('x,y\n1,2 # first, "quoted"\n3,4#second\n"5",6 # c\n7,"8"# c\n  # indented\n', { reader });
        expect(plain(t)).toEqual([[1, 3, 5, 7], [2, 4, 6, 8]]);
      }
    });

    it('after text or an empty cell a # stays in its cell, and a cell that is no number says so', async () => {
      expect((await failure(readText('x,y,z\n1,,#3\n', { select: pick('z') }))).message).toMatch(/:2:3: expected a number in column 3 \(z\), found "#3"$/);
      // (After a number and a delimiter, it is a comment: the cell after 1 is empty.)
      expect((await failure(readText('x,y\n1,#2\n'))).message).toMatch(/:2:2: expected a number in column 2 \(y\), found an empty cell$/);
      expect(plain(await readText('x\ty\n1.0\t5.3\t# point 0\n2.0\t5.8\t#\n'))).toEqual([[1, 2], [5.3, 5.8]]);
      expect((await failure(readText('x,y\n1,n/a # lost\n'))).message).toMatch(/:2:2: expected a number in column 2 \(y\), found "n\/a # lost"$/);
    });

    it('in a whitespace-separated file, also at the start of a field; glued to text, it is text', async () => {
      for (const text of ['x y # units\n1.0 2.1 # c0\n2.0 3.9#c1\n', '# x y\n1.0\t2.1   # point 0\n2.0\t3.9\t#\n']) {
        expect(plain(await readText(text))).toEqual([[1, 2], [2.1, 3.9]]);
      }
      const t = await readText('id x y\nrun#0 1 2.1\nrun#1 2 3.9\n', { select: pick('x', 'y') });
      expect(plain(t)).toEqual([[1, 2], [2.1, 3.9]]);
    });

    it('from a pipe in chunks of any size, across a handover to csv-parse: # in quotes, and a comment holding a quote', async () => {
      const text = 'x,y,note\n1,2,"a #1\n# not a comment"\n3,4,"b" # c, with "quote\n"5",6,"#"\n7,8,run #2 # no comment after text\n';
      const notes = learningList();
      const whole = await readText(text, { select: pick('x', 'y', 'note'), textColumns: () => new Map([[2, notes]]) });
      expect(plain(whole)).toEqual([[1, 3, 5, 7], [2, 4, 6, 8], [1, 2, 3, 4]]);
      expect(notes).toEqual(['a #1\n# not a comment', 'b', '#', 'run #2 # no comment after text']);
      for (const sizes of [[1], [2, 3], [7, 1, 13]]) {
        const piped = await readStdin(text, { select: pick('x', 'y', 'note'), textColumns: () => new Map([[2, learningList()]]) }, sizes);
        expect(plain(piped)).toEqual(plain(whole));
      }
    });
  });

  describe('whitespace-separated: a quoted cell is one cell, blanks and # inside (R write.table, pandas sep=" ")', () => {
    const table = '"t" "y" "w" "note"\n"1" 0 1.5 99.6 "ok run"\n"2" 0.5 2.5 96.9 "ok run #2"\n"3" 1 3.5 95.0 "said ""stop"""\n"4" 1.5 4.5 94.8 "said \\"go\\""\n';

    it('reads the columns in place: row names, then t, y, w, and a text cell with a space', async () => {
      const notes = learningList();
      const t = await readText(table, { select: pick('t', 'y', 'note'), textColumns: () => new Map([[4, notes]]) });
      expect(t).toMatchObject({ delimiter: 'whitespace', header: ['', 't', 'y', 'w', 'note'], n: 4 });
      expect(plain(t)).toEqual([[0, 0.5, 1, 1.5], [1.5, 2.5, 3.5, 4.5], [1, 2, 3, 4]]);
      expect(notes).toEqual(['ok run', 'ok run #2', 'said "stop"', 'said "go"']);
      const piped = await readStdin(table, { select: pick('t', 'y') }, [1, 4, 9]);
      expect(plain(piped)).toEqual(plain(t).slice(0, 2));
    });

    it('reads quoted numbers as numbers, and a comment after a closing quote', async () => {
      expect(plain(await readText('"t" "y"\n"1.0" "2.0" # first\n"2.0" "4.1"#second\n'))).toEqual([[1, 2], [2, 4.1]]);
      expect((await readText('"time (s)" "T [K]" p\n1 2 3\n')).header).toEqual(['time (s)', 'T [K]', 'p']);
    });

    it('detects the delimiter of a quoted header with a line break inside, and a lone quote is only a character', async () => {
      const t = await readText('"Time\n(s)","Signal\n(mV)"\n1.0,2.0\n2.0,4.1\n');
      expect(t).toMatchObject({ delimiter: ',', header: ['Time\n(s)', 'Signal\n(mV)'], n: 2 });
      expect(await readText('height" weight\n1 2\n3 4\n')).toMatchObject({ delimiter: 'whitespace', header: ['height"', 'weight'], n: 2 });
      // A first line far longer than the quoted record is followed for.
      expect(await readText(`${'x'.repeat(200_000)},y\n1,2\n`)).toMatchObject({ delimiter: ',', n: 1 });
    });

    it('refuses a quote that does not close on its line, at its cell (or skips the row)', async () => {
      const text = 't y note\n1 2 "fine"\n3 4 "open\n5 6 "fine"\n';
      expect((await failure(readText(text))).message).toMatch(/:3:3: a quoted cell that does not end on its line; close its '"' \(a cell of a whitespace-separated file cannot span lines\)$/);
      const t = await readText(text, { skipInvalid: true });
      expect([plain(t), t.skipped]).toEqual([[[1, 5], [2, 6]], 1]);
    });
  });

  describe("a first row of numbers as pandas names unnamed columns (0,1,...): names when the rows say so, else data with a note", () => {
    const withNotes = async (read: (onNote: (m: string) => void) => Promise<Table>): Promise<{ table: Table; notes: string[] }> => {
      const notes: string[] = [];
      const table = await read((m) => notes.push(m.replace(/^.*?:(\d+): /, '$1: ')));
      return { table, notes };
    };

    it('0,1 over rows that write 2.0: the header, by path (comma, tab, whitespace, csv-parse) and from a pipe', async () => {
      for (const [text, options] of [
        ['0,1\n2.0,45.9\n4.0,42.5\n', {}],
        ['0\t1\n2.0\t45.9\n4.0\t42.5\n', {}],
        ['0 1\n2.0 45.9\n4.0 42.5\n', {}],
        ['0,1\n2.0,45.9\n4.0,42.5\n', { reader: 'csv-parse' }],
        ['0;1\n2,0;45,9\n4,0;42,5\n', { decimal: ',' }],
      ] as const) {
        // (By position: -y 1 would name the column called 1, the second.)
        const { table, notes } = await withNotes((onNote) => readText(text, { ...options, onNote, select: () => [0, 1] }));
        expect(table).toMatchObject({ hasHeader: true, header: ['0', '1'], n: 2 });
        expect(plain(table)).toEqual([[2, 4], [45.9, 42.5]]);
        expect(notes).toEqual(['1: the first row (0,1) is taken for column names, as pandas writes them over unnamed columns (the rows below write 2.0, not 2); ‹noHeader› reads it as data']);
      }
      const piped = await withNotes((onNote) => readStdin('0,1\n2.0,45.9\n4.0,42.5\n', { onNote }, [1, 2]));
      expect(piped.table).toMatchObject({ hasHeader: true, n: 2 });
      expect(piped.notes).toHaveLength(1);
    });

    it(',0,1 (pandas with its index): the header over an unnamed first column', async () => {
      const { table, notes } = await withNotes((onNote) => readText(',0,1\n0,2.0,45.9\n1,4.0,42.5\n', { onNote, select: (_names, width) => [1, width - 1] }));
      expect(table).toMatchObject({ header: ['', '0', '1'], n: 2 });
      expect(plain(table)).toEqual([[2, 4], [45.9, 42.5]]);
      expect(notes).toEqual(['1: the first row (,0,1) is taken for column names, as pandas writes them over unnamed columns, its index first; ‹noHeader› reads it as data']);
    });

    it('0,1 over rows that could follow it as data: data, with a note saying --header reads it as names', async () => {
      for (const text of ['0,1\n0.5,1.2\n1,1.5\n', '0,1\n1,3\n2,5\n', '1,2\n2,4.5\n3,6\n']) {
        const { table, notes } = await withNotes((onNote) => readText(text, { onNote }));
        expect(table).toMatchObject({ hasHeader: false, n: 3 });
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatch(/^1: the first row \((0,1|1,2)\) is read as data; if it names the columns, as pandas writes 0,1,\.\.\. over unnamed columns, give ‹header›$/);
      }
      const years = await withNotes((onNote) => readText('2019,2020\n2.0,45.9\n4.0,42.5\n', { onNote }));
      expect(years.table).toMatchObject({ hasHeader: false, n: 3 });
      expect(years.notes).toEqual(['1: the first row (2019,2020) is read as data, though the rows below write whole numbers with a point (2.0, not 2); if it names the columns, give ‹header›']);
    });

    it('says nothing of rows of whole numbers (1,2 over 2,4), a one-row file, or a header given either way', async () => {
      for (const [text, options, n] of [
        ['1,2\n2,4\n3,6\n', {}, 3],
        ['0,1\n', {}, 1],
        ['0,1\n2.0,45.9\n', { header: false }, 2],
        ['0,1\n0.5,1.2\n', { header: true }, 1],
      ] as const) {
        const { table, notes } = await withNotes((onNote) => readText(text, { ...options, onNote }));
        expect([table.n, notes]).toEqual([n, []]);
      }
      expect((await readText('0,1\n0.5,1.2\n', { header: true })).header).toEqual(['0', '1']);
    });
  });

  it('accepts spaces around cells, signs and exponents', async () => {
    const t = await readText('x , y\n +1 , -2.5e-1 \n .5,5.\n-0,1E+3\n');
    expect(plain(t)).toEqual([[1, 0.5, -0], [-0.25, 5, 1000]]);
    expect(Object.is(t.columns[0][2], -0)).toBe(true);
  });

  it('strips a UTF-8 BOM and reads CRLF and CR line breaks', async () => {
    const t = await readText('\ufeffx,y\r\n1,2\r\n3,4\r\n');
    expect(t.names).toEqual(['x', 'y']);
    expect(plain(t)).toEqual([[1, 3], [2, 4]]);
    const mac = await readText('x,y\r1,2\r3,4');
    expect(plain(mac)).toEqual([[1, 3], [2, 4]]);
  });

  it("takes Excel's first line sep=; as the delimiter, and not as a row", async () => {
    const t = await readText('\ufeffsep=;\r\nx;y\r\n1;2\r\n3;4\r\n');
    expect(t.names).toEqual(['x', 'y']);
    expect(t.delimiter).toBe(';');
    expect(plain(t)).toEqual([[1, 3], [2, 4]]);
    // A line number in a message still counts it.
    await expect(readText('sep=|\nx|y\n1|2\n3|oops\n')).rejects.toThrow(/:4:2: .*"oops"/);
    // A delimiter given on the command line wins; the line is still no row.
    expect(plain(await readText('sep=;\nx,y\n1,2\n', { delimiter: ',' }))).toEqual([[1], [2]]);
    // One that cannot separate numbers is refused, with the line that named it.
    await expect(readText('sep=.\n1.5.2\n')).rejects.toThrow(/:1: delimiter '\.' cannot separate numbers.*sep=\./);
    // Only the first line, only sep= and one character.
    await expect(readText('x,y\nsep=;\n')).rejects.toThrow(/:2: 1 field/);
    expect(plain(await readText('separator,value\n1,2\n'))).toEqual([[1], [2]]);
  });

  it('reads a last line without a line break', async () => {
    expect(plain(await readText('1,2\n3,4'))).toEqual([[1, 3], [2, 4]]);
  });

  it('detects tab, semicolon and whitespace delimiters from the first data line', async () => {
    expect(await readText('# c, with a comma\nt\ttemp\n0\t90\n1\t85\n')).toMatchObject({ delimiter: '\t', n: 2 });
    expect(plain(await readText('x;y\n1;2\n'))).toEqual([[1], [2]]);
    const gnuplot = await readText('# t  x\n   0.0   1.5\n   1.0\t\t2.5   # note\n\n  2.0 3.5');
    expect(gnuplot.delimiter).toBe('whitespace');
    expect(plain(gnuplot)).toEqual([[0, 1, 2], [1.5, 2.5, 3.5]]);
  });

  it('uses a delimiter it is given, including names like tab and whitespace', async () => {
    expect(plain(await readText('x|y\n1|2\n', { delimiter: '|' }))).toEqual([[1], [2]]);
    expect(plain(await readText('1 2\n3 4\n', { delimiter: 'whitespace' }))).toEqual([[1, 3], [2, 4]]);
    expect(plain(await readText('1\t2\n', { delimiter: 'tab' }))).toEqual([[1], [2]]);
    const e = await failure(readText('1,2\n', { delimiter: '.' }));
    expect(e).toBeInstanceOf(DataError);
  });

  it('reads a one-column file of x values', async () => {
    const t = await readText('0.5\n1.5\n2.5\n', { select: pick('1') });
    expect(plain(t)).toEqual([[0.5, 1.5, 2.5]]);
  });

  it('reads quoted fields with csv-parse, from the first quote on', async () => {
    const t = await readText('x,y,label\n1,2,plain\n3,4,"with, comma"\n5,"6","two\nlines"\n7,8,x\n', { select: pick('x', 'y') });
    expect(plain(t)).toEqual([[1, 3, 5, 7], [2, 4, 6, 8]]);
    expect(t).toMatchObject({ reader: 'fast+csv-parse', handoverLine: 3 });
    const quotedHeader = await readText('"x","y"\n1,2\n');
    expect(quotedHeader).toMatchObject({ reader: 'csv-parse', names: ['x', 'y'] });
  });

  it('reads a multi-byte delimiter character with csv-parse', async () => {
    const t = await readText('x§y\n1§2\n', { delimiter: '§' });
    expect(t).toMatchObject({ reader: 'csv-parse', names: ['x', 'y'] });
    expect(plain(t)).toEqual([[1], [2]]);
  });

  it('reads a Readable stream as <stdin>, in chunks of any size', async () => {
    const text = '\ufeffx,y\r\n# c\r\n1,2\r\n3,4\r\n5,"6"\r\n7,8\r';
    for (const sizes of [[], [1], [2, 3], [7]]) {
      const t = await readStdin(text, {}, sizes);
      expect(t.source).toBe('<stdin>');
      expect(plain(t)).toEqual([[1, 3, 5, 7], [2, 4, 6, 8]]);
    }
  });

  it('with skipInvalid, drops bad rows, counts them and remembers the first', async () => {
    const t = await readText('x,y\n1,2\n3,abc\n4\n5,NaN\n6,7\n', { skipInvalid: true });
    expect(plain(t)).toEqual([[1, 6], [2, 7]]);
    expect(t.skipped).toBe(3);
    expect(t.firstSkipped).toMatch(/:3:2: expected a number in column 2 \(y\), found "abc"$/);
  });

  it('returns columns exactly n long', async () => {
    const t = await readText('1,2\n3,4\n5,6\n');
    for (const c of t.columns) expect(c.length).toBe(3);
  });

  it('reads 200,000 generated rows exactly', async () => {
    const rows = 200_000;
    const lines = ['x,y'];
    for (let i = 0; i < rows; i++) lines.push(`${i * 0.001},${(i % 997) * 1.25e-3 - 0.5}`);
    const t = await readText(lines.join('\n'));
    expect(t.n).toBe(rows);
    expect(t.columns[0].length).toBe(rows);
    for (const i of [0, 1, 12_345, 199_999]) {
      expect(t.columns[0][i]).toBe(Number(`${i * 0.001}`));
      expect(t.columns[1][i]).toBe((i % 997) * 1.25e-3 - 0.5);
    }
  });

  describe('across chunks (1 MiB each, the next read while one is scanned)', () => {
    /** `count` rows `i,i/8,r` from `from` on (about 1 MiB per 60,000). */
    const rows = (from: number, count: number): string => {
      let text = '';
      for (let i = from; i < from + count; i++) text += `${i},${i / 8},r\n`;
      return text;
    };
    const expectRows = (t: { n: number; columns: Float64Array[] }, n: number): void => {
      expect(t.n).toBe(n);
      for (let i = 0; i < n; i++) {
        if (t.columns[0][i] !== i || t.columns[1][i] !== i / 8) expect.fail(`row ${i}: ${t.columns[0][i]}, ${t.columns[1][i]}`);
      }
    };

    it('reads lines longer than the room kept for an unfinished line, from a file and from stdin', async () => {
      const long = (n: number): string => `${n},${n / 8},${'label '.repeat(50_000)}\n`;
      const text = `x,y,label\n${rows(0, 60_000)}${long(60_000)}${long(60_001)}${rows(60_002, 60_000)}`;
      expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
      expectRows(await readText(text), 120_002);
      expectRows(await readStdin(text, {}, [200_000, 70_001, 1 << 20]), 120_002);
    });

    it('hands over to csv-parse with the chunk already read ahead, at the right line', async () => {
      const text = `x,y,label\n${rows(0, 80_000)}80000,10000,"quoted, label"\n${rows(80_001, 40_000)}`;
      const t = await readText(text);
      expect(t).toMatchObject({ reader: 'fast+csv-parse', handoverLine: 80_002 });
      expectRows(t, 120_001);
    });

    it('finds a NUL byte in a chunk read ahead of a handover, on its line', async () => {
      const text = Buffer.concat([Buffer.from(`x,y,label\n${rows(0, 80_000)}1,"2",x\n3,4,x\n`), Buffer.from([0])]);
      const e = await failure(readText(text, {}, 'data.csv'));
      expect(e.message).toMatch(/data\.csv does not look like a text file \(NUL byte at line 80004\)$/);
    });
  });
});

describe('readTable: errors name the place and what was found', () => {
  const message = async (content: string | Uint8Array, options = {}): Promise<string> => {
    const e = await failure(readText(content, options, 'data.csv'));
    expect(e).toBeInstanceOf(DataError);
    return e.message.replace(/^.*?data\.csv/, 'data.csv');
  };

  it.each([
    ['x,y\n1,2\n\n# c\n5,6\n7,abc\n', 'data.csv:6:2: expected a number in column 2 (y), found "abc"'],
    ['1,2\n3,abc\n', 'data.csv:2:2: expected a number in column 2, found "abc"'],
    ['x,y\n1,\n', 'data.csv:2:2: expected a number in column 2 (y), found an empty cell'],
    ['x,y\n1, NaN\n', 'data.csv:2:2: expected a number in column 2 (y), found "NaN" (only finite numbers are accepted)'],
    ['x,y\nnan,1\n', 'data.csv:2:1: expected a number in column 1 (x), found "nan" (only finite numbers are accepted)'],
    ['x,y\n1,inf\n', 'data.csv:2:2: expected a number in column 2 (y), found "inf" (only finite numbers are accepted)'],
    ['x,y\n1,Infinity\n', 'data.csv:2:2: expected a number in column 2 (y), found "Infinity" (only finite numbers are accepted)'],
    ['x,y\n0x1F,1\n', 'data.csv:2:1: expected a number in column 1 (x), found "0x1F"'],
    ['x;y\n1;1,5\n', 'data.csv:2:2: expected a number in column 2 (y), found "1,5" (for decimal commas like this one, set `decimal` to \',\')'],
    ['x,y\n1,1e999\n', 'data.csv:2:2: expected a number in column 2 (y), found "1e999", which is too large for a 64-bit float'],
    ['x,y\r\n1,2\r\n3,4x\r\n', 'data.csv:3:2: expected a number in column 2 (y), found "4x"'],
    ['x,y,label\n1,2,a\n3,"4 ",b\n5,"six",c\n', 'data.csv:4:2: expected a number in column 2 (y), found "six"'],
    ['x,y,note\n1,2,"a\nb"\n2,3\n4,z\n', 'data.csv:5:2: expected a number in column 2 (y), found "z"'],
    ['x,y,note\r\n1,2,"a\r\n\r\nb"\r\n2,3\r\n4,z\r\n', 'data.csv:6:2: expected a number in column 2 (y), found "z"'],
    ['x,y\n1,"oops\nline"\n', 'data.csv:2:2: expected a number in column 2 (y), found "oops\\nline"'],
    ['x,y\n1,2\n3\n', 'data.csv:3: 1 field, expected at least 2'],
    ['x,y\n1,2\n3 4\n', 'data.csv:3: 1 field, expected at least 2'],
    ['x,y\n' + 'y'.repeat(80) + ',1\n', `data.csv:2:1: expected a number in column 1 (x), found "${'y'.repeat(40)}…"`],
    ['x,y\n1,2\n# c\n3,"4\n5,6\n', 'data.csv:4: a quote opened on or after this line is never closed; a closing \'"\' is missing'],
    ['x,y\n1,"2"x\n', 'data.csv:2: a closing \'"\' must be followed by the delimiter or the end of the line'],
    ['x,y\n1,2"3"\n', 'data.csv:2: a \'"\' inside an unquoted field; quote the whole field and double the inner quotes'],
    ['', 'data.csv: no data rows'],
    ['x,y\n', 'data.csv: no data rows'],
    ['# nothing\n\n# here\n', 'data.csv: no data rows'],
    ['x,y\n\n', 'data.csv: no data rows'],
  ])('%j: %s', async (content, expected) => {
    expect(await message(content)).toBe(expected);
  });

  it('places a cell after a quoted line break on its own line', async () => {
    expect(await message('x,note,y\n1,"two\nlines",z\n', { select: pick('x', 'y') })).toBe(
      'data.csv:3:3: expected a number in column 3 (y), found "z"',
    );
  });

  it('names a non-UTF-8 byte in a numeric cell as \\xNN', async () => {
    const bytes = Buffer.concat([Buffer.from('x,y\n1,2\n3,4'), Buffer.from([0xff]), Buffer.from('\n')]);
    expect(await message(bytes)).toBe('data.csv:3:2: expected a number in column 2 (y), found "4\\xff"');
  });

  it('says when every row was dropped', async () => {
    expect(await message('x,y\n1,a\n2,b\n', { skipInvalid: true })).toMatch(
      /^data\.csv: no data rows: all 2 rows were dropped as not numeric \(the first: .*data\.csv:2:2: expected a number in column 2 \(y\), found "a"\)$/,
    );
  });

  it('skips ragged rows with skipInvalid', async () => {
    const t = await readText('x,y\n1\n2,3\n', { skipInvalid: true });
    expect(t.skipped).toBe(1);
    expect(t.firstSkipped).toMatch(/:2: 1 field, expected at least 2$/);
  });

  it('refuses binary garbage, naming the line of the first NUL byte', async () => {
    const bytes = Buffer.concat([Buffer.from('x,y\r\n1,2\r\n'), Buffer.from([0x50, 0x4b, 0x00, 0x03])]);
    expect(await message(bytes)).toBe('data.csv does not look like a text file (NUL byte at line 3)');
    const quoted = Buffer.concat([Buffer.from('x,y\n"1",2\n3,4\n'), Buffer.from([0])]);
    expect(await message(quoted)).toBe('data.csv does not look like a text file (NUL byte at line 4)');
  });

  it('refuses UTF-16 with a way out', async () => {
    expect(await message(Buffer.from('\ufeffx,y\n1,2\n', 'utf16le'))).toBe(
      'data.csv is UTF-16 text; convert it to UTF-8 first (e.g. iconv -f UTF-16 -t UTF-8)',
    );
  });

  it('refuses a line longer than 8 MiB', async () => {
    expect(await message(`x,y\n1,${'9'.repeat(9 * 1024 * 1024)}`)).toBe('data.csv:2: a line longer than 8 MiB; is this really a text table?');
  });

  it('refuses a quoted field longer than 8 MiB', async () => {
    expect(await message(`x,y\n1,2\n3,"${'9'.repeat(9 * 1024 * 1024)}"\n`)).toBe('data.csv:3: a field longer than 8 MiB; is this really a CSV file?');
  });

  it('lets errors from select through unchanged', async () => {
    const e = await failure(readText('x,y\n1,2\n', { select: pick('z') }));
    expect(e).toEqual(new DataError("unknown column 'z'; the columns are: x, y"));
    class Custom extends Error {}
    const custom = new Custom('mine');
    expect(await failure(readText('x,"y"\n1,2\n', { select: () => { throw custom; } }))).toBe(custom);
  });

  it('refuses a selected column beyond the first row', async () => {
    expect((await failure(readText('1,2\n', { select: () => [5] }))).message).toBe('there is no column 6: the file has 2 columns');
  });

  it('explains a missing file, a directory and a file it may not read', async () => {
    const missing = join(tempDir, 'nope.csv');
    expect(await failure(readTable({ kind: 'file', path: missing }, { select: pick('1') }))).toEqual(new DataError(`no such file: ${missing}`));
    expect(await failure(readTable({ kind: 'file', path: tempDir }, { select: pick('1') }))).toEqual(
      new DataError(`${tempDir} is a directory, not a file`),
    );
  });

  it.skipIf(process.getuid?.() === 0)('explains a file it may not read', async () => {
    const locked = tempFile('1,2\n', 'locked.csv');
    chmodSync(locked, 0o000);
    expect(await failure(readTable({ kind: 'file', path: locked }, { select: pick('1') }))).toEqual(
      new DataError(`cannot read ${locked}: permission denied`),
    );
  });

  it('explains a stream that fails part way, on either reader', async () => {
    for (const data of ['x,y\n1,2\n', 'x,y\n"1",2\n']) {
      let sent = false;
      const stream = new Readable({
        read() {
          if (sent) this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
          else this.push(data);
          sent = true;
        },
      });
      expect(await failure(readTable({ kind: 'stdin', stream }, { select: pick('1') }))).toEqual(new DataError('cannot read <stdin>: EIO: i/o error, read'));
    }
  });

  it('reports a bad cell, not the failure of the read that was under way meanwhile', async () => {
    let sent = false;
    const stream = new Readable({
      read() {
        if (sent) this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
        else this.push('x,y\n1,2\n3,abc\n');
        sent = true;
      },
    });
    const e = await failure(readTable({ kind: 'stdin', stream }, { select: pick('x', 'y') }));
    expect(e.message).toBe('<stdin>:3:2: expected a number in column 2 (y), found "abc"');
  });

  it('reports the same error from stdin, with <stdin> as the name', async () => {
    expect((await failure(readStdin('x,y\n1,2\n3,abc\n', {}, [3]))).message).toBe('<stdin>:3:2: expected a number in column 2 (y), found "abc"');
  });
});
