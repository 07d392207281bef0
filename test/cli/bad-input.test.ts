/**
 * Bad input never crashes, hangs or lies (issue 7). Each row of the table is one thing a user
 * or a script might feed gradfit; the answer must be the right exit code and one short
 * `gradfit: error: ...` line on stderr (with the expression and a caret under the spot for an
 * expression error), never a stack trace — or, where the input is fine after all, a correct result.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoCrash, expectOneError, gradfit, gradfitAsync, json, plain, removeScratch, scratch, shell, REFERENCE, type Run } from './run.js';

const SEED = readFileSync(join(REFERENCE, 'seed_parabola.csv'));

/** Files every row's folder holds: the notebook's noisy parabola and an exact line y = 2x + 1. */
const COMMON: Record<string, string | Buffer> = {
  'parabola.csv': SEED,
  'line.csv': 'x,y\n0,1\n1,3\n2,5\n3,7\n',
};

interface BadInput {
  name: string;
  args: string[];
  stdin?: string | Buffer;
  /** Files written into the row's own folder (beside COMMON), which is also the working directory. */
  files?: Record<string, string | Buffer>;
  /** The exit code; a list when more than one answer is right (a correct result, or a clear refusal). */
  code: number | readonly number[];
  /** What stderr must say. */
  stderr: RegExp;
  /** An expression error: the error line is followed by the expression and a caret line. */
  caret?: boolean;
  /** More checks when the run succeeds (exit 0). */
  then?: (r: Run) => void;
  /** Prepare the folder beyond writing files (permissions). */
  setup?: (dir: string) => void;
}

const IS_ROOT = process.getuid?.() === 0;

/** A 100,000-character sum x+x+...+x (50,000 terms). */
const LONG_SUM = Array.from({ length: 50_000 }, () => 'x').join('+');
const DEEP = 30_000;

/**
 * A fit's JSON holds no wrong number: the parameters and the RMSE are finite; a statistic that
 * could not be computed (the RSS of data near 1e200 is beyond a double) is null, never a
 * made-up value, and a missing standard error comes with the reason.
 */
function expectFiniteFit(out: any): void {
  for (const v of [...Object.values(out.params), out.stats.rmse]) {
    expect(typeof v === 'number' && Number.isFinite(v), `not a finite number: ${JSON.stringify(out)}`).toBe(true);
  }
  if (Object.values(out.stderr).some((v) => v === null)) expect(String(out.stderrNote ?? out.rank?.reason ?? '')).not.toBe('');
}

/** Saved models as `fit --save` writes them: y = 2t + 1 over a column t, and y = 2x + 1. */
const savedLine = (column: string): string =>
  JSON.stringify({ format: 'gradfit-model', version: 1, model: `a*${column}+b`, params: { a: 2, b: 1 }, stderr: { a: 0, b: 0 }, inputs: [{ identifier: column, column }], response: 'y', stats: {} });
const T_MODEL = savedLine('t');
const LINE_MODEL = savedLine('x');

const relClose = (actual: number, expected: number, rtol: number): void =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected));

