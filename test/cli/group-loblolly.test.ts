/**
 * fit --group and --group --shared against R (issue 14): R's Loblolly data set as its write.csv
 * wrote it, fitted per seed source (R's nlsList) and jointly with shared parameters (R's nls with
 * indexed parameters, Asym[Seed]); parameters, standard errors, RSS and degrees of freedom agree
 * to 1e-6 relative. The numbers and the script that made them: test/reference-data/r/loblolly.*.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneError, gradfit, plain, REFERENCE, removeScratch, scratch } from './run.js';

interface Reference {
  params: Record<string, number>;
  stderr: Record<string, number>;
  rss: number;
  dof: number;
}
const R = JSON.parse(readFileSync(join(REFERENCE, 'r', 'loblolly.json'), 'utf8')) as {
  groups: Record<string, Reference>;
  shared_lrc: Reference;
  shared_R0_lrc: Reference;
};
const DATA = join(REFERENCE, 'r', 'loblolly.csv');
const MODEL = ['--model', 'Asym+(R0-Asym)*exp(-exp(lrc)*age)'];
const SEEDS = Object.keys(R.groups);
const RTOL = 1e-6;

function expectRelative(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected) / Math.abs(expected), `${what}: ${actual} vs R's ${expected}`).toBeLessThanOrEqual(RTOL);
}

/** Every parameter and standard error of `ref` in the result (by the same names), and the RSS and dof. */
function expectAgrees(doc: { params: Record<string, number>; stderr: Record<string, number | null>; stats: { rss: number; dof: number } }, ref: Reference): void {
  expect(Object.keys(doc.params).sort()).toEqual(Object.keys(ref.params).sort());
  for (const [name, v] of Object.entries(ref.params)) expectRelative(doc.params[name], v, name);
  for (const [name, v] of Object.entries(ref.stderr)) expectRelative(doc.stderr[name], v, `stderr ${name}`);
  expectRelative(doc.stats.rss, ref.rss, 'rss');
  expect(doc.stats.dof).toBe(ref.dof);
}

const dir = scratch();
afterAll(() => removeScratch(dir));

describe('fit --group on R\'s Loblolly, against nlsList', () => {
  it.each([[[]], [['--start', 'Asym=100,R0=-8,lrc=-3']]] as const)('each seed source fitted alone (%j): every parameter and standard error as R\'s', (start) => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', ...start, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.groups.map((g: { group: number }) => String(g.group))).toEqual(SEEDS);
    for (const g of doc.groups) {
      expect(g.converged).toBe(true);
      expectAgrees(g, R.groups[String(g.group)]);
    }
    // The flat params name each group's parameters as name[group], for checks and baselines.
    expectRelative(doc.params['lrc[305]'], R.groups['305'].params.lrc, 'params lrc[305]');
  });
});

describe('fit --group --shared on R\'s Loblolly, against nls with indexed parameters', () => {
  it.each([
    ['lrc', 'shared_lrc', []],
    ['R0,lrc', 'shared_R0_lrc', []],
    ['lrc', 'shared_lrc', ['--start', 'Asym=100,R0=-8,lrc=-3']],
    ['R0,lrc', 'shared_R0_lrc', ['--start', 'Asym=50,R0=0,lrc=-2']],
  ] as const)('--shared %s (%s) %j: parameters, standard errors, RSS and dof as R\'s', (shared, key, start) => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', shared, ...start, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ command: 'fit', group: 'Seed', shared: shared.split(','), converged: true, failure: null });
    expect(doc.groupValues).toEqual(SEEDS);
    expect(doc.jointStart).toEqual({ groupsFitted: 14, groups: 14, searchCheck: true });
    expect(doc.stats.n).toBe(84);
    expectAgrees(doc, R[key]);
    // The correlation matrix is named as the parameters are.
    expect(doc.correlation.names).toEqual(Object.keys(doc.params));
  });

  it.each([
    ['Asym=1,R0=1,lrc=5', /the fit from the given start ended in a local minimum: its sum of squares 2\d+\.\d+ is above the 28\.7146 a search found/],
    ['Asym=1000,R0=500,lrc=-10', /not a minimum|did not converge/],
  ])('from a --start far off (%s) no group fits alone, and the joint fit says it cannot be trusted: exit 3', (start, message) => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--start', start, '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.jointStart.groupsFitted).toBe(0);
    expect(doc.failure.message).toMatch(message);
    expect(r.stderr).toMatch(/^gradfit: error: /m);
  });

  it('text: the joint line, then the parameters as name[group]', () => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--no-chart']);
    expect(r.code).toBe(0);
    const lines = plain(r.stdout).split('\n');
    expect(lines[0]).toBe('joint fit of 14 groups by Seed; shared: lrc; per group: Asym, R0 (started from each group fitted alone first)');
    expect(lines[1]).toMatch(/^height = Asym \+ \(R0 - Asym\)·exp\(-exp\(-3\.24549\)·age\)$/);
    expect(r.stdout).toMatch(/^ {2}Asym\[301\] +103\.707 +± 2\.51509/m);
    expect(r.stdout).toMatch(/^ {2}lrc +-3\.24549 +± 0\.0343\d+/m);
  });

  it('CSV: the joint parameters as columns name[group]', () => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.trimEnd().split('\n');
    const names = (header ?? '').split(',');
    expect(names.slice(0, 3)).toEqual(['Asym[301]', 'Asym[303]', 'Asym[305]']);
    const values = (row ?? '').split(',').map(Number);
    expectRelative(values[names.indexOf('lrc')], R.shared_lrc.params.lrc, 'csv lrc');
    expectRelative(values[names.indexOf('stderr_R0[331]')], R.shared_lrc.stderr['R0[331]'], 'csv stderr_R0[331]');
  });
});

