/**
 * Issue 13, the solver side: --bounds, --fix, --loss/--f-scale and --absolute-sigma, end to end.
 * Every case of test/reference-data/scipy/bounds_loss.json (computed by
 * scripts/reference/bounds_loss.py with scipy.optimize.least_squares and curve_fit) is run through
 * the CLI and must give scipy's parameters to 1e-6 relative, and its standard errors where given.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneError, gradfit, gradfitAsync, json, REFERENCE, removeScratch, scratch } from './run.js';

interface Case {
  name: string;
  csv: string;
  args: string[];
  params: Record<string, number>;
  stderr?: Record<string, number>;
  atBound?: Record<string, 'lower' | 'upper'>;
  cost?: number;
  downWeighted?: number;
  dof?: number;
}

const SCIPY = join(REFERENCE, 'scipy');
const cases: Case[] = JSON.parse(readFileSync(join(SCIPY, 'bounds_loss.json'), 'utf8')).cases;

function close(actual: number, expected: number, rtol: number, atol = 0): boolean {
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
}

describe('scipy reference values', () => {
  it.concurrent.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await gradfitAsync(['fit', join(SCIPY, c.csv), ...c.args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    for (const [name, v] of Object.entries(c.params)) {
      // (atol: a parameter on a bound of 0, where scipy's trf stops a hair inside it.)
      expect(close(out.params[name], v, 1e-6, 1e-15), `${name}: ${out.params[name]} vs scipy ${v}`).toBe(true);
    }
    for (const [name, v] of Object.entries(c.stderr ?? {})) {
      expect(close(out.stderr[name], v, 1e-5), `stderr ${name}: ${out.stderr[name]} vs scipy ${v}`).toBe(true);
    }
    if (c.atBound) expect({ ...out.atBound }).toEqual(c.atBound);
    // A bound reported as active is met exactly.
    for (const [name, side] of Object.entries(c.atBound ?? {})) expect(out.params[name]).toBe(out.bounds[name][side === 'lower' ? 0 : 1]);
    if (c.cost !== undefined) expect(close(out.cost, c.cost, 1e-9)).toBe(true);
    if (c.downWeighted !== undefined) expect(out.downWeighted).toBe(c.downWeighted);
    if (c.dof !== undefined) expect(out.stats.dof).toBe(c.dof);
  });
});

const DECAY = join(SCIPY, 'decay.csv');
const MODEL = ['--model', 'a*exp(-k*x)+c'];

describe('--fix', () => {
  it('keeps the fixed parameter in params with a null stderr, lists it, and leaves it out of dof', () => {
    const out = json(gradfit(['fit', DECAY, ...MODEL, '--fix', 'c=1', '--json']));
    expect(out.params.c).toBe(1);
    expect(out.stderr.c).toBeNull();
    expect(out.fixed).toEqual(['c']);
    expect(out.stats.dof).toBe(38);
  });

  it('with --degree: a polynomial with a fixed coefficient, in --format csv', () => {
    const r = gradfit(['fit', DECAY, '--degree', '2', '--fix', 'c0=5', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const [head, row] = r.stdout.trim().split('\n');
    const cells = Object.fromEntries(head!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(Number(cells.c0)).toBe(5);
    expect(cells.stderr_c0).toBe('');
  });

  it('the saved model carries the fixed value to predict', () => {
    const dir = scratch();
    dirs.push(dir);
    const model = join(dir, 'm.json');
    expect(gradfit(['fit', DECAY, ...MODEL, '--fix', 'c=1', '--save', model, '--quiet']).code).toBe(0);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    expect(saved.params.c).toBe(1);
    const p = gradfit(['predict', model], { input: '0\n' });
    expect(p.code, p.stderr).toBe(0);
    expect(Number(p.stdout.trim().split('\n').at(-1)!.split(',')[1])).toBeCloseTo(saved.params.a + 1, 12);
  });

  it('text output says which parameters are fixed', () => {
    const r = gradfit(['fit', DECAY, ...MODEL, '--fix', 'c=1', '--no-chart']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/c\s+1\b.*fixed/);
  });
});

describe('--bounds', () => {
  it('text output marks a parameter that ends on a bound', () => {
    const r = gradfit(['fit', DECAY, ...MODEL, '--bounds', 'k=:0.5', '--no-chart']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/k\s+0\.5\b.*upper bound/);
    expect(r.stdout).toMatch(/note: k ends on its upper bound/);
  });

  it('bounds the automatic search too: every parameter stays inside', () => {
    const out = json(gradfit(['fit', DECAY, ...MODEL, '--bounds', 'k=1:3,c=-0.5:0.5', '--json']));
    expect(out.params.k).toBeGreaterThanOrEqual(1);
    expect(out.params.k).toBeLessThanOrEqual(3);
    expect(out.params.c).toBeGreaterThanOrEqual(-0.5);
    expect(out.params.c).toBeLessThanOrEqual(0.5);
    expect(out.search).toBeDefined();
  });

  it.concurrent.each(['gd', 'adam', 'lbfgs'])('--method %s keeps to the bounds (it runs on the transformed parameters)', async (method) => {
    const r = await gradfitAsync(['fit', DECAY, ...MODEL, '--bounds', 'k=0.1:0.5', '--start', 'a=4,k=0.3,c=0.5', '--method', method, '--max-steps', '20000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out.params.k).toBeLessThanOrEqual(0.5);
    expect(out.params.k).toBeCloseTo(0.5, 6);
  });

  it('works with the regression checks (--expect)', () => {
    expect(gradfit(['fit', DECAY, ...MODEL, '--bounds', 'k=:0.5', '--expect', 'k=0.5', '--rtol', '1e-12', '--quiet']).code).toBe(0);
  });
});

describe('--loss and --absolute-sigma', () => {
  it('the text report says how many points were down-weighted', () => {
    const r = gradfit(['fit', join(SCIPY, 'line_outliers.csv'), '--model', 'a+b*x', '--loss', 'cauchy', '--f-scale', '0.3', '--no-chart']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cauchy.*f-scale 0\.3.*\d+ of 50 .*down-weighted/);
  });

  it("reads scipy's spelling soft_l1 as soft-l1", () => {
    const fit = (loss: string) => gradfit(['fit', join(SCIPY, 'line_outliers.csv'), '--model', 'a+b*x', '--loss', loss, '--f-scale', '0.3', '--json']);
    const result = (loss: string) => {
      const r = fit(loss);
      expect(r.code, r.stderr).toBe(0);
      const { provenance: _, ...rest } = JSON.parse(r.stdout);
      return rest;
    };
    expect(result('soft_l1')).toEqual(result('soft-l1'));
    expect(result('soft_l1').loss).toBe('soft-l1');
  });

  it('--absolute-sigma changes the standard errors, not the parameters', () => {
    const base = ['fit', join(SCIPY, 'decay_sigma.csv'), ...MODEL, '--sigma', 's', '--json'];
    const rel = json(gradfit(base));
    const abs = json(gradfit([...base, '--absolute-sigma']));
    expect(abs.params.a).toBeCloseTo(rel.params.a, 10);
    expect(abs.absoluteSigma).toBe(true);
    expect(abs.stderr.a / rel.stderr.a).toBeCloseTo(1 / Math.sqrt(rel.stats.chi2red), 8);
  });
});

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeScratch));

describe('bad input: one line, exit 2', () => {
  const bad: [string, string[], RegExp][] = [
    ['unknown name in --bounds', ['--bounds', 'q=0:1'], /--bounds names 'q'/],
    ['unknown name in --fix', ['--fix', 'q=1'], /--fix names 'q'/],
    ['LO >= HI', ['--bounds', 'k=2:1'], /LO must be below HI/],
    ['LO == HI', ['--bounds', 'k=1:1'], /LO must be below HI/],
    ['a bound that is not a number', ['--bounds', 'k=a:1'], /--bounds k LO must be a number/],
    ['a start outside its bounds', ['--bounds', 'k=0:0.5', '--start', 'a=1,k=0.7,c=0'], /outside its --bounds/],
    ['--fix of every parameter', ['--fix', 'a=1,k=1,c=1'], /holds every parameter/],
    ['--fix outside the bounds', ['--fix', 'k=3', '--bounds', 'k=0:1'], /outside its --bounds/],
    ['--absolute-sigma without --sigma', ['--absolute-sigma'], /--absolute-sigma needs --sigma/],
    ['--f-scale 0', ['--loss', 'huber', '--f-scale', '0'], /--f-scale must be greater than 0/],
    ['--f-scale not a number', ['--loss', 'huber', '--f-scale', 'big'], /--f-scale must be a number/],
    ['an unknown loss', ['--loss', 'l1'], /unknown --loss 'l1'/],
  ];
  it.concurrent.each(bad)('%s', async (_, args, message) => {
    const r = await gradfitAsync(['fit', DECAY, ...MODEL, ...args]);
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