const TABLE: BadInput[] = [
  // ---- files -------------------------------------------------------------------------------
  { name: 'a missing file', args: ['fit', 'nope.csv', '--degree', '1'], code: 2, stderr: /no such file.*nope\.csv/ },
  { name: 'a directory', args: ['fit', 'folder', '--degree', '1'], files: { 'folder/a.csv': '1,2\n' }, code: 2, stderr: /folder.*directory/ },
  { name: 'a path through a file', args: ['fit', 'line.csv/more.csv', '--degree', '1'], code: 2, stderr: /line\.csv\/more\.csv/ },
  { name: 'an empty file', args: ['fit', 'empty.csv', '--degree', '1'], files: { 'empty.csv': '' }, code: 2, stderr: /empty\.csv.*(no data|empty)/ },
  { name: 'empty stdin', args: ['fit', '--degree', '1'], stdin: '', code: 2, stderr: /no data|empty/ },
  { name: 'a header only', args: ['fit', 'h.csv', '--degree', '1'], files: { 'h.csv': 'x,y\n' }, code: 2, stderr: /h\.csv.*no data rows/ },
  // We run as root, who can read a chmod 000 file; /proc/self/mem fails to read (EIO) even for root.
  { name: 'an unreadable file (/proc/self/mem)', args: ['fit', '/proc/self/mem', '--degree', '1'], code: 2, stderr: /cannot read \/proc\/self\/mem/ },
  ...(IS_ROOT
    ? []
    : [
        {
          name: 'an unreadable file (chmod 000)',
          args: ['fit', 'secret.csv', '--degree', '1'],
          files: { 'secret.csv': 'x,y\n0,1\n1,2\n' },
          setup: (dir: string) => chmodSync(join(dir, 'secret.csv'), 0o000),
          code: 2,
          stderr: /secret\.csv.*permission denied/,
        },
      ]),
  {
    name: 'binary garbage',
    args: ['fit', 'garbage.bin', '--degree', '1'],
    files: { 'garbage.bin': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 97 === 5 ? 0 : (i * 7919 + (i >> 3)) & 0xff))) },
    code: 2,
    stderr: /garbage\.bin/,
  },
  {
    name: 'bytes that are not UTF-8 in a cell',
    args: ['fit', 'latin1.csv', '--degree', '1'],
    files: { 'latin1.csv': Buffer.concat([Buffer.from('x,y\n0,1\n1,'), Buffer.from([0xff, 0xfe, 0x33]), Buffer.from('\n2,5\n')]) },
    code: 2,
    stderr: /latin1\.csv:3:2\b/,
  },
  {
    name: 'UTF-16 text',
    args: ['fit', 'wide.csv', '--degree', '1'],
    files: { 'wide.csv': Buffer.from('\ufeffx,y\n0,1\n1,3\n2,5\n', 'utf16le') },
    code: 2,
    stderr: /wide\.csv.*UTF-16/,
  },
  {
    // (Some tools write UTF-16 without a byte order mark: every ASCII character beside a zero byte.)
    name: 'UTF-16 text without a byte order mark',
    args: ['fit', 'be.csv', '--degree', '1'],
    files: { 'be.csv': Buffer.from('\u7800\u2c00\u7900\u0a00\u3100\u2c00\u3200\u0a00', 'utf16le') },
    code: 2,
    stderr: /be\.csv looks like UTF-16 text \(big-endian, without a byte order mark\).*iconv -f UTF-16BE -t UTF-8/,
  },
  {
    name: 'a byte-order mark and CRLF line ends (fine)',
    args: ['fit', 'windows.csv', '-x', 'x', '-y', 'y', '--degree', '1', '--json'],
    files: { 'windows.csv': '\ufeffx,y\r\n0,1\r\n1,3\r\n2,5\r\n3,7\r\n' },
    code: 0,
    stderr: /^$/,
    then: (r) => {
      const out = json(r);
      expect(out.params.c0).toBeCloseTo(1, 12);
      expect(out.params.c1).toBeCloseTo(2, 12);
      expect(out.stats.n).toBe(4);
    },
  },
  { name: 'a ragged row', args: ['fit', 'ragged.csv', '--degree', '1'], files: { 'ragged.csv': 'x,y\n0,1\n1\n2,5\n' }, code: 2, stderr: /ragged\.csv:3\b.*field/ },
  { name: 'a text cell', args: ['fit', 't.csv', '--degree', '1'], files: { 't.csv': 'x,y\n0,1\n1,abc\n2,5\n' }, code: 2, stderr: /t\.csv:3:2\b.*abc/ },
  { name: 'an empty cell', args: ['fit', 't.csv', '--degree', '1'], files: { 't.csv': 'x,y\n0,1\n1,\n2,5\n' }, code: 2, stderr: /t\.csv:3:2\b.*empty/ },
  { name: 'a NaN cell', args: ['fit', 't.csv', '--degree', '1'], files: { 't.csv': 'x,y\n0,1\n1,NaN\n2,5\n' }, code: 2, stderr: /t\.csv:3:2\b.*NaN/ },
  { name: 'an inf cell', args: ['fit', 't.csv', '--degree', '1'], files: { 't.csv': 'x,y\n0,1\n1,-inf\n2,5\n' }, code: 2, stderr: /t\.csv:3:2\b.*inf/ },
  { name: 'a cell out of double range', args: ['fit', 't.csv', '--degree', '1'], files: { 't.csv': 'x,y\n0,1\n1,1e999\n2,5\n' }, code: 2, stderr: /t\.csv:3:2\b.*1e999/ },
  { name: 'a bad cell read from stdin', args: ['fit', '-', '--degree', '1'], stdin: 'x,y\n0,1\n1,abc\n', code: 2, stderr: /stdin.*:3:2\b.*abc/ },
  {
    name: '--skip-invalid drops the bad rows and says how many',
    args: ['fit', 'mixed.csv', '--degree', '1', '--skip-invalid', '--json'],
    files: { 'mixed.csv': 'x,y\n0,1\n1,abc\n1,3\n2,\n2,5\n3,NaN\n3,7\ninf,9\n' },
    code: 0,
    stderr: /skipped 4 rows/,
    then: (r) => {
      const out = json(r);
      expect(out.stats.n).toBe(4);
      expect(out.params.c0).toBeCloseTo(1, 12);
      expect(out.params.c1).toBeCloseTo(2, 12);
    },
  },
  {
    name: '--skip-invalid with no good row left',
    args: ['fit', 'bad.csv', '--degree', '1', '--skip-invalid'],
    files: { 'bad.csv': 'x,y\n0,a\n1,b\n' },
    code: 2,
    stderr: /no data rows/,
  },
  {
    name: 'x of 1e200, whose square overflows (--degree 2)',
    args: ['fit', 'huge.csv', '--degree', '2', '--json'],
    files: { 'huge.csv': 'x,y\n1e200,1\n2e200,2\n3e200,4\n4e200,3\n5e200,5\n' },
    code: [0, 2, 3],
    stderr: /overflow|too large|not finite|infinite|scale|range/i,
    then: (r) => expectFiniteFit(json(r)),
  },
  {
    name: 'y of 1e200, whose square overflows (--degree 1)',
    args: ['fit', 'huge.csv', '--degree', '1', '--json'],
    files: { 'huge.csv': 'x,y\n0,1e200\n1,3e200\n2,5e200\n3,7e200\n4,9.5e200\n' },
    code: [0, 2, 3],
    stderr: /overflow|too large|not finite|infinite|scale|range/i,
    then: (r) => {
      // x̄ = 2, ȳ = 5.1e200, Sxy = 21e200, Sxx = 10: slope 2.1e200, intercept 0.9e200;
      // residuals (0.1, 0, -0.1, -0.2, 0.2)e200, so RSS = 0.1e400 and TSS = 44.2e400.
      const out = json(r);
      expectFiniteFit(out);
      relClose(out.params.c1, 2.1e200, 1e-9);
      relClose(out.params.c0, 0.9e200, 1e-9);
      relClose(out.stats.rmse, Math.sqrt(0.1 / 5) * 1e200, 1e-9);
      if (out.stats.r2 !== null) relClose(out.stats.r2, 1 - 0.1 / 44.2, 1e-9);
    },
  },
  {
    name: 'y of 1e200 with a model (Levenberg–Marquardt)',
    args: ['fit', 'huge.csv', '--model', 'a*x+b', '--json'],
    files: { 'huge.csv': 'x,y\n0,1e200\n1,3e200\n2,5e200\n3,7e200\n4,9.5e200\n' },
    code: [0, 2, 3],
    stderr: /overflow|too large|not finite|infinite|scale|range|--start/i,
    then: (r) => {
      const out = json(r);
      expectFiniteFit(out);
      relClose(out.params.a, 2.1e200, 1e-6);
      relClose(out.params.b, 0.9e200, 1e-6);
    },
  },

  // ---- flags -------------------------------------------------------------------------------
  { name: 'an unknown command', args: ['frobnicate'], code: 2, stderr: /unknown command.*frobnicate/ },
  { name: 'a misspelt command', args: ['fti', 'line.csv', '--degree', '1'], code: 2, stderr: /unknown command.*fti/ },
  { name: 'an unknown option', args: ['fit', 'line.csv', '--degree', '1', '--bogus'], code: 2, stderr: /unknown option.*--bogus/ },
  { name: 'a misspelt option', args: ['minimize', 'x^2', '--lrr', '0.1'], code: 2, stderr: /--lrr/ },
  { name: 'an option without its value', args: ['fit', 'line.csv', '--degree'], code: 2, stderr: /--degree/ },
  { name: 'no expression', args: ['minimize'], code: 2, stderr: /expr|argument/ },
  { name: 'a negative degree', args: ['fit', 'line.csv', '--degree', '-1'], code: 2, stderr: /--degree/ },
  { name: 'a fractional degree', args: ['fit', 'line.csv', '--degree', '1.5'], code: 2, stderr: /--degree.*1\.5/ },
  { name: 'a degree not below the number of rows', args: ['fit', 'line.csv', '--degree', '4'], code: 2, stderr: /(4|5) .*rows|rows.*4/ },
  { name: 'an absurd degree', args: ['fit', 'line.csv', '--degree', '100000'], code: 2, stderr: /degree/ },
  { name: '--degree and --model together', args: ['fit', 'line.csv', '--degree', '1', '--model', 'a*x+b'], code: 2, stderr: /--degree.*--model|--model.*--degree/ },
  { name: 'neither --degree nor --model', args: ['fit', 'line.csv'], code: 2, stderr: /--degree.*--model/ },
  { name: 'an unknown fit method', args: ['fit', 'line.csv', '--degree', '1', '--method', 'newton'], code: 2, stderr: /newton.*lm/ },
  { name: 'an expression with no minimum, only an asymptote', args: ['minimize', 'exp(x)'], code: 3, stderr: /no minimum.*keeps decreasing along \(-1\)/ },
  { name: 'a model that reads the response column', args: ['fit', 'line.csv', '--model', 'a*y+b'], code: 2, stderr: /reads 'y', which is the response column/ },
  {
    name: 'a model that reads the response column chosen by -y',
    args: ['fit', 'three.csv', '--model', 'a*u+b*v', '-x', 'u', '-y', 'v'],
    files: { 'three.csv': 'u,v,w\n1,2,3\n2,3,5\n3,5,8\n4,6,9\n' },
    code: 2,
    stderr: /reads 'v', which is the response column/,
  },
  { name: '--lr with a method that chooses its own steps (minimize)', args: ['minimize', 'x^2', '--lr', '0.1'], code: 0, stderr: /warning: --lr has no effect with --method lbfgs/ },
  { name: '--lr with a method that chooses its own steps (fit)', args: ['fit', 'line.csv', '--degree', '1', '--lr', '0.1'], code: 0, stderr: /warning: --lr has no effect with --method lm/ },
  { name: 'a fit-only method for minimize', args: ['minimize', 'x^2', '--method', 'lm'], code: 2, stderr: /method.*lm.*lbfgs/ },
  { name: 'a zero learning rate', args: ['minimize', 'x^2', '--method', 'gd', '--lr', '0'], code: 2, stderr: /--lr/ },
  { name: 'a negative learning rate', args: ['minimize', 'x^2', '--method', 'gd', '--lr', '-0.1'], code: 2, stderr: /--lr/ },
  { name: 'a negative learning rate with =', args: ['fit', 'line.csv', '--degree', '1', '--method', 'gd', '--lr=-1'], code: 2, stderr: /--lr/ },
  { name: 'a zero step cap', args: ['minimize', 'x^2', '--max-steps', '0'], code: 2, stderr: /--max-steps/ },
  { name: 'a negative step cap', args: ['fit', 'line.csv', '--model', 'a*x+b', '--max-steps', '-5'], code: 2, stderr: /--max-steps/ },
  { name: 'a negative tolerance', args: ['minimize', 'x^2', '--tol', '-1'], code: 2, stderr: /--tol/ },
  { name: '--start naming no variable', args: ['minimize', 'x^2', '--start', 'y=1'], code: 2, stderr: /\by\b.*\bx\b/ },
  { name: '--start naming no parameter', args: ['fit', 'line.csv', '--model', 'a*x+b', '--start', 'z=1'], code: 2, stderr: /\bz\b.*\ba\b/ },
  { name: '--start giving a non-number', args: ['minimize', 'x^2', '--start', 'x=abc'], code: 2, stderr: /number.*abc|abc.*number/ },
  { name: '--start giving a name twice', args: ['minimize', 'x^2+y^2', '--start', 'x=1', '--start', 'x=2'], code: 2, stderr: /twice/ },
  {
    name: 'a zero sigma',
    args: ['fit', 's.csv', '--degree', '1', '--sigma', 's'],
    files: { 's.csv': 'x,y,s\n0,1,1\n1,3,0\n2,5,1\n3,7,1\n' },
    code: 2,
    stderr: /sigma.*\b0\b/,
  },
  {
    name: 'a negative sigma',
    args: ['fit', 's.csv', '--degree', '1', '--sigma', 's'],
    files: { 's.csv': 'x,y,s\n0,1,1\n1,3,1\n2,5,-0.5\n3,7,1\n' },
    code: 2,
    stderr: /sigma.*-0\.5/,
  },
  { name: '-x naming no column', args: ['fit', 'line.csv', '--degree', '1', '-x', 'time'], code: 2, stderr: /column.*time.*\bx\b/ },
  { name: '-x 0', args: ['fit', 'line.csv', '--degree', '1', '-x', '0'], code: 2, stderr: /column 0/ },
  { name: '-x and -y the same column', args: ['fit', 'line.csv', '--degree', '1', '-x', 'y'], code: 2, stderr: /same column/ },
  { name: '--json with --format csv', args: ['fit', 'line.csv', '--degree', '1', '--json', '--format', 'csv'], code: 2, stderr: /--json.*csv|csv.*--json/ },
  { name: 'an unknown --format', args: ['fit', 'line.csv', '--degree', '1', '--format', 'xml'], code: 2, stderr: /xml/ },
  { name: 'a delimiter of two characters', args: ['fit', 'line.csv', '--degree', '1', '--delimiter', 'ab'], code: 2, stderr: /--delimiter|delimiter/ },
  { name: 'a baseline that does not exist', args: ['fit', 'line.csv', '--degree', '1', '--baseline', 'gone.json'], code: 2, stderr: /gone\.json/ },
  { name: 'a baseline that is not JSON', args: ['fit', 'line.csv', '--degree', '1', '--baseline', 'line.csv'], code: 2, stderr: /line\.csv.*JSON/ },
  {
    name: 'a baseline without params',
    args: ['fit', 'line.csv', '--degree', '1', '--baseline', 'b.json'],
    files: { 'b.json': '{"coefficients": [1, 2]}' },
    code: 2,
    stderr: /b\.json.*params/,
  },
  { name: '--expect naming no parameter', args: ['fit', 'line.csv', '--degree', '1', '--expect', 'c9=1'], code: 2, stderr: /c9.*c0/ },
  { name: 'a negative --rtol', args: ['fit', 'line.csv', '--degree', '1', '--expect', 'c1=2', '--rtol', '-1'], code: 2, stderr: /--rtol/ },
  { name: '--save to a folder', args: ['fit', 'line.csv', '--degree', '1', '--save', 'out'], files: { 'out/keep': '' }, code: 2, stderr: /out.*directory/ },
  { name: 'predict with no model file', args: ['predict', 'none.json', 'line.csv'], code: 2, stderr: /none\.json/ },
  { name: 'predict with a CSV as the model', args: ['predict', 'line.csv', 'line.csv'], code: 2, stderr: /line\.csv.*(model|JSON)/ },
  {
    name: 'predict from a CSV without the model\'s column',
    args: ['predict', 'm.json', 'q.csv'],
    files: {
      'm.json': T_MODEL,
      'q.csv': 'u,v\n1,2\n',
    },
    code: 2,
    stderr: /\bt\b.*u, v|u, v.*\bt\b/,
  },
  { name: 'predict from a text x', args: ['predict', 'm.json', '-'], files: { 'm.json': LINE_MODEL }, stdin: '1\nten\n', code: 2, stderr: /stdin.*:2:1\b.*ten/ },
  {
    name: 'predict where the model overflows (it wrote Infinity, exit 0)',
    args: ['predict', 'm.json', '-'],
    files: { 'm.json': LINE_MODEL },
    stdin: '1\n1e308\n',
    code: 2,
    stderr: /the model is Infinity at x = 1e\+308 \(data row 2 of <stdin>\): predict where it is defined/,
  },
  {
    name: 'predict at a pole of the model',
    args: ['predict', 'pole.json', '-'],
    files: { 'pole.json': LINE_MODEL.replace('"a*x+b"', '"a/x+b"') },
    stdin: '1\n0\n2\n',
    code: 2,
    stderr: /the model is Infinity at x = 0 \(data row 2 of <stdin>\)/,
  },
  { name: 'grad without a value for a variable', args: ['grad', 'w*x+b', '--at', 'x=4,w=2'], code: 2, stderr: /'?b'?.*--at/ },
  { name: 'grad with a value for no variable', args: ['grad', 'w*x', '--at', 'x=4,w=2,q=1'], code: 2, stderr: /\bq\b/ },
  { name: 'grad where the value is not finite', args: ['grad', 'log(x)', '--at', 'x=0'], code: 2, stderr: /not finite/ },
  {
    name: 'grad where the derivative is NaN (x^x at x = -1: the value is -1, the derivative needs log x)',
    args: ['grad', 'x^x', '--at', 'x=-1'],
    code: 2,
    stderr: /the derivative d\/dx is not finite at x=-1 \(it is NaN\): in x\^x the base x \(-1\) is negative, .*log\(x\).*--at$/m,
  },
  { name: 'grad --json where the derivative is NaN: no null gradient with exit 0', args: ['grad', 'x^x', '--at', 'x=-1', '--json'], code: 2, stderr: /d\/dx is not finite at x=-1 \(it is NaN\)/ },
  { name: 'grad where the derivative is infinite', args: ['grad', 'sqrt(x)*y', '--at', 'x=0,y=2'], code: 2, stderr: /d\/dx is not finite at x=0,y=2 \(it is Infinity\): sqrt\(x\) has an infinite derivative there/ },
  { name: 'grad where two derivatives are undefined', args: ['grad', 'atan2(y, x)', '--at', 'x=0,y=0', '--json'], code: 2, stderr: /derivatives d\/dx, d\/dy are not finite .*atan2\(y, x\) has no derivative there/ },
  { name: 'grad where a part of the value is NaN', args: ['grad', '1 + x^x', '--at', 'x=-0.5'], code: 2, stderr: /not finite at x=-0\.5 \(it is NaN\): x\^x is NaN there \(a negative base, x = -0\.5, to a power that is not a whole number\)/ },
  {
    name: 'grad through a branch not taken whose derivative is NaN: a number',
    args: ['grad', 'x < 0 ? sqrt(-x) : sqrt(x)', '--at', 'x=4', '--json'],
    code: 0,
    stderr: /^$/,
    then: (r) => expect(json(r)).toMatchObject({ value: 2, gradient: { x: 0.25 } }),
  },

  // ---- expressions -------------------------------------------------------------------------
  { name: 'an empty expression', args: ['minimize', ''], code: 2, caret: true, stderr: /empty/ },
  { name: 'a blank expression', args: ['grad', '   ', '--at', 'x=1'], code: 2, caret: true, stderr: /empty/ },
  { name: 'a trailing operator', args: ['minimize', '3*x^2+'], code: 2, caret: true, stderr: /expected an expression|end/ },
  { name: 'an unclosed parenthesis', args: ['minimize', '(x+1'], code: 2, caret: true, stderr: /\)/ },
  { name: 'a parenthesis closing nothing', args: ['minimize', 'x+1)'], code: 2, caret: true, stderr: /\)/ },
  { name: 'implicit multiplication', args: ['minimize', '2x'], code: 2, caret: true, stderr: /column 2|2\*x/ },
  { name: 'a stray character', args: ['minimize', 'x $ 2'], code: 2, caret: true, stderr: /\$.*column 3|column 3.*\$/ },
  { name: 'a malformed number', args: ['minimize', '1.2.3*x'], code: 2, caret: true, stderr: /1\.2\.3/ },
  { name: 'two operators in a row', args: ['minimize', 'x +* 2'], code: 2, caret: true, stderr: /\*/ },
  { name: 'a number out of range', args: ['minimize', '1e999*x'], code: 2, caret: true, stderr: /1e999/ },
  { name: 'a call with too many arguments', args: ['minimize', 'sin(x, x)'], code: 2, caret: true, stderr: /sin/ },
  { name: 'a function without parentheses', args: ['minimize', 'sin x'], code: 2, caret: true, stderr: /sin|\(/ },
  { name: 'an unknown function', args: ['minimize', 'sine(x)'], code: 2, caret: true, stderr: /sine.*did you mean .?sin\b/ },
  { name: 'an unknown function in a model', args: ['fit', 'line.csv', '--model', 'a*expp(-k*x)'], code: 2, caret: true, stderr: /expp.*exp\b/ },
  { name: 'an expression with no variables', args: ['minimize', '3+4'], code: 2, stderr: /no variables/ },
  { name: 'a model with no parameters', args: ['fit', 'line.csv', '--model', 'x^2'], code: 2, stderr: /no parameters/ },
  {
    // "t" was meant as the -x column, whose name is not a plain word: every name became a parameter.
    name: 'a model that uses no data column',
    args: ['fit', 'decay.csv', '--model', 'a*exp(-k*t)', '-x', 'time (s)'],
    files: { 'decay.csv': 'time (s),signal\n0,5\n1,3.1\n2,1.9\n3,1.2\n' },
    code: 2,
    stderr: /uses no data column: a, k, t are all parameters.*"time \(s\)".*the -x column is x/,
  },
  {
    name: 'a 100,000-character expression (fine)',
    args: ['grad', LONG_SUM, '--at', 'x=1', '--json'],
    code: 0,
    stderr: /^$/,
    then: (r) => expect(json(r)).toMatchObject({ value: 50_000, gradient: { x: 50_000 } }),
  },
  { name: 'a 100,000-character expression with an error at the end', args: ['minimize', `${LONG_SUM}+`], code: 2, caret: true, stderr: /expected an expression|end of/ },
  {
    name: `${DEEP} nested parentheses`,
    args: ['grad', `${'('.repeat(DEEP)}x${')'.repeat(DEEP)}`, '--at', 'x=2', '--json'],
    code: [0, 2],
    caret: true,
    stderr: /nested too deeply|deep/,
    then: (r) => expect(json(r)).toMatchObject({ value: 2, gradient: { x: 1 } }),
  },
  { name: `${DEEP} unclosed parentheses`, args: ['minimize', `${'('.repeat(DEEP)}x`], code: 2, caret: true, stderr: /\(|\)|deep/ },
  {
    name: `${DEEP} unary minus signs`,
    args: ['grad', `${'-'.repeat(DEEP)}x`, '--at', 'x=2', '--json'],
    code: [0, 2],
    caret: true,
    stderr: /deep/,
    then: (r) => expect(json(r)).toMatchObject({ value: 2, gradient: { x: 1 } }),
  },
  { name: 'a start where the value is not finite', args: ['minimize', 'log(x)'], code: 2, stderr: /not finite.*--start/ },
  { name: 'a start where the gradient is not finite', args: ['minimize', 'sqrt(x) + x^2'], code: 2, stderr: /not finite.*--start/ },
  { name: 'a model start that is not finite', args: ['fit', 'line.csv', '--model', 'sqrt(a)*x+b', '--start', 'a=-1'], code: 2, stderr: /not finite.*--start/ },

  // ---- optimisation ------------------------------------------------------------------------
  { name: 'gd with --lr 10 on the parabola fit', args: ['fit', 'parabola.csv', '--degree', '2', '--method', 'gd', '--lr', '10'], code: 3, stderr: /step \d+.*--lr/ },
  { name: 'gd with --lr 10 on 3x^2+2x-1.2', args: ['minimize', '3*x^2+2*x-1.2', '--method', 'gd', '--lr', '10'], code: 3, stderr: /step \d+.*--lr/ },
  { name: 'momentum with --lr 10', args: ['minimize', '3*x^2+2*x-1.2', '--method', 'momentum', '--lr', '10', '--json'], code: 3, stderr: /--lr/ },
  {
    name: 'data outside the model\'s domain whatever the parameters (log of a negative x)',
    args: ['fit', 'signed.csv', '--model', 'a*log(x)+b'],
    files: { 'signed.csv': 'x,y\n-1,0.5\n1,2\n2,2.7\n3,3.1\n' },
    code: 2,
    stderr: /not finite for data row 1 \(x = -1\) whatever the parameters: log\(x\) is NaN there; leave such rows out with --where/,
  },
  {
    name: 'a start outside the model\'s domain (log(x - c) at c = 0) asks for another start',
    args: ['fit', 'signed.csv', '--model', 'a*log(x-c)', '--start', 'a=1,c=0'],
    files: { 'signed.csv': 'x,y\n-1,0.5\n1,2\n2,2.7\n3,3.1\n' },
    code: 2,
    stderr: /not finite at the start \(a=1,c=0\) for data row 1 .*--start/,
  },
  {
    name: 'a power law of data with a negative value (x^b at x = -1)',
    args: ['fit', 'signed.csv', '--model', 'a*x^b'],
    files: { 'signed.csv': 'x,y\n-1,0.5\n1,2\n2,2.7\n3,3.1\n' },
    code: 2,
    stderr: /cannot be fitted at data row 1 \(x = -1\): x is negative there, .*real only for whole exponents.*--where.*--fix/,
  },
  {
    name: 'a first row of 200,000 fields (it took 6 s and 1.1 GB to say the data were too few)',
    args: ['fit', 'wide.csv', '--degree', '1'],
    files: { 'wide.csv': `${Array.from({ length: 200_000 }, (_, k) => `c${k}`).join(',')}\n${'1,'.repeat(199_999)}1\n` },
    code: 2,
    stderr: /wide\.csv:1: a row of about 200000 fields, more than the 100000 columns gradfit reads; is this really a table\?/,
  },
  {
    name: 'a data row of 200,000 fields under x,y (450 MB to say so for 3M fields)',
    args: ['fit', 'row.csv', '--degree', '1'],
    files: { 'row.csv': `x,y\n1,2\n2,4\n${'1,'.repeat(199_999)}1\n3,6\n` },
    code: 2,
    stderr: /row\.csv:4: a row of about 200000 fields.*--skip-invalid/,
  },
  {
    name: 'a row of 1,000,000 empty cells in a quoted CSV, read by csv-parse (3.8 GB for 8 million before)',
    args: ['fit', 'quoted.csv', '--degree', '1', '--skip-invalid'],
    files: { 'quoted.csv': `"x","y"\n0,1\n1,3\n"1"${','.repeat(1_000_000)}\n2,5\n` },
    code: 2,
    stderr: /quoted\.csv:4: a row of more than the 100000 fields gradfit reads; is this really a table\?/,
  },
  { name: 'an unbounded cubic', args: ['minimize', 'x^3'], code: 3, stderr: /bound|no minimum/ },
  { name: 'an unbounded -x^2', args: ['minimize', '-x^2'], code: 3, stderr: /bound|no minimum/ },
  { name: 'an unbounded -x^2 with gd', args: ['minimize', '-x^2', '--method', 'gd'], code: 3, stderr: /bound|no minimum/ },
  { name: 'an unbounded x^3 with adam', args: ['minimize', 'x^3', '--method', 'adam', '--json'], code: 3, stderr: /bound|no minimum/ },
  { name: 'an unbounded x^3 with momentum', args: ['minimize', 'x^3', '--method', 'momentum'], code: 3, stderr: /bound|no minimum/ },
  { name: 'an unbounded line', args: ['minimize', 'x - 2*y', '--json'], code: 3, stderr: /bound|no minimum/ },
];