describe('regression checks and --save with --group', () => {
  it('--expect name[group]: within --rtol passes (exit 0); outside fails (exit 1) and says by how much', () => {
    const ok = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--expect', `lrc=${R.shared_lrc.params.lrc},Asym[301]=103.707`, '--rtol', '1e-5', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).checks.map((c: { name: string; passed: boolean }) => [c.name, c.passed])).toEqual([['lrc', true], ['Asym[301]', true]]);
    const bad = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--expect', 'Asym[303]=100', '--no-chart']);
    expect(bad.code).toBe(1);
    expect(plain(bad.stdout)).toMatch(/✗ Asym\[303\] = 10\d\.\d+, expected 100 ± 0\.1: off by/);
  });

  it('--baseline of a grouped result: the same fit passes --sigma-tol, another model fails the moved parameters', () => {
    const baseline = join(dir, 'separate.json');
    const first = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--json']);
    expect(first.code).toBe(0);
    writeFileSync(baseline, first.stdout);
    const again = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--baseline', baseline, '--sigma-tol', '0.01', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const checks = JSON.parse(again.stdout).checks;
    expect(checks).toHaveLength(42);
    expect(checks.every((c: { passed: boolean; kind: string }) => c.passed && c.kind === 'baseline')).toBe(true);
    // The joint fit's Asym[g] moved by many of the separate fits' standard errors? Compared by --rtol.
    const joint = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--baseline', baseline, '--rtol', '1e-3', '--json']);
    expect(joint.code).toBe(1);
    const names = JSON.parse(joint.stdout).checks.filter((c: { passed: boolean }) => !c.passed).map((c: { name: string }) => c.name);
    expect(names).toContain('lrc[301]'); // in the baseline, not in the joint result
    expect(names).toContain('lrc'); // in the joint result, not in the baseline
  });

  it('--save model-{group}.json: one model file per group, which predict evaluates (joint: the shared lrc in every file)', () => {
    const pattern = join(dir, 'joint-{group}.json');
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', 'lrc', '--save', pattern, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const p = R.shared_lrc.params;
    for (const seed of ['301', '331']) {
      const file = join(dir, `joint-${seed}.json`);
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(saved.params)).toEqual(['Asym', 'R0', 'lrc']);
      expectRelative(saved.params.lrc, p.lrc, 'saved lrc');
      expectRelative(saved.stderr.Asym, R.shared_lrc.stderr[`Asym[${seed}]`] ?? NaN, 'saved stderr Asym');
      expect(saved.uncertainty.dof).toBe(55);
      const out = gradfit(['predict', file, '-', '--interval', 'confidence'], { input: 'age\n10\n30\n' });
      expect(out.code, out.stderr).toBe(0);
      const [head, ...rows] = out.stdout.trimEnd().split('\n');
      expect(head).toBe('age,height,lower,upper');
      rows.forEach((row, i) => {
        const [age, height, lower, upper] = row.split(',').map(Number);
        const A = p[`Asym[${seed}]`] ?? NaN;
        const R0 = p[`R0[${seed}]`] ?? NaN;
        expect(age).toBe([10, 30][i]);
        expectRelative(height, A + (R0 - A) * Math.exp(-Math.exp(p.lrc ?? NaN) * (age ?? NaN)), `predicted height at ${age}`);
        expect(lower).toBeLessThan(height ?? NaN);
        expect(upper).toBeGreaterThan(height ?? NaN);
      });
    }
  });

  it('--save with separate groups: each group\'s own model', () => {
    const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--save', join(dir, 'alone-{group}.json'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'alone-305.json'), 'utf8'));
    for (const name of ['Asym', 'R0', 'lrc']) expectRelative(saved.params[name], R.groups['305']?.params[name] ?? NaN, `saved ${name}`);
    expect(saved.uncertainty.dof).toBe(3);
  });

  it('--shared names no parameter of the model: one error line, exit 2', () => {
    for (const [shared, message] of [
      ['age', /--shared names 'age', which is not a parameter of the model \('age' is a data column of the model\)/],
      ['lrc,Asm', /--shared names 'Asm', which is not a parameter of the model \(its parameters are: Asym, R0, lrc\)/],
      ['lrc,lrc', /--shared names 'lrc' twice/],
      [',', /--shared needs the names of parameters/],
    ] as const) {
      const r = gradfit(['fit', DATA, ...MODEL, '--group', 'Seed', '--shared', shared]);
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(message);
    }
  });
});
