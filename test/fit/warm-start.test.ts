/**
 * A large Levenberg–Marquardt fit from a given start begins on a spread sample of its rows
 * (solve-iterative.ts, warmStart): the fit ends where the fit started at the answer ends, in
 * fewer passes over all the rows, and reports the sample fit as its first step.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { parseModel } from '../../src/fit/model.js';
import { normalSource } from '../../src/optim/random.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-warm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** y = 5·exp(−0.7x) + 1.5 plus noise of 0.05, x evenly over [0, 10]. */
function decayFile(n: number): string {
  const draw = normalSource(7);
  const lines = ['x,y'];
  for (let i = 0; i < n; i++) {
    const x = (10 * i) / (n - 1);
    lines.push(`${x},${5 * Math.exp(-0.7 * x) + 1.5 + 0.05 * draw()}`);
  }
  const path = join(dir, `decay-${n}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function fit(path: string, start: Record<string, number>, maxSteps?: number) {
  const loaded = await loadFitData({ kind: 'file', path }, { header: 'auto' }, { x: 'x', y: 'y' }, parseModel('a*exp(-k*x)+c'));
  return fitDataset(loaded, { method: 'lm', start: new Map(Object.entries(start)), maxSteps, searchCheck: false }).result;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('a large fit from a distant start', () => {
  const path = decayFile(100_000);

  it('ends where the fit started at the answer ends, in fewer passes than LM from the start would take', async () => {
    const far = await fit(path, { a: 1, k: 1, c: 1 });
    expect(far.converged).toBe(true);
    const near = await fit(path, far.params);
    expect(near.converged).toBe(true);
    for (const name of ['a', 'k', 'c']) expect(relative(far.params[name], near.params[name])).toBeLessThan(1e-9);
    // From a = k = c = 1 plain LM takes 11 passes over the rows here; the sample fit leaves 3–4.
    expect(far.evaluations).toBeLessThanOrEqual(8);
  });

  it('reports the sample fit as its first step: the sum of squares at the start, then at its end', async () => {
    const far = await fit(path, { a: 1, k: 1, c: 1 });
    const startRss = (await fit(path, { a: 1, k: 1, c: 1 }, 1)).history[0];
    expect(far.history[0]).toBe(startRss);
    expect(far.history[1]).toBeLessThan(far.history[0] / 100);
    expect(far.history.length).toBe(far.iterations + 1);
  });

  it('leaves a start near the answer to LM as it is: no pass over all the rows at the sample fit\'s end', async () => {
    const far = await fit(path, { a: 1, k: 1, c: 1 });
    const near = await fit(path, { a: far.params.a * (1 + 1e-6), k: far.params.k, c: far.params.c });
    expect(near.converged).toBe(true);
    // The fold at the start, LM's one step and its polish: three passes (a fourth, at the sample
    // fit's end, would be counted too).
    expect(near.evaluations).toBeLessThanOrEqual(3);
    for (const name of ['a', 'k', 'c']) expect(relative(near.params[name], far.params[name])).toBeLessThan(1e-9);
  });

  it('leaves --max-steps 1 its one step over all the rows', async () => {
    const one = await fit(path, { a: 1, k: 1, c: 1 }, 1);
    expect(one.iterations).toBeLessThanOrEqual(1);
  });
});

describe('a small fit', () => {
  it('runs from the start as it is (the same passes as before)', async () => {
    const path = decayFile(2000);
    const r = await fit(path, { a: 1, k: 1, c: 1 });
    expect(r.converged).toBe(true);
    expect(r.evaluations).toBeGreaterThan(8);
  });
});
