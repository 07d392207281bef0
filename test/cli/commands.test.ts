/**
 * The commands end to end, as a user runs them: the notebook's three examples (grad of w*x+b,
 * gradient descent on a parabola, fitting a noisy parabola), help, version, graphs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoCrash, gradfit, json, plain, ROOT, REFERENCE } from './run.js';

const SEED_CSV = join(REFERENCE, 'seed_parabola.csv');
const SEED_OPTIMUM = JSON.parse(readFileSync(join(REFERENCE, 'seed_parabola.optimum.json'), 'utf8')) as {
  params: Record<string, number>;
  stderr: Record<string, number>;
  rss: number;
  n: number;
};

/** |actual - expected| <= rtol·|expected|, with a message that shows both. */
function expectRelative(actual: number, expected: number, rtol: number, what = ''): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rtol * Math.abs(expected));
}

describe('the notebook, example 1: gradients of y = w*x + b', () => {
  it('prints the value and every partial derivative, as docs/CLI.md shows it', () => {
    const r = gradfit(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(plain(r.stdout)).toBe('value  11\ndy/dx  2\ndy/dw  4\ndy/db  1\n');
  });

  it('gives the same numbers as JSON', () => {
    const r = gradfit(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3', '--json']);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ expr: 'w*x+b', value: 11, gradient: { x: 2, w: 4, b: 1 } });
  });

  it('is exact for sin(x)*exp(-x^2/2) at 0.7 (closed form, 1e-12)', () => {
    const x = 0.7;
    const value = Math.sin(x) * Math.exp((-x * x) / 2);
    const slope = (Math.cos(x) - x * Math.sin(x)) * Math.exp((-x * x) / 2);
    const r = gradfit(['grad', 'sin(x)*exp(-x^2/2)', '--at', 'x=0.7', '--json']);
    expect(r.code).toBe(0);
    const out = json(r);
    expectRelative(out.value, value, 1e-12, 'value');
    expectRelative(out.gradient.x, slope, 1e-12, 'dy/dx');
  });

  it('takes an expression that starts with a minus sign', () => {
    const r = gradfit(['grad', '-x^2', '--at', 'x=3', '--json']);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ value: -9, gradient: { x: -6 } });
  });
});

