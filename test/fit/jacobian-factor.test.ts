import { describe, expect, it } from 'vitest';
import { compileKernel, parse } from '../../src/expr/index.js';
import { foldJacobian } from '../../src/fit/jacobian-factor.js';
import { triangularFactor } from '../../src/linalg/row-fold.js';

/** A model over one column `x`, its rows, and the dense residuals and Jacobian for reference. */
function setUp(model: string, params: string[], x: Float64Array, y: Float64Array, w: Float64Array | null = null) {
  const kernel = compileKernel(parse(model), { params, columns: ['x'] });
  const rows = { cols: [x], y, w, n: x.length };
  const dense = (p: Float64Array) => {
    const r = new Float64Array(x.length);
    const J = new Float64Array(x.length * params.length);
    kernel.residuals(p, [x], y, w, x.length, r, J);
    return { r, J };
  };
  return { kernel, rows, dense };
}

describe('foldJacobian: Σr² and the factor of [J | r], a block of rows at a time', () => {
  it('equals the factor of the dense weighted Jacobian over several blocks, and sums Σr² over every row', () => {
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) => (i / n) * 10);
    const y = Float64Array.from(x, (v, i) => 5 * Math.exp(-0.7 * v) + 1.5 + 0.05 * Math.sin(i));
    const w = Float64Array.from(x, (_, i) => 1 + (i % 3));
    const { kernel, rows, dense } = setUp('a*exp(-k*x)+c', ['a', 'k', 'c'], x, y, w);
    const p = Float64Array.from([4, 0.5, 1]);
    const fold = foldJacobian(kernel, p, rows);
    const { r, J } = dense(p);
    const { R, qtb } = triangularFactor(J, n, 3, r);
    expect(fold.nonFinite).toBeNull();
    expect(fold.rss / r.reduce((s, v) => s + v * v, 0) - 1).toBeCloseTo(0, 13);
    fold.R.forEach((v, i) => expect(Math.abs(v - R[i]), `R[${i}]`).toBeLessThanOrEqual(1e-12 * Math.abs(R[0])));
    fold.qtr.forEach((v, i) => expect(Math.abs(v - qtb[i]), `qtr[${i}]`).toBeLessThanOrEqual(1e-12 * Math.sqrt(fold.rss)));
  });

  it('says which row has a residual that is not finite (in the first block or a later one), and gives no sum', () => {
    // sqrt(400 - x) is NaN once x > 400; with x = i - 2500 that is row 2901 (0-based), in the second block.
    const n = 3000;
    const x = Float64Array.from({ length: n }, (_, i) => i - 2500);
    const y = new Float64Array(n);
    const late = setUp('a*sqrt(400 - x)', ['a'], x, y);
    const fold = foldJacobian(late.kernel, Float64Array.from([1]), late.rows);
    expect(fold.nonFinite).toEqual({ row: 2901, param: null, value: Number.NaN });
    expect(fold.rss).toBeNaN();
    // sqrt(x - 100) is NaN from the first row.
    const early = setUp('a*sqrt(x - 100)', ['a'], x, y);
    expect(foldJacobian(early.kernel, Float64Array.from([1]), early.rows).nonFinite).toEqual({ row: 0, param: null, value: Number.NaN });
  });

  it('says which row and parameter have a derivative that is not finite, and still sums Σr²', () => {
    // sqrt(a·x) at x = 0 is 0, but its derivative x/(2·sqrt(a·x)) is 0/0.
    const n = 4100;
    const x = Float64Array.from({ length: n }, (_, i) => (i === 2500 ? 0 : 1 + (i % 7)));
    const y = Float64Array.from(x, (v) => Math.sqrt(2 * v) + 0.5);
    const { kernel, rows, dense } = setUp('b + sqrt(a*x)', ['b', 'a'], x, y);
    const p = Float64Array.from([0, 2]);
    const fold = foldJacobian(kernel, p, rows);
    expect(fold.nonFinite).toEqual({ row: 2500, param: 1, value: Number.NaN });
    const { r } = dense(p);
    expect(fold.rss).toBeCloseTo(r.reduce((s, v) => s + v * v, 0), 9);
  });
});
