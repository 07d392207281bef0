/**
 * Through the CLI (bin/gradfit with dist/worker.cjs, as users run it): a fit whose file is
 * parsed on several threads gives the parameters of the one-thread fit bit for bit (the columns
 * are the same bits, and the fit is the same code), and a bad cell in a later part is the same one
 * error line with exit 2.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { gradfit, json, removeScratch, scratch } from '../cli/run.js';

const rows = (n: number, cell: (i: number) => string): string => {
  let text = 't,counts\n';
  for (let i = 0; i < n; i++) text += `${cell(i)}\n`;
  return text;
};
const decay = (i: number): string => {
  const t = (i % 997) / 50;
  return `${t},${(5 * Math.exp(-0.7 * t) + 1.5 + 0.01 * Math.sin(i * 12.9898)).toPrecision(17)}`;
};
const dir = scratch({
  'decay.csv': rows(40_000, decay),
  'bad.csv': rows(40_000, (i) => (i === 31_000 ? '1.5,n/a' : decay(i))),
});
afterAll(() => removeScratch(dir));

const THREADS = (n: number) => ({ GRADFIT_INTERNAL_PARSE_THREADS: String(n), GRADFIT_INTERNAL_PARSE_MIN_BYTES: '1' });

describe('fit with the file parsed on several threads', () => {
  it('the same parameters, standard errors and statistics, bit for bit, polynomial and nonlinear', () => {
    for (const args of [
      ['--degree', '3', '-x', 't', '-y', 'counts'],
      ['--model', 'a*exp(-k*t)+c', '-y', 'counts', '--start', 'a=1,k=1,c=1'],
    ]) {
      const one = gradfit(['fit', join(dir, 'decay.csv'), ...args, '--json'], { env: THREADS(1) });
      expect(one.code).toBe(0);
      for (const threads of [2, 3]) {
        const many = gradfit(['fit', join(dir, 'decay.csv'), ...args, '--json'], { env: THREADS(threads) });
        expect(many.code).toBe(0);
        const [a, b] = [json(one), json(many)];
        expect(b.params).toEqual(a.params);
        expect(b.stderr).toEqual(a.stderr);
        expect(b.stats).toEqual(a.stats);
        expect(b.provenance.input).toEqual(a.provenance.input);
        expect(b.stats.n).toBe(40_000);
        expect(b.intervals).toEqual(a.intervals);
      }
    }
  });

  it('a bad cell in a later part: the same one error line, exit 2', () => {
    const one = gradfit(['fit', join(dir, 'bad.csv'), '--degree', '1'], { env: THREADS(1) });
    const many = gradfit(['fit', join(dir, 'bad.csv'), '--degree', '1'], { env: THREADS(3) });
    expect(one.code).toBe(2);
    expect(many).toEqual(one);
    expect(many.stderr).toBe(`gradfit: error: ${join(dir, 'bad.csv')}:31002:2: expected a number in column 2 (counts), found "n/a" (--skip-invalid drops such rows)\n`);
  });
});
