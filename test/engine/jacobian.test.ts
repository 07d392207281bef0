/** jacobian(): per-row derivatives of a row-wise model, against finite differences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EngineError,
  add,
  column,
  constant,
  div,
  exp,
  jacobian,
  mean,
  mul,
  neg,
  noGrad,
  pow,
  scalar,
  sin,
  sub,
  sum,
  type Tensor,
} from '../../src/engine/index.js';
import { expectClose, stepAt } from './finite-difference.js';

/** J[k][i] = d model_i / d p_k by central differences. */
function numericJacobian(model: (p: Float64Array) => Float64Array, at: Float64Array): Float64Array[] {
  return Array.from(at, (v, k) => {
    const h = stepAt(v);
    const plus = at.slice();
    const minus = at.slice();
    plus[k] += h;
    minus[k] -= h;
    const up = model(plus);
    const down = model(minus);
    return up.map((u, i) => (u - down[i]) / (plus[k] - minus[k]));
  });
}

const params = (values: Float64Array, requiresGrad = false) =>
  Array.from(values, (v, k) => scalar(v, { requiresGrad, label: `p${k}` }));

/** a*exp(-x/(b*b)) + c^2: b and c reach the rows only through scalar-only ops first. */
const decay = (xs: Tensor, [a, b, c]: Tensor[]) => add(mul(a, exp(neg(div(xs, mul(b, b))))), pow(c, constant(2)));

/** a*x + sin(a)*x^2: a is used twice. */
const twice = (xs: Tensor, [a]: Tensor[]) => add(mul(a, xs), mul(sin(a), mul(xs, xs)));

const anywhere = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true });
const awayFromZero = fc.tuple(fc.double({ min: 0.5, max: 3, noNaN: true }), fc.boolean()).map(([m, s]) => (s ? -m : m));
const xColumn = fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 });

describe('jacobian', () => {
  it('matches a finite-difference Jacobian for a*exp(-x/(b*b)) + c^2', () => {
    fc.assert(
      fc.property(anywhere(3), awayFromZero, anywhere(3), xColumn, (a, b, c, x) => {
        const xs = column(x, { label: 'x' });
        const point = Float64Array.of(a, b, c);
        const ps = params(point);
        const J = jacobian(decay(xs, ps), ps);
        const expected = numericJacobian((p) => noGrad(() => decay(xs, params(p)).data), point);
        expect(J).toHaveLength(3);
        J.forEach((col, k) => expectClose(col, expected[k]));
      }),
      { numRuns: 100 },
    );
  });

  it('gives c^2 its per-row derivative 2c in every row, not the sum over rows', () => {
    const ps = params(Float64Array.of(1, 1, 3));
    const [, , dc] = jacobian(decay(column([0, 1, 2, 3]), ps), ps);
    expect(Array.from(dc)).toEqual([6, 6, 6, 6]);
  });

  it('adds both uses of a parameter used twice: d(a*x + sin(a)*x^2)/da = x + cos(a)*x^2', () => {
    fc.assert(
      fc.property(anywhere(3), xColumn, (a, x) => {
        const ps = params(Float64Array.of(a));
        const [da] = jacobian(twice(column(x), ps), ps);
        expectClose(da, x.map((xi) => xi + Math.cos(a) * xi * xi), 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('summed over rows, equals the gradient backward() gives for sum(model)', () => {
    const xs = column([0.5, 1, 2, 4]);
    const point = Float64Array.of(2, 1.5, -0.5);
    const ps = params(point, true);
    const J = jacobian(decay(xs, ps), ps);
    sum(decay(xs, ps)).backward();
    J.forEach((col, k) => expectClose([col.reduce((s, v) => s + v, 0)], [ps[k].grad![0]], 1e-12));
  });

  it('neither reads nor writes .grad', () => {
    const ps = params(Float64Array.of(1, 2, 3), true);
    ps[0].grad = Float64Array.of(42);
    jacobian(decay(column([1, 2]), ps), ps);
    expect(ps[0].grad[0]).toBe(42);
    expect(ps[1].grad).toBeNull();
  });

  it('works for a scalar output (one row) and, with rows, for a model that uses no data', () => {
    const c = scalar(3);
    const model = mul(c, c);
    expect(jacobian(model, [c]).map((col) => Array.from(col))).toEqual([[6]]);
    expect(jacobian(model, [c], { rows: 3 }).map((col) => Array.from(col))).toEqual([[6, 6, 6]]);
  });

  it('gives zeros for a parameter the model does not use, and a fresh array for a repeated one', () => {
    const [a, unused] = params(Float64Array.of(2, 5));
    const J = jacobian(mul(a, column([1, 2])), [a, unused, a]);
    expect(J.map((col) => Array.from(col))).toEqual([[1, 2], [0, 0], [1, 2]]);
    expect(J[2]).not.toBe(J[0]);
  });

  it('accepts a reduction of data alone: a*(x - mean(x))', () => {
    const xs = column([1, 2, 6]);
    const [a] = params(Float64Array.of(2));
    const [da] = jacobian(mul(a, sub(xs, mean(xs))), [a]);
    expect(Array.from(da)).toEqual([-2, -1, 3]);
  });

  it('rejects a reduction between a parameter and the output: the model is not row-wise', () => {
    const xs = column([1, 2, 3]);
    const [a] = params(Float64Array.of(2));
    expect(() => jacobian(add(xs, sum(mul(a, xs))), [a])).toThrow(EngineError);
    expect(() => jacobian(add(xs, mean(mul(a, xs))), [a])).toThrow(/the model is not row-wise/);
  });

  it('rejects a column parameter and a model built under noGrad', () => {
    const xs = column([1, 2]);
    expect(() => jacobian(mul(xs, xs), [xs])).toThrow(/every parameter must be a scalar/);
    const a = scalar(1);
    expect(() => jacobian(noGrad(() => mul(a, xs)), [a])).toThrow(/computed under noGrad/);
    expect(() => jacobian(mul(a, xs), [a], { rows: 5 })).toThrow(/rows is 5/);
  });
});
