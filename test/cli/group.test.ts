/**
 * fit --group COL (issue 14, "Many fits in one command"): the model fitted to each group of rows
 * separately, as R's nlsList; a group that cannot be fitted is reported and the others still are.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneError, gradfit, plain, removeScratch, scratch } from './run.js';

/** Three groups of y = 3·exp(-k·t) (+ a small deterministic wiggle) and a group "D" of 2 rows. */
const RATES: Record<string, number> = { A: 0.5, 'B, late': 1, C: 0.25 };
function decay(groupValue: (g: string) => string = (g) => g): string {
  let text = 'subject,t,y\n';
  for (const g of Object.keys(RATES)) {
    for (let i = 0; i < 8; i++) {
      const t = i * 0.5;
      text += `${groupValue(g)},${t},${3 * Math.exp(-RATES[g] * t) + 1e-3 * Math.sin(7 * i + g.length)}\n`;
    }
  }
  return `${text}${groupValue('D')},0,1\n${groupValue('D')},1,0.5\n`;
}
const dir = scratch({
  'decay.csv': decay((g) => (g.includes(',') ? `"${g}"` : g)),
  'numbered.csv': decay((g) => String(['A', 'B, late', 'C', 'D'].indexOf(g) + 1)),
});
afterAll(() => removeScratch(dir));
const data = join(dir, 'decay.csv');
const MODEL = ['--model', 'a*exp(-k*t)+c'];

describe('fit --group', () => {
  it('JSON: one full fit result per group, in order of first appearance; a group of 2 rows fails, exit 3', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ command: 'fit', model: 'a*exp(-k*t)+c', group: 'subject' });
    expect(doc.groups.map((g: any) => g.group)).toEqual(['A', 'B, late', 'C', 'D']);
    for (const g of doc.groups.slice(0, 3)) {
      expect(g).toMatchObject({ command: 'fit', converged: true, failure: null, stats: { n: 8 } });
      expect(g.params.k).toBeCloseTo(RATES[g.group], 2);
      expect(g.params.a).toBeCloseTo(3, 1);
      expect(g.stderr.k).toBeGreaterThan(0);
    }
    expect(doc.groups[3]).toMatchObject({ group: 'D', converged: false, stats: { n: 2 } });
    expect(doc.groups[3].failure.message).toMatch(/needs at least 3 data rows.*has 2/);
  });

  it('JSON: numeric group values are numbers', () => {
    const r = gradfit(['fit', join(dir, 'numbered.csv'), ...MODEL, '--group', '1', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).groups.map((g: any) => g.group)).toEqual([1, 2, 3, 4]);
  });

  it('text: a row per group (value, each parameter ± stderr, n, RSS, status) and a summary line', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--no-chart']);
    expect(r.code).toBe(3);
    const lines = plain(r.stdout).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^subject\s+a\s+k\s+c\s+n\s+RSS\s+status$/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^A\s+[\d.]+ ± [\d.e-]+\s+0\.\d+ ± .*\s8\s+\S+\s+converged$/);
    expect(lines[2]).toMatch(/^B, late\s/);
    expect(lines[4]).toMatch(/^D\s.*\s2\s+—\s+failed: .*needs at least 3 data rows/);
    expect(lines[5]).toBe('4 groups by subject, 1 failed');
  });

  it('CSV: a header and one row per group, values quoted as RFC 4180 says', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', '$1', '--format', 'csv']);
    expect(r.code).toBe(3);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('group,a,k,c,stderr_a,stderr_k,stderr_c,n,rss,converged');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^"B, late",/);
    expect(lines[1].split(',')).toHaveLength(10);
    expect(lines[1]).toMatch(/,8,[\d.e-]+,true$/);
    expect(lines[4]).toBe('D,,,,,,,2,,false');
  });

  it('every group fitted: exit 0; --where can leave a group out by its value', () => {
    const r = gradfit(['fit', data, ...MODEL, '--group', 'subject', '--where', 'subject != "D"', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).groups.map((g: any) => g.group)).toEqual(['A', 'B, late', 'C']);
  });

  it.each([
    [['--group', 'nope'], /unknown column 'nope'/],
    [['--group', 't', '-x', 't', '-y', 'y', '--model', 'a*exp(-k*x)'], /--group names column 't', which is x/],
    [['--group', 'y', '-y', 'y'], /--group names column 'y', which is the response/],
    [['--group', 't'], /--group names column 't', which the model reads as numbers/],
    [['--group', 'subject', '--degree', 'auto'], /not --degree auto/],
    [['--group', 'subject', '--plot-file', 'p.svg', '--plot'], /--plot-file, --plot are not supported with --group yet/],
    [['--group', 'subject', '--save', 'm.json'], /--save with --group writes one model file per group: put \{group\} in the name/],
    [['--group', 'subject', '--expect', 'k=1'], /--expect names 'k', which is not a parameter \(the parameters are: a\[A\], a\[B, late\], a\[C\], a\[D\], k\[A\]/],
    [['--group', 'subject', '--where', 'subject == "E"'], /--where 'subject == "E"' keeps none of the 26 data rows/],
    [['--shared', 'k'], /--shared names the parameters common to all groups of a joint fit: give --group COL with it/],
  ])('refuses %j: one error line, exit 2', (args, message) => {
    const model = args.includes('--model') || args.includes('--degree') ? [] : MODEL;
    const r = gradfit(['fit', data, ...model, ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(message);
  });
});
