/** The notebook's curve-fitting example: the seed parabola, its exact optimum, and plain gradient descent. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset, type FitMethod } from '../../src/fit/fit.js';
import { parseModel, polynomialSpec } from '../../src/fit/model.js';
import { gd } from '../../src/optim/index.js';

const DATA = new URL('../reference-data/seed_parabola.csv', import.meta.url).pathname;
const optimum = JSON.parse(readFileSync(new URL('../reference-data/seed_parabola.optimum.json', import.meta.url), 'utf8'));

async function fit(method: FitMethod, extra: { model?: string; lr?: number; maxSteps?: number; start?: Record<string, number> } = {}) {
  const model = extra.model ? parseModel(extra.model) : polynomialSpec(2);
  const loaded = await loadFitData({ kind: 'file', path: DATA }, { header: 'auto' }, { x: 'x', y: 'y' }, model);
  return fitDataset(loaded, { method, start: new Map(Object.entries(extra.start ?? {})), lr: extra.lr, maxSteps: extra.maxSteps }).result;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('gradfit fit seed_parabola.csv --degree 2', () => {
  it('gives the exact least-squares optimum to 1e-10 and its standard errors to 1e-6', async () => {
    const r = await fit('lm');
    for (const name of ['c0', 'c1', 'c2']) {
      expect(rel(r.params[name], optimum.params[name])).toBeLessThan(1e-10);
      expect(rel(r.stderr[name] ?? NaN, optimum.stderr[name] ?? NaN)).toBeLessThan(1e-6);
    }
    expect(rel(r.stats.rss, optimum.rss)).toBeLessThan(1e-10);
    expect(r.stats).toMatchObject({ n: 200, dof: 197 });
    expect(r.converged).toBe(true);
  });

  it.each(['gd', 'momentum', 'lbfgs'] as const)('--method %s with its defaults reaches the optimum to 1e-6', async (method) => {
    const r = await fit(method);
    expect(r.converged).toBe(true);
    for (const name of ['c0', 'c1', 'c2']) expect(rel(r.params[name], optimum.params[name])).toBeLessThan(1e-6);
  });

  it('--method gd on a --model runs the notebook loop on raw x: 1000 steps of lr 1e-3 leave c0 short of the optimum', async () => {
    const start = { a: 0.3, b: -0.2, c: 0.5 };
    const r = await fit('gd', { model: 'a*x^2 + b*x + c', lr: 1e-3, maxSteps: 1000, start });
    // The same loop written out by hand, as the notebook does it with torch.mm.
    const rows = readFileSync(DATA, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const byHand = gd(
      {
        dim: 3,
        evaluate(p, g) {
          g.fill(0);
          let f = 0;
          for (const [x, y] of rows) {
            const e = p[0] * x! * x! + p[1] * x! + p[2] - y!;
            f += e * e;
            g[0] += (2 * e * x! * x!) / rows.length;
            g[1] += (2 * e * x!) / rows.length;
            g[2] += (2 * e) / rows.length;
          }
          return f / rows.length;
        },
      },
      Float64Array.of(start.a, start.b, start.c),
      { lr: 1e-3, maxSteps: 1000, tol: 0 },
    );
    expect(r.iterations).toBe(1000);
    expect(r.converged).toBe(false);
    expect(r.params.a).toBeCloseTo(byHand.x[0], 10);
    expect(r.params.b).toBeCloseTo(byHand.x[1], 10);
    expect(r.params.c).toBeCloseTo(byHand.x[2], 10);
    expect(rel(r.params.c!, optimum.params.c0)).toBeGreaterThan(1e-3);
  });
});
