/**
 * fit --group COL --shared NAMES (issue 14): one joint fit in which the shared parameters are
 * common to all groups and the others are per group, reported as name[group]; its bad input, its
 * honesty (a joint fit that cannot be trusted exits 3), and group values that need escaping.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoCrash, expectOneError, gradfit, plain, removeScratch, scratch } from './run.js';

/** y = a_g·exp(-k_g·t) + 0.2, a common offset, with a small deterministic wiggle; 8 rows a group. */
const GROUPS: Record<string, { a: number; k: number }> = { A: { a: 3, k: 0.5 }, 'B, late': { a: 2, k: 1 }, C: { a: 4, k: 0.25 } };
const OFFSET = 0.2;
function decay(label: (g: string) => string, extra = ''): string {
  let text = 'subject,t,y\n';
  let j = 0;
  for (const [g, { a, k }] of Object.entries(GROUPS)) {
    for (let i = 0; i < 8; i++, j++) text += `${label(g)},${i * 0.5},${a * Math.exp(-k * i * 0.5) + OFFSET + 1e-3 * Math.sin(3.7 * j)}\n`;
  }
  return text + extra;
}
const quoted = (g: string): string => (g.includes(',') ? `"${g}"` : g);
const dir = scratch({
  'decay.csv': decay(quoted),
  // A group "D" of one row: too few for its own fit of 3 parameters, but the joint fit gives it
  // only a[D] (k and c shared).
  'short.csv': decay(quoted, 'D,0,3.2\n'),
  // Group values a terminal must not see raw, and one with brackets.
  'odd.csv': decay((g) => (g === 'A' ? '"x\x1b[31my"' : g === 'C' ? '"k]="' : quoted(g))),
});
afterAll(() => removeScratch(dir));
const data = join(dir, 'decay.csv');
const MODEL = ['--model', 'a*exp(-k*t)+c'];

