/**
 * Every NIST StRD problem in test/reference-data/nist, through the same path as `gradfit fit`:
 * the CSV reader, the model classification, the fused kernel, the fitter and the statistics.
 * Accuracy is the log relative error (LRE): the number of correct significant digits.
 */
import { describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset, type FitMethod } from '../../src/fit/fit.js';
import { parseModel, polynomialSpec } from '../../src/fit/model.js';
import { lre, nistCases, type NistCase } from '../linalg/nist-data.js';

const NIST = new URL('../reference-data/nist/', import.meta.url);

type Case = NistCase;
const cases = nistCases();

async function fitCase(c: Case, how: { degree?: number; start?: Record<string, number>; method?: FitMethod }) {
  const model = how.degree !== undefined ? polynomialSpec(how.degree) : parseModel(c.model);
  const loaded = await loadFitData(
    { kind: 'file', path: new URL(c.csv, NIST).pathname },
    { header: 'auto' },
    { x: c.x[0], y: c.y },
    model,
  );
  return fitDataset(loaded, { method: how.method ?? 'lm', start: new Map(Object.entries(how.start ?? {})) }).result;
}

function expectCertified(c: Case, r: Awaited<ReturnType<typeof fitCase>>, names: (p: string) => string = (p) => p) {
  for (const p of c.params) {
    expect(lre(r.params[names(p)], c.certified[p]), `${c.name} ${p}`).toBeGreaterThanOrEqual(7);
    expect(lre(r.stderr[names(p)] ?? NaN, c.certified_sd[p]), `${c.name} sd(${p})`).toBeGreaterThanOrEqual(4);
  }
  expect(lre(r.stats.rss, c.certified_rss), `${c.name} RSS`).toBeGreaterThanOrEqual(6);
}

describe('NIST StRD, nonlinear, from both starts', () => {
  const nonlinear = cases.filter((c) => c.kind === 'nonlinear');
  // 'certified': started at the solution itself (a --start copied from an earlier result).
  it.each(nonlinear.flatMap((c) => [[c.name, 'start1', c] as const, [c.name, 'start2', c] as const, [c.name, 'certified', c] as const]))(
    '%s from %s: ≥ 7 digits in every parameter, ≥ 4 in every standard error',
    async (_name, start, c) => {
      const r = await fitCase(c, { start: c[start] });
      expect(r.converged).toBe(true);
      expectCertified(c, r);
    },
  );
});

describe('NIST StRD, linear', () => {
  const linear = cases.filter((c) => c.kind === 'linear');
  it.each(linear.map((c) => [c.name, c] as const))('%s with --model', async (_name, c) => {
    expectCertified(c, await fitCase(c, {}));
  });
  it.each(linear.filter((c) => c.degree !== null).map((c) => [c.name, c] as const))('%s with --degree', async (_name, c) => {
    const r = await fitCase(c, { degree: c.degree! });
    // B0, B1, B2 of NIST are c0, c1, c2 of gradfit's polynomial.
    expectCertified(c, r, (p) => `c${p.slice(1)}`);
  });
});
