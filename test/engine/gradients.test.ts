/**
 * Every op's gradient from backward() against central finite differences, at random
 * points, with scalar inputs, column inputs, and a scalar broadcast over a column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  atan,
  column,
  cos,
  div,
  exp,
  log,
  mean,
  mul,
  neg,
  noGrad,
  pow,
  scalar,
  sin,
  sqrt,
  sub,
  sum,
  tan,
  tanh,
  type Tensor,
} from '../../src/engine/index.js';
import { expectClose, numericGradient, weightedSum } from './finite-difference.js';

const RUNS = 60;

type Unary = (a: Tensor) => Tensor;
type Binary = (a: Tensor, b: Tensor) => Tensor;

const anywhere = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true });
const positive = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
/** A number at least `lo` away from zero, either sign. */
const awayFromZero = (lo: number, hi: number) =>
  fc.tuple(positive(lo, hi), fc.boolean()).map(([m, negative]) => (negative ? -m : m));

const unaryCases: [string, Unary, fc.Arbitrary<number>, (v: number) => number][] = [
  ['neg', neg, anywhere(100), () => -1],
  ['exp', exp, anywhere(5), Math.exp],
  ['log', log, positive(0.05, 50), (v) => 1 / v],
  ['sqrt', sqrt, positive(0.05, 50), (v) => 0.5 / Math.sqrt(v)],
  ['abs', abs, awayFromZero(0.01, 50), Math.sign],
  ['sin', sin, anywhere(10), Math.cos],
  ['cos', cos, anywhere(10), (v) => -Math.sin(v)],
  ['tan', tan, anywhere(1.2), (v) => 1 / Math.cos(v) ** 2],
  ['atan', atan, anywhere(20), (v) => 1 / (1 + v * v)],
  ['tanh', tanh, anywhere(5), (v) => 1 - Math.tanh(v) ** 2],
];

describe.each(unaryCases)('%s', (_name, op, domain, closedForm) => {
  it('scalar: backward matches finite differences and the closed form', () => {
    fc.assert(
      fc.property(domain, (v) => {
        const x = scalar(v, { requiresGrad: true });
        op(x).backward();
        const fd = numericGradient((p) => noGrad(() => op(scalar(p[0])).item()), Float64Array.of(v));
        expectClose(x.grad!, fd);
        expectClose(x.grad!, [closedForm(v)], 1e-12);
      }),
      { numRuns: RUNS },
    );
  });

  it('column: backward with a seed matches finite differences row by row', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(domain, anywhere(2)), { minLength: 1, maxLength: 6 }), (rows) => {
        const values = Float64Array.from(rows, ([v]) => v);
        const seed = Float64Array.from(rows, ([, s]) => s);
        const x = column(values.slice(), { requiresGrad: true });
        const y = op(x);
        expect(y.shape).toEqual([values.length]);
        y.backward(seed);
        const loss = (p: Float64Array) => noGrad(() => weightedSum(op(column(p)).data, seed));
        expectClose(x.grad!, numericGradient(loss, values));
      }),
      { numRuns: RUNS },
    );
  });
});

const binaryCases: [string, Binary, fc.Arbitrary<number>, fc.Arbitrary<number>][] = [
  ['add', add, anywhere(100), anywhere(100)],
  ['sub', sub, anywhere(100), anywhere(100)],
  ['mul', mul, anywhere(10), anywhere(10)],
  ['div', div, anywhere(10), awayFromZero(0.5, 10)],
  ['pow', pow, positive(0.2, 5), anywhere(3)],
];

type Layout = 'scalar∘scalar' | 'column∘column' | 'scalar∘column' | 'column∘scalar';
const layouts: Layout[] = ['scalar∘scalar', 'column∘column', 'scalar∘column', 'column∘scalar'];

/** Builds a tensor of either shape from the first value or all values. */
function build(values: Float64Array, asColumn: boolean, requiresGrad = false): Tensor {
  return asColumn ? column(values.slice(), { requiresGrad }) : scalar(values[0], { requiresGrad });
}

