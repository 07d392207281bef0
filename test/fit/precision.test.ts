/**
 * Full precision where the data allow it: R's uspop logistic fit, with no --start, against the
 * least-squares solution computed to 50 digits (scripts/reference/uspop-exact.py: Gauss–Newton in
 * mpmath; the numbers are in test/reference-data/uspop-exact.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { parseModel } from '../../src/fit/model.js';

const exact = JSON.parse(readFileSync(new URL('../reference-data/uspop-exact.json', import.meta.url), 'utf8')) as {
  model: string;
  params: Record<string, string>;
  rss: string;
};

describe('precision', () => {
  it('uspop, logistic in calendar years, no --start: every parameter to 1e-13 of the 50-digit solution', async () => {
    const path = new URL('../start-free/data/uspop.csv', import.meta.url).pathname;
    const loaded = await loadFitData({ kind: 'file', path }, { header: 'auto' }, { x: 'year', y: 'pop' }, parseModel(exact.model));
    const r = fitDataset(loaded, { method: 'lm', start: new Map() }).result;
    expect(r.converged).toBe(true);
    for (const [name, text] of Object.entries(exact.params)) {
      const want = Number(text);
      expect(Math.abs(r.params[name] - want) / Math.abs(want), name).toBeLessThan(1e-13);
    }
    expect(Math.abs(r.stats.rss - Number(exact.rss)) / Number(exact.rss)).toBeLessThan(1e-13);
  });
});
