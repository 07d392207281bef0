import { describe, expect, it } from 'vitest';
import { lineSearch, WOLFE } from '../../src/optim/line-search.js';
import { dot } from '../../src/optim/numeric.js';
import { objective, oneD } from './objectives.js';

const rosenbrock = objective(
  2,
  ([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2,
  ([x, y], g) => g.set([-2 * (1 - x!) - 400 * x! * (y! - x! ** 2), 200 * (y! - x! ** 2)]),
);

/** Run a search from x along −∇f with first step stp0. */
function searchDown(obj: typeof rosenbrock, x0: number[], stp0: number) {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const f = obj.evaluate(x, g);
  const d = g.map((v) => -v);
  return { f, g, d, res: lineSearch(obj, x, f, g, d, stp0) };
}

describe('lineSearch (Moré–Thuente)', () => {
  it.each([1e-6, 1e-3, 1, 100])('finds a step satisfying the strong Wolfe conditions on Rosenbrock, first trial %s', (stp0) => {
    const { f, g, d, res } = searchDown(rosenbrock, [-1.2, 1], stp0);
    expect(res.status).toBe('ok');
    const dg0 = dot(g, d);
    expect(res.f).toBeLessThanOrEqual(f + WOLFE.ftol * res.stp * dg0);
    expect(Math.abs(dot(res.g, d))).toBeLessThanOrEqual(WOLFE.gtol * Math.abs(dg0));
    expect(res.evaluations).toBeLessThan(20);
  });

  it('finds the exact minimiser of a quadratic by interpolation', () => {
    const q = oneD((x) => 3 * x * x + 2 * x - 1.2, (x) => 6 * x + 2);
    const x = Float64Array.from([0]);
    const g = new Float64Array(1);
    const f = q.evaluate(x, g);
    const res = lineSearch(q, x, f, g, Float64Array.from([-1]), 1);
    expect(res.x[0]).toBeCloseTo(-1 / 3, 15);
    expect(res.evaluations).toBe(2);
  });

  it('retreats from points where f is not finite', () => {
    // x − log x (minimum at 1), from 3 along −1 with a first trial step of 10: x = −7, NaN.
    const f = oneD((x) => x - Math.log(x), (x) => 1 - 1 / x);
    const x = Float64Array.from([3]);
    const g = new Float64Array(1);
    const f0 = f.evaluate(x, g);
    const res = lineSearch(f, x, f0, g, Float64Array.from([-1]), 10);
    expect(res.status).toBe('ok');
    expect(res.x[0]).toBeGreaterThan(0);
    expect(res.f).toBeLessThan(f0);
  });

  it('reports "unbounded" when f falls below -1e100 along the line', () => {
    const f = oneD((x) => -Math.exp(x), (x) => -Math.exp(x));
    const x = Float64Array.from([1]);
    const g = new Float64Array(1);
    const f0 = f.evaluate(x, g);
    const res = lineSearch(f, x, f0, g, Float64Array.from([1]), 1);
    expect(res.status).toBe('unbounded');
    expect(res.f).toBeLessThan(-1e100);
  });

  it('reports "fail" when no point along the line is lower (a wrong gradient)', () => {
    // f = x², with a gradient that claims descent toward +x.
    const lying = oneD((x) => x * x, () => -1);
    const x = Float64Array.from([0]);
    const g = new Float64Array(1);
    const f0 = lying.evaluate(x, g);
    const res = lineSearch(lying, x, f0, g, Float64Array.from([1]), 1);
    expect(res.status).toBe('fail');
    expect(res.stp).toBe(0);
  });
});