describe('bad input: one clear line and the right exit code, never a stack trace', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach(removeScratch));

  it('has a table of at least 45 inputs', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(45);
    expect(new Set(TABLE.map((row) => row.name)).size).toBe(TABLE.length);
  });

  // Rows run concurrently: each is its own process in its own folder.
  it.concurrent.each(TABLE.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const dir = scratch({ ...COMMON, ...row.files });
    folders.push(dir);
    row.setup?.(dir);
    const r = await gradfitAsync(row.args, { cwd: dir, input: row.stdin });
    const allowed = typeof row.code === 'number' ? [row.code] : row.code;
    expectNoCrash(r);
    expect(allowed, `exit ${r.code}; stderr: ${r.stderr}`).toContain(r.code);
    if (r.code === 0) {
      if (allowed.length > 1) expect(r.stderr).not.toMatch(/error/);
      else expect(plain(r.stderr)).toMatch(row.stderr);
      row.then?.(r);
    } else {
      expectOneError(r, { caret: row.caret === true && r.code === 2 });
      expect(plain(r.stderr)).toMatch(row.stderr);
    }
  });
});

describe('results that must not be hidden', () => {
  it('a singular Jacobian (a*b*x) is reported: the product is fitted, an error is null with the reason', () => {
    const dir = scratch(COMMON);
    try {
      const r = gradfit(['fit', 'line.csv', '--model', 'a*b*x', '--json'], { cwd: dir });
      expectNoCrash(r);
      expect(r.code, r.stderr).toBe(0);
      const out = json(r);
      // Least squares through the origin: slope = Σxy / Σx² = 34 / 14.
      expect(out.params.a * out.params.b).toBeCloseTo(34 / 14, 8);
      // At least one of a, b has no standard error (as R's lm leaves an aliased coefficient NA).
      expect([out.stderr.a, out.stderr.b]).toContain(null);
      const why = JSON.stringify({ rank: out.rank, note: out.stderrNote, reason: out.reason, message: out.message, failure: out.failure });
      expect(why).toMatch(/rank|identif|singular|depend|degenerate/i);

      const text = gradfit(['fit', 'line.csv', '--model', 'a*b*x'], { cwd: dir });
      expect(plain(text.stdout + text.stderr)).toMatch(/warning|not identifiable|singular|rank/i);
    } finally {
      removeScratch(dir);
    }
  });

  it('every run ends within its step cap, whatever the method', () => {
    const dir = scratch(COMMON);
    try {
      const runs: string[][] = [
        ...['lbfgs', 'gd', 'momentum', 'adam'].map((m) => ['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--start', 'x=-1.2,y=1', '--method', m]),
        ...['lm', 'adam', 'lbfgs'].map((m) => ['fit', 'parabola.csv', '--model', 'a*exp(k*x)+c', '--method', m]),
        ['fit', 'parabola.csv', '--degree', '3', '--method', 'momentum'],
      ];
      for (const args of runs) {
        const r = gradfit([...args, '--max-steps', '7', '--json'], { cwd: dir });
        expectNoCrash(r);
        expect([0, 3], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
        const out = json(r);
        expect(out.iterations, args.join(' ')).toBeLessThanOrEqual(7);
        if (out.history) expect(out.history.length, args.join(' ')).toBeLessThanOrEqual(8);
      }
    } finally {
      removeScratch(dir);
    }
  });

  it('a FIFO (named pipe) is read like a file', () => {
    const dir = scratch();
    try {
      const r = shell('mkfifo p.csv && { printf "x,y\\n0,1\\n1,3\\n2,5\\n" > p.csv & } && gradfit fit p.csv --degree 1 --json', { cwd: dir });
      expectNoCrash(r);
      expect(r.code, r.stderr).toBe(0);
      expect(json(r).params.c1).toBeCloseTo(2, 12);
    } finally {
      removeScratch(dir);
    }
  });
});