describe('the notebook, example 2: the minimum of 3x^2 + 2x - 1.2', () => {
  it('finds x = -1/3, f = -23/15 to 10 digits with the default method', () => {
    const r = gradfit(['minimize', '3*x^2+2*x-1.2', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.converged).toBe(true);
    expectRelative(out.at.x, -1 / 3, 1e-10, 'x');
    expectRelative(out.minimum, -23 / 15, 1e-10, 'minimum');
    expect(Math.abs(out.gradient.x)).toBeLessThan(1e-6);
    expect(out.expr).toBe('3*x^2+2*x-1.2');
    expect(typeof out.method).toBe('string');
    expect(typeof out.iterations).toBe('number');
  });

  it('runs the textbook gradient-descent loop from x = -0.2934 and stops after the same 90 steps', () => {
    // The notebook's loop, in plain JavaScript: step, count, stop once |grad| <= 1e-3.
    let x = -0.2934;
    let grad = Infinity;
    let steps = 0;
    while (Math.abs(grad) > 1e-3 && steps < 1000) {
      grad = 6 * x + 2;
      x -= 0.01 * grad;
      steps++;
    }
    expect(steps).toBe(90);

    const r = gradfit(['minimize', '3*x^2+2*x-1.2', '--method', 'gd', '--start', 'x=-0.2934', '--lr', '0.01', '--tol', '1e-3', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.method).toBe('gd');
    expect(out.iterations).toBe(90);
    expect(out.converged).toBe(true);
    expectRelative(out.at.x, x, 1e-13, 'x after 90 steps');
    expectRelative(out.minimum, 3 * x * x + 2 * x - 1.2, 1e-13, 'f after 90 steps');
  });
});

describe('the notebook, example 3: fitting the noisy parabola', () => {
  it('matches the exact least-squares optimum (params 1e-10, standard errors 1e-6)', () => {
    const r = gradfit(['fit', SEED_CSV, '--degree', '2', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.model).toBe('c0 + c1*x + c2*x^2');
    expect(Object.keys(out.params)).toEqual(['c0', 'c1', 'c2']);
    for (const [name, value] of Object.entries(SEED_OPTIMUM.params)) expectRelative(out.params[name], value, 1e-10, name);
    for (const [name, value] of Object.entries(SEED_OPTIMUM.stderr)) expectRelative(out.stderr[name], value, 1e-6, `stderr ${name}`);
    expect(out.stats.n).toBe(SEED_OPTIMUM.n);
    expect(out.stats.dof).toBe(SEED_OPTIMUM.n - 3);
    expectRelative(out.stats.rss, SEED_OPTIMUM.rss, 1e-9, 'rss');
    expectRelative(out.stats.rmse, Math.sqrt(SEED_OPTIMUM.rss / SEED_OPTIMUM.n), 1e-9, 'rmse');
    expect(out.stats.r2).toBeGreaterThan(0.9);
    expect(out.stats.r2).toBeLessThan(1);
    expect(out.converged).toBe(true);
    expect(out.checks).toEqual([]);
  });

  it('gets there with plain gradient descent too (1e-6), where the notebook stopped 4.5% off', () => {
    const r = gradfit(['fit', SEED_CSV, '--degree', '2', '--method', 'gd', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.method).toBe('gd');
    for (const [name, value] of Object.entries(SEED_OPTIMUM.params)) expectRelative(out.params[name], value, 1e-6, name);
  });

  it('prints the fit for people: parameters, statistics and how it ended', () => {
    const r = gradfit(['fit', SEED_CSV, '--degree', '2']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const text = plain(r.stdout);
    for (const word of ['c0', 'c1', 'c2', 'RMSE', 'R²', '200']) expect(text).toContain(word);
    expect(text).toMatch(/-0\.54\d*/);
    expect(r.stdout).toBe(text); // not a terminal: no colour
  });
});

describe('help', () => {
  const COMMANDS = ['grad', 'minimize', 'fit', 'predict'] as const;

  /** The flags an example line uses: --name tokens. */
  const flagsIn = (line: string): string[] => line.match(/(?<=\s)--[a-z][a-z0-9-]*/g) ?? [];

  it('gradfit --help leads with examples of every command', () => {
    const r = gradfit(['--help']);
    expect(r.code).toBe(0);
    const text = plain(r.stdout).trimStart();
    expect(text.split('\n')[0]).toBe('Examples:');
    for (const command of ['grad', 'minimize', 'fit']) expect(text).toMatch(new RegExp(`^\\s+gradfit ${command}\\b`, 'm'));
    expect(text.indexOf('Examples:')).toBeLessThan(text.indexOf('Usage:'));
    for (const command of COMMANDS) expect(text).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('gradfit %s --help leads with examples that use only its own flags', (command) => {
    const r = gradfit([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const text = plain(r.stdout).trimStart();
    const lines = text.split('\n');
    expect(lines[0]).toBe('Examples:');
    expect(lines[1]).toMatch(/^\s+gradfit \w+/);
    const usage = text.indexOf('Usage:');
    expect(usage).toBeGreaterThan(0);
    const options = text.slice(usage);
    for (const line of text.slice(0, usage).split('\n')) {
      if (!new RegExp(`gradfit ${command}\\b`).test(line)) continue;
      // Only the part of a pipeline that runs this command.
      const part = line.slice(line.indexOf(`gradfit ${command}`)).split(/\s[|&]{1,2}\s/)[0].replace(/#.*$/, '');
      for (const flag of flagsIn(part)) expect(options, `${command} --help example uses ${flag}`).toContain(flag);
    }
  });

  it.each(COMMANDS)('gradfit help %s prints that command\'s --help', (command) => {
    expect(gradfit(['help', command]).stdout).toBe(gradfit([command, '--help']).stdout);
  });

  it('gradfit help expressions explains the syntax and lists the functions', () => {
    const r = gradfit(['help', 'expressions']);
    expect(r.code).toBe(0);
    const text = plain(r.stdout);
    for (const word of ['^', '-x^2', 'sin', 'exp', 'log', 'sqrt', 'pi']) expect(text).toContain(word);
  });

  it('an unknown help topic is a usage error', () => {
    const r = gradfit(['help', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: .*nonsense/);
  });
});

describe('--version', () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it.each([['--version'], ['-V']])('%s prints the package version', (flag) => {
    const r = gradfit([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});

describe('--graph', () => {
  it('draws the computational graph as a tree after the gradients', () => {
    const r = gradfit(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3', '--graph']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const text = plain(r.stdout);
    expect(text.startsWith('value  11\n')).toBe(true);
    const tree = text.slice(text.indexOf('dy/db  1\n') + 'dy/db  1\n'.length).trim().split('\n');
    expect(tree.length).toBeGreaterThanOrEqual(5); // add, mul, w, x, b
    expect(tree[0]).toMatch(/11/); // the root carries y's value
    expect(tree.some((l) => /\bw\b.*\b2\b/.test(l))).toBe(true);
    expect(tree.some((l) => /\bx\b.*\b4\b/.test(l))).toBe(true);
    expect(tree.some((l) => /\bb\b.*\b3\b/.test(l))).toBe(true);
    // Children are indented under their parents.
    expect(tree.slice(1).every((l) => /^[\s│├└─|`\\-]+\S/.test(l))).toBe(true);
  });

  it('writes Graphviz DOT and nothing else with --graph dot', () => {
    const r = gradfit(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3', '--graph', 'dot']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const dot = r.stdout.trim();
    expect(dot).toMatch(/^(strict\s+)?digraph\b[^{]*\{/);
    expect(dot.endsWith('}')).toBe(true);
    expect(dot).not.toContain('dy/dx');
    expect((dot.match(/->/g) ?? []).length).toBe(4); // w→mul, x→mul, mul→add, b→add
    expect((dot.match(/\{/g) ?? []).length).toBe((dot.match(/\}/g) ?? []).length);
  });

  it('an unknown graph format is a usage error', () => {
    const r = gradfit(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3', '--graph', 'png']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: .*png/);
  });
});