describe.each(binaryCases)('%s', (_name, op, domainA, domainB) => {
  it.each(layouts)('%s: both partial derivatives match finite differences', (layout) => {
    const aIsColumn = layout.startsWith('column');
    const bIsColumn = layout.endsWith('column');
    fc.assert(
      fc.property(fc.array(fc.tuple(domainA, domainB, anywhere(2)), { minLength: 1, maxLength: 6 }), (rows) => {
        const aValues = Float64Array.from(rows, ([a]) => a).subarray(0, aIsColumn ? rows.length : 1);
        const bValues = Float64Array.from(rows, ([, b]) => b).subarray(0, bIsColumn ? rows.length : 1);
        const outputIsColumn = aIsColumn || bIsColumn;
        const seed = Float64Array.from(rows, ([, , s]) => s).subarray(0, outputIsColumn ? rows.length : 1);

        const a = build(aValues, aIsColumn, true);
        const b = build(bValues, bIsColumn, true);
        const y = op(a, b);
        expect(y.isScalar).toBe(!outputIsColumn);
        y.backward(seed);

        const loss = (av: Float64Array, bv: Float64Array) =>
          noGrad(() => weightedSum(op(build(av, aIsColumn), build(bv, bIsColumn)).data, seed));
        expectClose(a.grad!, numericGradient((p) => loss(p, bValues), aValues));
        expectClose(b.grad!, numericGradient((p) => loss(aValues, p), bValues));
      }),
      { numRuns: RUNS },
    );
  });
});

describe.each([
  ['sum', sum, (n: number) => 1 + 0 * n],
  ['mean', mean, (n: number) => 1 / n],
] as const)('%s', (_name, reduce, share) => {
  it('reduces a column to a scalar whose gradient spreads evenly, matching finite differences', () => {
    fc.assert(
      fc.property(fc.array(anywhere(100), { minLength: 1, maxLength: 8 }), anywhere(3), (values, s) => {
        const x = column(values, { requiresGrad: true });
        const y = reduce(x);
        expect(y.isScalar).toBe(true);
        y.backward(Float64Array.of(s));
        expectClose(x.grad!, values.map(() => s * share(values.length)), 1e-15);
        const fd = numericGradient((p) => s * noGrad(() => reduce(column(p)).item()), Float64Array.from(values));
        expectClose(x.grad!, fd);
      }),
      { numRuns: RUNS },
    );
  });

  it('of a scalar is the scalar itself, with gradient 1', () => {
    const x = scalar(2.5, { requiresGrad: true });
    const y = reduce(x);
    y.backward();
    expect(y.item()).toBe(2.5);
    expect(Array.from(x.grad!)).toEqual([1]);
  });
});

describe('composite expressions', () => {
  it('sin(x)*exp(-x^2/2) has the closed-form derivative (cos x − x sin x)·exp(−x²/2)', () => {
    fc.assert(
      fc.property(anywhere(4), (v) => {
        const x = scalar(v, { requiresGrad: true });
        const y = mul(sin(x), exp(div(neg(pow(x, scalar(2))), scalar(2))));
        y.backward();
        const expected = (Math.cos(v) - v * Math.sin(v)) * Math.exp((-v * v) / 2);
        expectClose(x.grad!, [expected], 1e-12);
      }),
      { numRuns: RUNS },
    );
  });

  it('a least-squares loss with scalar parameters broadcast over data columns matches finite differences', () => {
    // loss = mean((a*exp(-x/(b*b)) + c^2 - y)^2)
    const data = fc.array(fc.tuple(positive(0, 5), anywhere(3)), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(anywhere(3), awayFromZero(0.5, 3), anywhere(3), data, (av, bv, cv, rows) => {
        const xs = column(rows.map(([x]) => x));
        const ys = column(rows.map(([, y]) => y));
        const loss = (p: Float64Array, requiresGrad = false) => {
          const [a, b, c] = Array.from(p, (v) => scalar(v, { requiresGrad }));
          const model = add(mul(a, exp(neg(div(xs, mul(b, b))))), pow(c, scalar(2)));
          const r = sub(model, ys);
          return { params: [a, b, c], value: mean(mul(r, r)) };
        };
        const point = Float64Array.of(av, bv, cv);
        const { params, value } = loss(point, true);
        value.backward();
        const fd = numericGradient((p) => noGrad(() => loss(p).value.item()), point);
        expectClose(
          params.map((p) => p.grad![0]),
          fd,
          1e-5,
        );
      }),
      { numRuns: RUNS },
    );
  });
});
