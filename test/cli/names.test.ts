/**
 * Names and output (issue 15): a name that exists on every JavaScript object (__proto__,
 * toString, constructor, hasOwnProperty) is an ordinary name everywhere a name is read; names
 * are CSV-quoted as RFC 4180 says; names from files are shown escaped and lists are capped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoCrash, expectOneError, gradfit, json, removeScratch, scratch } from './run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeScratch));
function folder(files: Record<string, string> = {}): string {
  const dir = scratch(files);
  dirs.push(dir);
  return dir;
}

const LINE = 'x,y\n0,1\n1,3\n2,5\n3,7\n4,9\n';
const TRICKY = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'] as const;

const model = (fields: Record<string, unknown>): string =>
  JSON.stringify({ format: 'gradfit-model', version: 1, model: 'a*x+b', params: { a: 2, b: 1 }, stderr: {}, inputs: [{ identifier: 'x', column: 'x' }], response: 'y', stats: {}, ...fields });

describe.each(TRICKY)('a name called %s', (name) => {
  it('is a fit parameter in params and stderr, with --start, --expect and --baseline', () => {
    const dir = folder({ 'line.csv': LINE });
    const args = ['fit', 'line.csv', '--model', `${name}*x+b`, '--start', `${name}=1,b=0`, '--expect', `${name}=2,b=1`, '--json'];
    const r = gradfit(args, { cwd: dir });
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(Object.keys(out.params)).toEqual([name, 'b']);
    expect(out.params[name]).toBeCloseTo(2, 10);
    expect(Object.keys(out.stderr)).toEqual([name, 'b']);
    expect(out.checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([[name, true], ['b', true]]);

    // The result as a baseline: passes against itself, fails (exit 1) against a moved value.
    const same = gradfit(['fit', 'line.csv', '--model', `${name}*x+b`, '--baseline', 'base.json', '--json'], {
      cwd: folder({ 'line.csv': LINE, 'base.json': r.stdout }),
    });
    expect(same.code).toBe(0);
    const moved = r.stdout.replace(/"b": [^,\n]+/, '"b": 5');
    const fails = gradfit(['fit', 'line.csv', '--model', `${name}*x+b`, '--baseline', 'base.json', '--json'], {
      cwd: folder({ 'line.csv': LINE, 'base.json': moved }),
    });
    expect(fails.code).toBe(1);
  });

  it('is not taken for a parameter by --expect or --baseline when the model has none of that name', () => {
    const dir = folder({ 'line.csv': LINE, 'base.json': JSON.stringify({ params: { a: 2, b: 1 } }) });
    const r = gradfit(['fit', 'line.csv', '--model', 'a*x+b', '--expect', `${name}=1`], { cwd: dir });
    expectOneError(r);
    expect(r.code).toBe(2);
    const extra = JSON.stringify({ params: JSON.parse(`{"a": 2, "b": 1, ${JSON.stringify(name)}: 3}`) });
    const b = gradfit(['fit', 'line.csv', '--model', 'a*x+b', '--baseline', 'extra.json'], { cwd: folder({ 'line.csv': LINE, 'extra.json': extra }) });
    expect(b.code).toBe(1);
    expect(b.stderr + b.stdout).toContain(`${name} is in the baseline`);
  });

  it('is a grad variable (--at) and a minimize variable (--start)', () => {
    const g = gradfit(['grad', `${name}*x`, '--at', `x=3,${name}=2`, '--json']);
    expect(g.code).toBe(0);
    expect(Object.keys(json(g).gradient)).toEqual(['x', name]);
    expect(json(g).gradient[name]).toBe(3);
    const m = gradfit(['minimize', `(${name}-1)^2 + (y-2)^2`, '--start', `${name}=5`, '--expect', `${name}=1`, '--json']);
    expect(m.code).toBe(0);
    expect(Object.keys(json(m).at)).toEqual([name, 'y']);
    expect(json(m).at[name]).toBeCloseTo(1, 8);
  });

  it('is a parameter of a saved model that predict reads back', () => {
    const dir = folder({ 'line.csv': LINE });
    expect(gradfit(['fit', 'line.csv', '--model', `${name}*x+b`, '--save', 'm.json', '-q'], { cwd: dir }).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(Object.keys(saved.params)).toEqual([name, 'b']);
    const p = gradfit(['predict', 'm.json'], { cwd: dir, input: '10\n' });
    expect(p.code).toBe(0);
    expect(Number(p.stdout.trim().split('\n')[1].split(',')[1])).toBeCloseTo(21, 8);
  });
});

describe('CSV output quotes names (RFC 4180)', () => {
  it('predict quotes a header with a comma, a quote or a line break', () => {
    const dir = folder({
      'm.json': model({ model: 'a*t+b', inputs: [{ identifier: 't', column: 't,ime' }], response: 'say "y"\nnow' }),
      'in.csv': '"t,ime"\n1\n2\n',
    });
    const r = gradfit(['predict', 'm.json', 'in.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('"t,ime","say ""y""\nnow"\n1,3\n2,5\n');
  });
});

describe('names from files are shown escaped, and lists are capped', () => {
  it('an escape sequence in a CSV header never reaches the terminal', () => {
    const dir = folder({ 'data.csv': 'x,\u001b[31mred\u001b[0m\n1,2\n2,3\n' });
    const r = gradfit(['fit', 'data.csv', '--degree', '1', '-y', 'nope'], { cwd: dir });
    expectOneError(r);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('\\x1b[31mred');
  });

  it('nor in the legend of --plot, nor in the help for an unknown topic', () => {
    const dir = folder({ 'data.csv': '\u001b[2Jt\u0007,y\u001b]0;title\u0007\n1,2\n2,3\n3,5\n4,4\n' });
    const plot = gradfit(['fit', 'data.csv', '--degree', '1', '--plot', '--no-chart'], { cwd: dir });
    expect(plot.code).toBe(0);
    expect(plot.stdout + plot.stderr).not.toContain('\u001b');
    expect(plot.stdout).toContain('\\x1b]0;title\\x07 against \\x1b[2Jt\\x07');
    const help = gradfit(['help', '\u001b]0;title\u0007']);
    expectOneError(help);
    expect(help.stderr).not.toContain('\u001b');
  });

  it('an unknown column against a header of 100,000 names gives one short line', () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 100_000 }, () => '1').join(',');
    const r = gradfit(['fit', 'wide.csv', '--degree', '1', '-x', 'nope'], { cwd: folder({ 'wide.csv': `${header}\n${row}\n${row}\n` }) });
    expectOneError(r);
    expect(r.stderr).toMatch(/\.\.\. and 99980 more/);
  });

  it('a model file\'s names are shown escaped', () => {
    const dir = folder({ 'm.json': model({ inputs: [{ identifier: 'x', column: 'x\u001b[2J' }] }) });
    const r = gradfit(['predict', 'm.json'], { cwd: dir, input: 'a,b\n1,2\n' });
    expectOneError(r);
    expect(r.stderr).not.toContain('\u001b');
  });
});

describe('damaged model files are clear errors', () => {
  it.each([
    ['an input listed twice', { model: 'a*x+b', inputs: [{ identifier: 'x', column: 'x' }, { identifier: 'x', column: 'x2' }] }, /listed twice/],
    ['a parameter named like an input', { params: { a: 2, b: 1, x: 3 } }, /both an input and a parameter/],
    ['a missing parameter', { params: { a: 2 } }, /uses 'b'/],
    ['another version', { version: 2 }, /has version 2; this gradfit reads model files of version 1/],
    ['a parameter that is not a number', { params: { a: '2', b: 1 } }, /"params.a" is not a number/],
    ['a parameter with a name that is no name', { params: { a: 2, b: 1, 'no name': 1 } }, /not a name/],
  ])('%s', (_, fields, message) => {
    const r = gradfit(['predict', 'm.json'], { cwd: folder({ 'm.json': model(fields) }), input: '1\n' });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('a value flag given twice is refused, naming the flag', () => {
  it.each([
    [['--degree', '1', '--degree', '2'], '--degree'],
    [['--model', 'a*x+b', '--model', 'a*x'], '--model'],
    [['--degree', '1', '--format', 'csv', '--format', 'json'], '--format'],
    [['--degree', '1', '--method', 'lm', '--method', 'gd'], '--method'],
  ])('%j', (args, flag) => {
    const r = gradfit(['fit', 'line.csv', ...args], { cwd: folder({ 'line.csv': LINE }) });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flag} is given twice`);
  });
});
