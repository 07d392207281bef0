/**
 * Fits of more than one chunk of rows (131,072) through the CLI, as users run them
 * (bin/gradfit with dist/worker.cjs): a nonlinear model gives the same parameters, standard
 * errors and statistics bit for bit with its rows folded on one thread or two, and a polynomial
 * the same coefficients bit for bit from a pipe (folded as the rows arrive, chunk by chunk like the
 * fit by path) as by path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uniformSource as uniform } from '../../src/optim/random.js';
import { gradfit, json, removeScratch, scratch } from './run.js';

const N = 300_000;

/** Rows "x,y" of a noisy decay on a baseline; the first two hold the smallest and largest x. */
function rows(): string {
  const u = uniform(7);
  const lines = ['x,y', '0,6.5', '10,1.5'];
  for (let i = 2; i < N; i++) {
    const x = 10 * u();
    lines.push(`${x},${5 * Math.exp(-0.7 * x) + 1.5 + 0.05 * (u() - 0.5)}`);
  }
  return `${lines.join('\n')}\n`;
}

const dir = scratch({ 'decay.csv': rows() });
afterAll(() => removeScratch(dir));
const file = join(dir, 'decay.csv');

const THREADS = (n: number) => ({ GRADFIT_INTERNAL_FOLD_THREADS: String(n), GRADFIT_INTERNAL_FOLD_MIN_ROWS: '1' });

describe('a fit of more than one chunk of rows', () => {
  it.each([
    ['from --start', ['--model', 'a*exp(-k*x)+c', '--start', 'a=1,k=1,c=1']],
    ['with no start', ['--model', 'a*exp(-k*x)+c']],
  ])('a*exp(-k*x)+c %s: the same results bit for bit, folded on one thread or two', (_, args) => {
    const one = gradfit(['fit', file, ...args, '--json'], { env: THREADS(1) });
    const two = gradfit(['fit', file, ...args, '--json'], { env: THREADS(2) });
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const [a, b] = [json(one), json(two)];
    expect(a.stats.n).toBe(N);
    expect(b.params).toEqual(a.params);
    expect(b.stderr).toEqual(a.stderr);
    expect(b.stats).toEqual(a.stats);
    expect(b.intervals).toEqual(a.intervals);
  });

  it('from a pipe, folded as the rows arrive: the coefficients of the fit by path, bit for bit', () => {
    const byPath = json(gradfit(['fit', file, '--degree', '3', '--json'], { env: THREADS(2) }));
    const piped = gradfit(['fit', '--degree', '3', '--json'], { input: readFileSync(file), env: { GRADFIT_STREAM_AFTER_ROWS: '0' } });
    expect(piped.code).toBe(0);
    const r = json(piped);
    expect(r.folded.parts).toBe(1);
    expect(r.stats.n).toBe(N);
    for (const k of ['c0', 'c1', 'c2', 'c3']) expect(r.params[k], k).toBe(byPath.params[k]);
  });
});
