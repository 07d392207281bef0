import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { globalSearch, sameMinimum, screenBox, searchBudget, type LocalOutcome } from '../../src/optim/global-search.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import type { Objective } from '../../src/optim/types.js';

const box = (lo: number[], hi: number[]) => ({ lo: Float64Array.from(lo), hi: Float64Array.from(hi) });

describe('screenBox', () => {
  it('keeps the lowest distinct points, lowest first, inside the box, and skips non-finite values', () => {
    const value = (x: Float64Array) => (x[0] < 0 ? NaN : (x[0] - 0.3) ** 2 + (x[1] + 0.2) ** 2);
    const r = screenBox(value, box([-1, -1], [1, 1]), 400, 5);
    expect(r.screened).toBe(400);
    expect(r.finite).toBeGreaterThan(150);
    expect(r.finite).toBeLessThan(250);
    expect(r.points).toHaveLength(5);
    for (let i = 1; i < r.points.length; i++) expect(r.points[i].f).toBeGreaterThanOrEqual(r.points[i - 1].f);
    for (const p of r.points) {
      expect(p.x[0]).toBeGreaterThanOrEqual(0);
      expect(p.x[0]).toBeLessThan(1);
      expect(Math.abs(p.x[1])).toBeLessThan(1);
    }
    expect(r.points[0].f).toBeLessThan(0.01);
    // Distinct: no two within 0.25/5^(1/2) of the box's side in every coordinate.
    const radius = 0.25 / Math.sqrt(5);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < i; j++) {
        const a = r.points[i].x;
        const b = r.points[j].x;
        expect(Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])) / 2).toBeGreaterThanOrEqual(radius);
      }
    }
  });

  it('is deterministic', () => {
    const value = (x: Float64Array) => Math.sin(5 * x[0]) + x[1] ** 2;
    expect(screenBox(value, box([0, 0], [3, 3]), 300, 4)).toEqual(screenBox(value, box([0, 0], [3, 3]), 300, 4));
  });
});

/** f(x) = Σ (x_i² − 10 cos 2πx_i) + 10n: Rastrigin as an objective. */
function rastrigin(n: number): Objective {
  return {
    dim: n,
    evaluate(x, g) {
      let f = 10 * n;
      for (let i = 0; i < n; i++) {
        f += x[i] ** 2 - 10 * Math.cos(2 * Math.PI * x[i]);
        g[i] = 2 * x[i] + 20 * Math.PI * Math.sin(2 * Math.PI * x[i]);
      }
      return f;
    },
  };
}

describe('globalSearch', () => {
  it('finds Rastrigin 3-D’s global minimum from a plain objective (generic: any local method)', () => {
    const obj = rastrigin(3);
    const g = new Float64Array(3);
    const r = globalSearch({ value: (x) => obj.evaluate(x, g), local: (x0) => lbfgs(obj, x0), box: box([-5.12, -5.12, -5.12], [5.12, 5.12, 5.12]), start: Float64Array.from([3.3, -2.7, 1.6]) });
    expect(r.best!.result.f).toBeLessThan(1e-12);
    expect(r.runs[0].start).toEqual(Float64Array.from([3.3, -2.7, 1.6]));
    expect(r.reachedBest).toBeGreaterThanOrEqual(1);
    expect(r.nextBest!.f).toBeCloseTo(0.9949590570932898, 10);
    expect(r.evaluations).toBeGreaterThan(r.candidates);
  });

  it('stays within its budget', () => {
    const obj = rastrigin(2);
    const g = new Float64Array(2);
    const b = searchBudget(2);
    const r = globalSearch({ value: (x) => obj.evaluate(x, g), local: (x0) => lbfgs(obj, x0), box: box([-30, -30], [30, 30]) });
    expect(r.candidates).toBeLessThanOrEqual(b.candidates + b.rounds * b.roundCandidates);
    expect(r.runs.length).toBeLessThanOrEqual(b.starts + b.rounds * b.roundStarts);
  });

  it('stops at the first run that shows f unbounded below, and that run is the best', () => {
    let calls = 0;
    const local = (x0: Float64Array): LocalOutcome => {
      calls++;
      return { x: x0, f: calls === 3 ? -Infinity : 1, converged: calls !== 3, evaluations: 1, reason: calls === 3 ? 'unbounded' : 'gradient', failure: calls === 3 ? {} : null };
    };
    const r = globalSearch({ value: () => 0, local, box: box([0], [1]) });
    expect(calls).toBe(3);
    expect(r.best!.result.reason).toBe('unbounded');
    expect(r.reachedBest).toBe(0);
  });

  it('a run that went lower than every minimum found is the best even though it did not converge', () => {
    let calls = 0;
    const local = (x0: Float64Array): LocalOutcome => {
      calls++;
      return { x: x0, f: calls === 2 ? -5 : 0, converged: calls !== 2, evaluations: 1, reason: calls === 2 ? 'step-cap' : 'gradient', failure: null };
    };
    const r = globalSearch({ value: (x) => x[0], local, box: box([0], [1]), budget: { ...searchBudget(1), rounds: 0 } });
    expect(r.best!.result.f).toBe(-5);
    expect(r.best!.result.converged).toBe(false);
    expect(r.nextBest!.f).toBe(0);
  });

  it('sameMinimum compares values to 1e-8·(1 + |f|)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (f) => {
        expect(sameMinimum(f, f + 0.5e-8 * (1 + Math.abs(f)))).toBe(true);
        expect(sameMinimum(f, f + 2e-8 * (1 + Math.abs(f)) + 1e-9)).toBe(false);
      }),
    );
  });
});