describe('fit --group --shared', () => {
  it('one joint fit: c shared, a and k per group, named a[A], ..., from no start', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc.params)).toEqual(['a[A]', 'a[B, late]', 'a[C]', 'k[A]', 'k[B, late]', 'k[C]', 'c']);
    expect(doc).toMatchObject({ shared: ['c'], perGroup: ['a', 'k'], groupValues: ['A', 'B, late', 'C'], converged: true, failure: null });
    expect(doc.stats).toMatchObject({ n: 24, dof: 17 });
    for (const [g, { a, k }] of Object.entries(GROUPS)) {
      expect(doc.params[`a[${g}]`]).toBeCloseTo(a, 2);
      expect(doc.params[`k[${g}]`]).toBeCloseTo(k, 2);
      expect(doc.stderr[`k[${g}]`]).toBeGreaterThan(0);
    }
    expect(doc.params.c).toBeCloseTo(OFFSET, 2);
    // The joint model keeps the amplitudes and the offset linear: solved, not searched.
    expect(doc.search.linear).toEqual(['a[A]', 'a[B, late]', 'a[C]', 'c']);
  });

  it('a shared parameter is estimated better than any group alone does it', () => {
    const alone = JSON.parse(gradfit(['fit', data, ...MODEL, '--group', 'subject', '--json']).stdout);
    const joint = JSON.parse(gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--json']).stdout);
    for (const g of alone.groups) expect(joint.stderr.c).toBeLessThan(g.stderr.c);
  });

  it('the same answer from --start (each group\'s fit starts there, the joint fit from theirs)', () => {
    const a = JSON.parse(gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c,k', '--json']).stdout);
    const b = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c,k', '--start', 'a=1,k=1,c=0', '--json']);
    expect(b.code).toBe(0);
    const doc = JSON.parse(b.stdout);
    expect(Object.keys(doc.params)).toEqual(['a[A]', 'a[B, late]', 'a[C]', 'k', 'c']);
    for (const name of Object.keys(a.params)) expect(doc.params[name]).toBeCloseTo(a.params[name], 8);
  });

  it('a group too small for its own fit still takes part in the joint one', () => {
    const r = gradfit(['fit', join(dir, 'short.csv'), ...MODEL, '--group', 'subject', '--shared', 'k,c', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.jointStart).toMatchObject({ groupsFitted: 3, groups: 4 });
    expect(doc.params['a[D]']).toBeCloseTo(3.2 - doc.params.c, 6);
  });

  it('a joint fit that cannot be trusted exits 3 and says why, with its parameters', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--max-steps', '1', '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.failure.message).toMatch(/did not converge/);
    expect(Object.keys(doc.params)).toHaveLength(7);
    expect(r.stderr).toMatch(/gradfit: error: did not converge/);
  });

  it('a failed joint fit saves no model files, and says so', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--max-steps', '1', '--save', join(dir, 'failed-{group}.json'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not saving the groups' models .*: the fit failed/);
    expect(() => readFileSync(join(dir, 'failed-A.json'))).toThrow();
  });

  it('--expect names a group whose value holds a comma: k[B, late]', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--expect', 'k[B, late]=1,c=0.2', '--rtol', '0.05', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).checks.map((c: { name: string }) => c.name)).toEqual(['k[B, late]', 'c']);
  });

  it('--expect of a group that could not be fitted alone fails that check (and the run exits 3 for the group)', () => {
    const r = gradfit(['fit', join(dir, 'short.csv'), ...MODEL, '--group', 'subject', '--expect', 'k[D]=1,k[A]=0.5', '--rtol', '0.05', '--json']);
    expect(r.code).toBe(3);
    const checks = JSON.parse(r.stdout).checks;
    expect(checks[0]).toMatchObject({ name: 'k[D]', passed: false, message: 'k[D] has no value: group D was not fitted' });
    expect(checks[1]).toMatchObject({ name: 'k[A]', passed: true });
  });

  it('--max-rmse and --min-r2 apply to every group alone; --junit writes every check', () => {
    const junit = join(dir, 'groups.xml');
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--max-rmse', '1e-9', '--min-r2', '0.9', '--junit', junit, '--no-chart']);
    expect(r.code).toBe(1);
    const out = plain(r.stdout);
    expect(out).toMatch(/✗ group A: RMSE [\d.e-]+ is above the limit 1e-9/);
    expect(out).toMatch(/✓ group C: R² 0\.99\d* >= 0\.9/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/tests="6" failures="3" errors="0"/);
    expect(xml).toMatch(/name="max-rmse rmse\[B, late\]"/);
  });

  it('group values with control characters and brackets: escaped in every output, never raw', () => {
    const odd = join(dir, 'odd.csv');
    for (const format of [['--json'], ['--format', 'csv'], ['--no-chart']]) {
      const r = gradfit(['fit', odd, ...MODEL, '--group', 'subject', '--shared', 'c', ...format]);
      expect(r.code, r.stderr).toBe(0);
      expectNoCrash(r);
      expect(r.stdout).not.toContain('\x1b');
      // (In JSON the escape's backslash is itself escaped.)
      expect(r.stdout).toContain(format[0] === '--json' ? 'x\\\\x1b[31my' : 'x\\x1b[31my');
    }
    const doc = JSON.parse(gradfit(['fit', odd, ...MODEL, '--group', 'subject', '--shared', 'c', '--json']).stdout);
    expect(Object.keys(doc.params)).toEqual(['a[x\\x1b[31my]', 'a[B, late]', 'a[k]=]', 'k[x\\x1b[31my]', 'k[B, late]', 'k[k]=]', 'c']);
    // The file names of --save keep letters, digits, '.', '-' and '_' only.
    const r = gradfit(['fit', odd, ...MODEL, '--group', 'subject', '--shared', 'c', '--save', join(dir, 'odd-{group}.json'), '--quiet']);
    expect(r.code).toBe(0);
    for (const name of ['odd-x__31my.json', 'odd-B__late.json', 'odd-k__.json']) expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).format).toBe('gradfit-model');
  });

  it.each([
    [['--shared', 'c'], /--shared names the parameters common to all groups of a joint fit: give --group COL with it/],
    [['--group', 'subjekt', '--shared', 'c'], /unknown column 'subjekt'/],
    [['--group', 'subject', '--shared', 'zz'], /--shared names 'zz', which is not a parameter of the model \(its parameters are: a, k, c\)/],
    [['--group', 'subject', '--shared', 't'], /--shared names 't', which is not a parameter of the model \('t' is a data column of the model\)/],
    [['--group', 'subject', '--shared', 'c', '--where', 't > 100'], /--where "t > 100" keeps none of the 24 data rows/],
    [['--group', 'subject', '--shared', 'c', '--expect', 'c[A]=1'], /--expect names 'c\[A\]', which is not a parameter \(the parameters are: a\[A\], a\[B, late\], a\[C\], k\[A\], k\[B, late\], k\[C\], c\)/],
    [['--group', 'subject', '--shared', 'c', '--save', 'joint.json'], /--save with --group writes one model file per group: put \{group\} in the name/],
    [['--group', 'subject', '--shared', 'c', '--plot'], /--plot is not supported with --group yet/],
    // (-y given: no line about the columns gradfit chose comes before the error.)
    [['--group', 'subject', '--shared', 'c', '--fix', 'zz=1', '-y', 'y'], /--fix names 'zz', which is not a parameter/],
  ])('refuses %j: one error line, exit 2', (args, message) => {
    const r = gradfit(['fit', data, ...MODEL, ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(message);
  });

  it('--save: two groups whose file names would be the same are refused before any work; a group not fitted is not saved', () => {
    const clash = join(dir, 'clash.csv');
    writeFileSync(clash, decay((g) => (g === 'A' ? 'a b' : g === 'C' ? 'a_b' : quoted(g))));
    const r = gradfit(['fit', clash, ...MODEL, '-y', 'y', '--group', 'subject', '--save', join(dir, 'clash-{group}.json')]);
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(/--save: groups a b and a_b would both be saved as .*clash-a_b\.json/);
    expect(r.stdout).toBe('');
    const short = gradfit(['fit', join(dir, 'short.csv'), ...MODEL, '--group', 'subject', '--save', join(dir, 'short-{group}.json'), '--quiet']);
    expect(short.code).toBe(3);
    expect(short.stderr).toMatch(/not saving .*short-D\.json: group D was not fitted/);
    expect(JSON.parse(readFileSync(join(dir, 'short-C.json'), 'utf8')).params.k).toBeCloseTo(0.25, 2);
  });

  it('50 groups of 20 rows: the joint fit is right, and says it was not checked by a search over all 101 parameters', () => {
    let text = 'g,t,y\n';
    for (let g = 0; g < 50; g++) {
      for (let i = 0; i < 20; i++) text += `G${g},${i * 0.25},${(2 + g / 25) * Math.exp(-(0.3 + g / 50) * i * 0.25) + 0.5 + 1e-3 * Math.sin(7 * i + g)}\n`;
    }
    const many = join(dir, 'many.csv');
    writeFileSync(many, text);
    const r = gradfit(['fit', many, ...MODEL, '--group', 'g', '--shared', 'c', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.jointStart).toEqual({ groupsFitted: 50, groups: 50, searchCheck: false });
    expect(Object.keys(doc.params)).toHaveLength(101);
    expect(doc.params.c).toBeCloseTo(0.5, 3);
    expect(doc.params['k[G49]']).toBeCloseTo(0.3 + 49 / 50, 3);
    expect(doc.params['a[G10]']).toBeCloseTo(2.4, 2);
    const text2 = gradfit(['fit', many, ...MODEL, '--group', 'g', '--shared', 'c', '--no-chart']);
    expect(plain(text2.stdout).split('\n')[0]).toMatch(/too many parameters to check by a search over all of them\)$/);
  });

  it('--degree 1 with a shared intercept: solved exactly, as the normal equations of the joint design give it', () => {
    const r = gradfit(['fit', data, '-x', 't', '-y', 'y', '--degree', '1', '--group', 'subject', '--shared', 'c0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.method).toBe('linear');
    // The design: a column of ones, and t in group g's column on its rows; solved here by elimination.
    const rows = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((line) => {
      const m = /^("[^"]*"|[^,]*),([^,]*),([^,]*)$/.exec(line);
      return { g: (m?.[1] ?? '').replace(/"/g, ''), t: Number(m?.[2]), y: Number(m?.[3]) };
    });
    const groups = Object.keys(GROUPS);
    const P = 1 + groups.length;
    const A = Array.from({ length: P }, () => new Array<number>(P + 1).fill(0));
    for (const { g, t, y } of rows) {
      const x = new Array<number>(P).fill(0);
      x[0] = 1;
      x[1 + groups.indexOf(g)] = t;
      for (let i = 0; i < P; i++) {
        const Ai = A[i] ?? [];
        for (let j = 0; j < P; j++) Ai[j] = (Ai[j] ?? 0) + (x[i] ?? 0) * (x[j] ?? 0);
        Ai[P] = (Ai[P] ?? 0) + (x[i] ?? 0) * y;
      }
    }
    for (let i = 0; i < P; i++) {
      const pivot = A[i] ?? [];
      for (let k = 0; k < P; k++) {
        if (k === i) continue;
        const row = A[k] ?? [];
        const f = (row[i] ?? 0) / (pivot[i] ?? 1);
        for (let j = i; j <= P; j++) row[j] = (row[j] ?? 0) - f * (pivot[j] ?? 0);
      }
    }
    const solution = A.map((row, i) => (row[P] ?? NaN) / (row[i] ?? NaN));
    expect(doc.params.c0).toBeCloseTo(solution[0] ?? NaN, 10);
    groups.forEach((g, k) => expect(doc.params[`c1[${g}]`]).toBeCloseTo(solution[1 + k] ?? NaN, 10));
  });

  it('--fix and --bounds of a per-group parameter hold every group\'s copy', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--shared', 'c', '--fix', 'k=0.5', '--bounds', 'a=0:10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.fixed).toEqual(['k[A]', 'k[B, late]', 'k[C]']);
    expect(doc.params['k[C]']).toBe(0.5);
    expect(Object.keys(doc.bounds)).toEqual(['a[A]', 'a[B, late]', 'a[C]']);
  });
});
