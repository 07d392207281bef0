/**
 * Files as other tools write them (issue 14): R's write.csv, write.csv2 and write.table, pandas'
 * to_csv with and without its index, a spreadsheet export (BOM, CRLF, quotes, decimal commas) and
 * gnuplot's demo data and `set table` output. The files are in test/reference-data/files, written
 * by the real tools (make-files.sh says how); these tests never need the tools.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradfit, REFERENCE } from './run.js';

const file = (name: string): string => join(REFERENCE, 'files', name);

/** Run a fit with --json; the parsed result and stderr. */
function fitJson(args: string[], env: Record<string, string> = {}): { json: Record<string, any>; stderr: string; code: number } {
  const r = gradfit(['fit', ...args, '--json'], { env });
  return { json: r.stdout ? JSON.parse(r.stdout) : {}, stderr: r.stderr, code: r.code };
}

/** `body` run on a scratch file holding `text` (removed after). */
function withFile<T>(text: string, body: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gradfit-files-'));
  try {
    const path = join(dir, 'd.csv');
    writeFileSync(path, text);
    return body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// BOD (R's datasets): demand = 8.521428571428... + 1.721428571428...·Time.
const BOD = { c0: 8.521428571428571, c1: 1.7214285714285714 };

describe('files other tools write', () => {
  it.each([
    ['r-write-csv-BOD.csv', [], ',', true],
    ['r-write-csv-BOD-norownames.csv', [], ',', false],
    ['r-write-csv2-BOD.csv', ['--decimal', ','], ';', true],
    ['r-write-table-BOD.txt', [], 'whitespace', true],
  ])('%s: --degree 1 fits demand against Time, never against the row names', (name, flags, delimiter, rowNames) => {
    const { json, code } = fitJson([file(name), '--degree', '1', ...(flags as string[])]);
    expect(code).toBe(0);
    expect(json.params.c0).toBeCloseTo(BOD.c0, 10);
    expect(json.params.c1).toBeCloseTo(BOD.c1, 10);
    expect(json.columns).toMatchObject({ x: 'Time', y: 'demand', delimiter, header: true, rowNames });
  });

  it('says on stderr in text mode what it read and chose', () => {
    const r = gradfit(['fit', file('r-write-csv-BOD.csv'), '--degree', '1', '--no-chart']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "gradfit: read test/reference-data/files/r-write-csv-BOD.csv: ','-separated, header row, first column (unnamed) is row names, skipped; x = Time, y = demand\n".replace(
        'test/reference-data/files/r-write-csv-BOD.csv',
        file('r-write-csv-BOD.csv'),
      ),
    );
  });

  it('write.table\'s quoted header names its columns: -x Time works', () => {
    const { json, code } = fitJson([file('r-write-table-BOD.txt'), '--model', 'a + b*Time', '-y', 'demand']);
    expect(code).toBe(0);
    expect(json.params.b).toBeCloseTo(BOD.c1, 10);
  });

  it('pandas: the unnamed index is skipped; the model names its columns, the response is the next one', () => {
    for (const name of ['pandas-index.csv', 'pandas-noindex.csv']) {
      const { json, code } = fitJson([file(name), '--model', 'a*exp(-k*t)']);
      expect(code).toBe(0);
      expect(json.columns).toMatchObject({ y: 'y', data: ['t'], rowNames: name === 'pandas-index.csv' });
      expect(json.params.k).toBeCloseTo(0.4986, 3);
    }
  });

  it('a spreadsheet export: BOM, CRLF, quoted cells, ";" and decimal commas with --decimal ,', () => {
    const { json, code } = fitJson([file('pandas-excel-de.csv'), '--decimal', ',', '--model', 'a*exp(-k*t)']);
    expect(code).toBe(0);
    expect(json.columns).toMatchObject({ y: 'y', delimiter: ';', decimal: ',' });
    const plain = fitJson([file('pandas-noindex.csv'), '--model', 'a*exp(-k*t)']);
    expect(json.params).toEqual(plain.json.params);
  });

  it('gnuplot\'s lcdemo.dat (tabs and spaces mixed, no header): $N columns, a sigma column', () => {
    const { json, code } = fitJson([file('gnuplot-lcdemo.dat'), '--model', 'a + b*$1', '-y', '$2', '--sigma', '$5', '--where', '$1 < 45']);
    expect(code).toBe(0);
    expect(json.columns).toMatchObject({ delimiter: 'whitespace', header: false, data: ['$1'], where: '$1 < 45' });
    expect(json.stats.n).toBeLessThan(json.columns.rowsRead);
    const all = fitJson([file('gnuplot-lcdemo.dat'), '--degree', '1']);
    expect(all.code).toBe(0);
    expect(all.json.stats.n).toBe(all.json.columns.rowsRead);
  });

  it('a model with $N is saved, and predict reads that position of its input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-files-'));
    try {
      const model = join(dir, 'm.json');
      const fit = gradfit(['fit', file('gnuplot-lcdemo.dat'), '--model', 'a + b*$1', '-y', '$2', '-q', '--save', model]);
      expect(fit.code).toBe(0);
      const p = gradfit(['predict', model], { input: '40\n45\n' });
      expect(p.code).toBe(0);
      expect(p.stdout.trim().split('\n')).toHaveLength(3);
      const q = gradfit(['predict', model, file('gnuplot-lcdemo.dat')]);
      expect(q.code).toBe(0);
      expect(q.stdout.split('\n')[1]).toMatch(/^39\.471,1\.03/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-y naming a header with a space in it is that column, not an expression', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-files-'));
    try {
      const path = join(dir, 'spaced.csv');
      writeFileSync(path, 'time (s),my col\n0,1\n1,3\n2,5\n3,7\n');
      const { json, code } = fitJson([path, '--model', 'a + b*x', '-x', 'time (s)', '-y', 'my col']);
      expect(code).toBe(0);
      expect(json.params.b).toBeCloseTo(2, 12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gnuplot\'s set table output: a type letter after the numbers is no header; the comment line above names the columns', () => {
    const { json, code, stderr } = fitJson([file('gnuplot-table.dat'), '--model', 'a*exp(-x/s)']);
    expect(code).toBe(0);
    expect(json.columns).toMatchObject({ header: true, x: 'x', y: 'y' });
    expect(json.params.s).toBeCloseTo(3, 5);
    expect(stderr).toBe(`gradfit: note: ${file('gnuplot-table.dat')}:4: column names taken from the comment on line 4 (x, y, type); --no-header leaves it a comment\n`);
    const numbered = fitJson([file('gnuplot-table.dat'), '--model', 'a*exp(-x/s)', '--no-header']);
    expect(numbered.json.columns).toMatchObject({ header: false, x: '1', y: '2' });
    expect(numbered.json.params.s).toBeCloseTo(3, 5);
  });

  it('-y takes an expression of columns: log(Volume) on R\'s trees', () => {
    const { json, code } = fitJson([file('r-write-csv-trees.csv'), '--model', 'a + b*log(Girth)', '-y', 'log(Volume)']);
    expect(code).toBe(0);
    expect(json.columns).toMatchObject({ y: 'log(Volume)', data: ['Girth'], rowNames: true });
    expect(json.params.b).toBeCloseTo(2.19997, 4);
  });

  it('--where keeps rows by a condition of columns; a text column elsewhere is harmless', () => {
    const { json, code } = fitJson([file('r-write-csv-Puromycin.csv'), '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', 'conc > 0.05']);
    expect(code).toBe(0);
    expect(json.stats.n).toBe(19);
    expect(json.columns.rowsRead).toBe(23);
  });

  it('--where compares a text column with a string: Puromycin\'s treated rows (nls: Vm 212.68, K 0.06412)', () => {
    const { json, code } = fitJson([file('r-write-csv-Puromycin.csv'), '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', 'state == "treated"']);
    expect(code).toBe(0);
    expect(json.stats.n).toBe(12);
    expect(json.params.Vm).toBeCloseTo(212.6837, 3);
    expect(json.params.K).toBeCloseTo(0.064121, 5);
    const other = fitJson([file('r-write-csv-Puromycin.csv'), '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', "state != 'treated'"]);
    expect(other.json.stats.n).toBe(11);
  });

  it.each([
    ['R write.csv(data.frame(y, x))', '"","y","x"\n"1",4.87,1\n"2",7.1,2\n"3",8.9,3\n"4",11.2,4\n', []],
    ['y before x, no row names', 'y,x\n4.87,1\n7.1,2\n8.9,3\n11.2,4\n', []],
    ['y last, -x given', 'x,z,y\n1,0,4.87\n2,0,7.1\n3,0,8.9\n4,0,11.2\n', ['-x', 'x']],
  ])('%s: the columns called x and y are x and the response, wherever they stand', (_name, text, flags) => {
    withFile(text, (path) => {
      const { json, code } = fitJson([path, '--degree', '1', ...(flags as string[])]);
      expect(code).toBe(0);
      expect(json.columns).toMatchObject({ x: 'x', y: 'y' });
      expect(json.params.c1).toBeCloseTo(2.079, 10);
    });
  });

  it('a header one name short over rows whose first cell is a measurement (0.5), not a row name, keeps its names in place', () => {
    withFile('time,signal\n0.5,2.1,0.11\n1.0,3.9,0.12\n1.5,6.2,0.09\n2.0,8.1,0.10\n2.5,9.8,0.13\n', (path) => {
      const { json, code } = fitJson([path, '--degree', '1', '-x', 'time', '-y', 'signal']);
      expect(code).toBe(0);
      expect(json.columns).toMatchObject({ x: 'time', y: 'signal', rowNames: false });
      expect(json.params.c1).toBeCloseTo(3.92, 10);
    });
  });

  it.each([
    ['a |-separated file', 'x|y\n1|2\n2|3\n3|5\n', [], /the file has one column \(x\|y\), and a fit/],
    ['a ;-separated file read with --delimiter ,', 'x;y\n1;2\n2;3\n3;5\n', ['--delimiter', ','], /one column \(x;y\) with --delimiter ',', and a fit/],
  ])('%s: one column is said as such (not "-x and -y name the same column"), exit 2', (_name, text, flags, message) => {
    withFile(text, (path) => {
      const r = gradfit(['fit', path, '--degree', '1', ...(flags as string[])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/check the delimiter/);
    });
  });

  it('--skip-invalid\'s note on the first row it dropped names flags as flags', () => {
    withFile('x;y\n1;2,5\n2;1.234,5\n3;7,5\n4;9,0\n', (path) => {
      const r = gradfit(['fit', path, '--degree', '1', '--decimal', ',', '--skip-invalid', '-q']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/skipped 1 row .*thousands separators are not read: write 1234,5, with --decimal ','/);
      expect(r.stderr).not.toMatch(/‹|›/);
    });
  });

  it('a model that does not use x needs no -x (NIST Longley, whose first column is y)', () => {
    const longley = join(REFERENCE, 'nist', 'Longley.csv');
    const { json, code } = fitJson([longley, '--model', 'B0 + B1*x1 + B2*x2 + B3*x3 + B4*x4 + B5*x5 + B6*x6', '-y', '1']);
    expect(code).toBe(0);
    expect(json.params.B6).toBeCloseTo(1829.15146461355, 6);
  });
});

describe('bad input keeps its contract: one line, exit 2', () => {
  it.each([
    [['r-write-csv-BOD.csv', '--model', 'a+b*$0'], /there is no column \$0/],
    [['r-write-csv-BOD.csv', '--model', 'a+b*$99'], /there is no column \$99: the file has 3 columns/],
    [['r-write-csv-BOD.csv', '--model', 'a+b*Time', '--where', 'Time > 100'], /--where "Time > 100" keeps none of the 6 data rows/],
    [['r-write-csv-BOD.csv', '--model', 'a+b*Time', '-y', 'log(Demand)'], /unknown column 'Demand'/],
    [['r-write-csv-BOD.csv', '--degree', '1', '-x', 'time'], /unknown column 'time'/],
    [['r-write-csv-Puromycin.csv', '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', 'state == "none"'], /--where 'state == "none"' keeps none of the 23 data rows/],
    [['r-write-csv-Puromycin.csv', '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', 'state < "a"'], /can only be compared \(== or !=\) with a column/],
    [['r-write-csv-Puromycin.csv', '--model', 'Vm*conc/(K+conc)', '-y', 'rate', '--where', 'conc == "a"'], /compares column 'conc' with a string, but the fit reads it as numbers/],
    // A decimal comma names the flag that reads it, and not --skip-invalid (which would drop every row).
    [['r-write-csv2-BOD.csv', '--degree', '1'], /expected a number in column \d \(\w+\), found "[\d,]+" \(for decimal commas like this one, set --decimal to ','\)\n$/],
    [['r-write-csv-BOD.csv', '--degree', '1', '--decimal', ',', '--delimiter', ','], /cannot also separate fields/],
    [['r-write-csv-BOD.csv', '--degree', '1', '--decimal', 'x'], /--decimal must be/],
    [['r-write-csv-BOD.csv', '--model', 'a+b*Time', '-y', 'log(demand - 20)'], /-y "log\(demand - 20\)" is NaN at data row 1/],
  ])('%j', (args, message) => {
    const [name, ...rest] = args as string[];
    const r = gradfit(['fit', file(name!), ...rest]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gradfit: error: [^\n]*\n$/);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('files that used to be misread without a word', () => {
  /** Threads forced on a small file (the worker is dist/worker.cjs). */
  const PARALLEL = { GRADFIT_INTERNAL_PARSE_THREADS: '2', GRADFIT_INTERNAL_PARSE_MIN_BYTES: '1' };

  it('a row with more cells than the header (3,1,5 under x,y) is an error at its extra field, by path, on threads and from a pipe', () => {
    const text = `x,y\n${Array.from({ length: 3000 }, (_, i) => (i === 2500 ? '3,1,5' : `${i},${2 * i}`)).join('\n')}\n`;
    withFile(text, (path) => {
      for (const env of [{}, PARALLEL]) {
        const r = gradfit(['fit', path, '--degree', '1'], { env });
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`gradfit: error: ${path}:2502:3: 3 fields where the header has 2: an extra field "5" (--skip-invalid drops such rows)\n`);
      }
      const piped = gradfit(['fit', '--degree', '1'], { input: text });
      expect(piped.stderr).toBe('gradfit: error: <stdin>:2502:3: 3 fields where the header has 2: an extra field "5" (--skip-invalid drops such rows)\n');
      const skipped = fitJson([path, '--degree', '1', '--skip-invalid']);
      expect(skipped.code).toBe(0);
      expect(skipped.json.stats.n).toBe(2999);
      expect(skipped.stderr).toMatch(/skipped 1 row that was not numeric \(first: .*:2502:3: 3 fields where the header has 2/);
    });
  });

  it.each([
    ['1,000 in a ;-separated file', 'x;y\n500;8\n750;11\n1,000;13\n1,250;16\n', [], '4:1', '"1,000"', 'write 1000'],
    ['1.000 with --decimal , (German thousands)', 'x;y\n500;8,00\n750;10,50\n1.000;13,00\n', ['--decimal', ','], '4:1', '"1.000"', 'write 1000'],
  ])('%s: the error says thousands separators, and never suggests --decimal , (which reads 1,000 as 1)', (_name, text, flags, place, cell, remedy) => {
    withFile(text, (path) => {
      const r = gradfit(['fit', path, '--degree', '1', ...(flags as string[])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gradfit: error: ${path}:${place}: expected a number in column 1 (x), found ${cell} (the file seems to use thousands separators, which are not read: ${remedy})\n`);
    });
  });

  it('a # inside a header (x,#cells,y) or a label (run #3) is text; by path, on threads and from a pipe', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `run #${i},${i},${6 * i},${2 * i + 1}`);
    const text = `id,x,#cells,y\n${rows.join('\n')}\n`;
    withFile(text, (path) => {
      for (const env of [{}, PARALLEL]) {
        const { json, code } = fitJson([path, '--degree', '1'], env);
        expect(code).toBe(0);
        expect(json.columns).toMatchObject({ x: 'x', y: 'y', header: true });
        expect(json.stats.n).toBe(3000);
        expect(json.params.c1).toBeCloseTo(2, 9);
      }
      const cells = fitJson([path, '--degree', '1', '-y', '#cells']);
      expect(cells.json.params.c1).toBeCloseTo(6, 12);
      const piped = gradfit(['fit', '--degree', '1', '--json'], { input: text });
      expect(JSON.parse(piped.stdout).params.c1).toBeCloseTo(2, 9);
    });
  });

  it('a comment after the numbers of a row stays one, in a CSV (1,2 # note) and a gnuplot file (tabs, then # point 0)', () => {
    for (const text of ['x,y\n1,3 # first\n2,5\n3,7 # last, with a comma\n', '1.0\t3.0   # point 0\n2.0\t5.0\t# point 1\n3.0\t7.0\n']) {
      withFile(text, (path) => {
        const { json } = fitJson([path, '--degree', '1']);
        expect(json.stats.n).toBe(3);
        expect(json.params.c1).toBeCloseTo(2, 12);
      });
    }
  });

  it("R's write.table with a text column (\"ok run\"): the quoted cell is one cell, by path, on threads and from a pipe", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `"${i + 1}" ${i / 10} ${(2 * i) / 10 + 1} ${99 - i / 100} "ok run"`);
    const text = `"t" "y" "w" "note"\n${rows.join('\n')}\n`;
    withFile(text, (path) => {
      for (const env of [{}, PARALLEL]) {
        const { json, code } = fitJson([path, '--degree', '1'], env);
        expect(code).toBe(0);
        expect(json.columns).toMatchObject({ x: 't', y: 'y', delimiter: 'whitespace', rowNames: true });
        expect(json.params.c1).toBeCloseTo(2, 10);
      }
      const piped = gradfit(['fit', '--degree', '1', '--json', '-y', 'w'], { input: text });
      expect(JSON.parse(piped.stdout).params.c1).toBeCloseTo(-0.1, 10);
      const groups = gradfit(['fit', path, '--degree', '1', '--group', 'note', '--json']);
      expect(groups.code).toBe(0);
      expect(JSON.parse(groups.stdout).groups.map((g: { group: string }) => g.group)).toEqual(['ok run']);
    });
  });

  it("pandas' to_csv of a DataFrame without column names (0,1 first): a header, said on stderr, by path, on threads and from a pipe", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${(i / 10).toFixed(1)},${(3 * i) / 10 + 1}`);
    const text = `0,1\n${rows.join('\n')}\n`;
    const note = (name: string): string =>
      `gradfit: note: ${name}:1: the first row (0,1) is taken for column names, as pandas writes them over unnamed columns (the rows below write 2.0, not 2); --no-header reads it as data\n`;
    withFile(text, (path) => {
      for (const env of [{}, PARALLEL]) {
        const { json, code, stderr } = fitJson([path, '--degree', '1'], env);
        expect(code).toBe(0);
        expect(json.columns).toMatchObject({ header: true, x: '0', y: '1' });
        expect(json.stats.n).toBe(3000);
        expect(json.params.c1).toBeCloseTo(3, 10);
        expect(stderr).toBe(note(path));
      }
      const piped = gradfit(['fit', '--degree', '1', '--json'], { input: text });
      expect(JSON.parse(piped.stdout).stats.n).toBe(3000);
      expect(piped.stderr).toBe(note('<stdin>'));
      const data = fitJson([path, '--degree', '1', '--no-header']);
      expect([data.json.stats.n, data.stderr]).toEqual([3001, '']);
    });
  });

  it('0,1 that may be data is read as data, with a note that --header takes it for names', () => {
    withFile('0,1\n0.5,2\n1,3\n1.5,4\n', (path) => {
      const { json, stderr } = fitJson([path, '--degree', '1']);
      expect(json.stats.n).toBe(4);
      expect(stderr).toBe(`gradfit: note: ${path}:1: the first row (0,1) is read as data; if it names the columns, as pandas writes 0,1,... over unnamed columns, give --header\n`);
      const named = fitJson([path, '--degree', '1', '--header']);
      expect([named.json.stats.n, named.json.columns.header, named.stderr]).toEqual([3, true, '']);
    });
  });

  it('a trailing delimiter on every row (1.0,2.0,) is no extra field', () => {
    withFile('x,y\n1.0,2.0,\n2.0,4.1,\n3.0,5.9,\n4.0,8.2,\n', (path) => {
      const { json, code } = fitJson([path, '--degree', '1']);
      expect(code).toBe(0);
      expect(json.stats.n).toBe(4);
    });
  });
});
