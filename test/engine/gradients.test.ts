/**
 * Every op's gradient from backward() against central finite differences, at random
 * points, with scalar inputs, column inputs, and a scalar broadcast over a column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  acos,
  acosh,
  add,
  and,
  asin,
  asinh,
  atan,
  atan2,
  atanh,
  column,
  cos,
  cosh,
  div,
  eq,
  erf,
  erfc,
  exp,
  ge,
  gt,
  hypot,
  le,
  log,
  log10,
  log2,
  lt,
  max,
  mean,
  min,
  mul,
  ne,
  neg,
  noGrad,
  not,
  or,
  pow,
  scalar,
  sin,
  sinh,
  sqrt,
  sub,
  sum,
  tan,
  tanh,
  where,
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

/**
 * Multiples of 1/64: two of them tie exactly or differ by far more than a finite-difference
 * step, so min, max and the comparisons are never differentiated across their kink.
 */
const grid = fc.integer({ min: -640, max: 640 }).map((k) => k / 64);
/** Halfway between grid points: never equal to one. */
const offGrid = grid.map((v) => v + 1 / 128);

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
  ['log10', log10, positive(0.05, 50), (v) => 1 / (v * Math.LN10)],
  ['log2', log2, positive(0.05, 50), (v) => 1 / (v * Math.LN2)],
  ['sinh', sinh, anywhere(5), Math.cosh],
  ['cosh', cosh, anywhere(5), Math.sinh],
  ['asinh', asinh, anywhere(20), (v) => 1 / Math.sqrt(v * v + 1)],
  ['acosh', acosh, positive(1.05, 50), (v) => 1 / Math.sqrt(v * v - 1)],
  ['atanh', atanh, anywhere(0.95), (v) => 1 / (1 - v * v)],
  ['asin', asin, anywhere(0.95), (v) => 1 / Math.sqrt(1 - v * v)],
  ['acos', acos, anywhere(0.95), (v) => -1 / Math.sqrt(1 - v * v)],
  ['erf', erf, anywhere(4), (v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)],
  ['erfc', erfc, anywhere(4), (v) => (-2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)],
  ['not', not, awayFromZero(0.01, 5), () => 0],
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
  ['atan2', atan2, awayFromZero(0.5, 10), anywhere(10)],
  ['min', min, grid, grid],
  ['max', max, grid, grid],
  ['hypot', hypot, grid, grid],
  ['lt', lt, grid, offGrid],
  ['le', le, grid, offGrid],
  ['gt', gt, grid, offGrid],
  ['ge', ge, grid, offGrid],
  ['eq', eq, grid, offGrid],
  ['ne', ne, grid, offGrid],
  ['and', and, grid, offGrid],
  ['or', or, grid, offGrid],
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

describe('comparisons, logic and where', () => {
  it('compare to 1 or 0, NaN making every comparison but != false', () => {
    const a = column([1, 2, 3, Number.NaN]);
    const b = scalar(2);
    expect(Array.from(lt(a, b).data)).toEqual([1, 0, 0, 0]);
    expect(Array.from(le(a, b).data)).toEqual([1, 1, 0, 0]);
    expect(Array.from(gt(a, b).data)).toEqual([0, 0, 1, 0]);
    expect(Array.from(ge(a, b).data)).toEqual([0, 1, 1, 0]);
    expect(Array.from(eq(a, b).data)).toEqual([0, 1, 0, 0]);
    expect(Array.from(ne(a, b).data)).toEqual([1, 0, 1, 1]);
    const c = column([0, 1, 0, Number.NaN]);
    const d = column([0, 0, -2, 0]);
    expect(Array.from(and(c, d).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(or(c, d).data)).toEqual([0, 1, 1, 1]);
    expect(Array.from(not(c).data)).toEqual([1, 0, 1, 0]);
  });

  it('where(c, a, b) picks row by row, NaN counting as true, and sends the gradient to the chosen input only', () => {
    const c = column([1, 0, -0, Number.NaN, -3]);
    const a = column([10, 20, 30, 40, 50], { requiresGrad: true });
    const b = scalar(7, { requiresGrad: true });
    const y = where(c, a, b);
    expect(Array.from(y.data)).toEqual([10, 7, 7, 40, 50]);
    y.backward(Float64Array.of(1, 2, 3, 4, 5));
    expect(Array.from(a.grad!)).toEqual([1, 0, 0, 4, 5]);
    expect(Array.from(b.grad!)).toEqual([5]);
  });

  it('where matches finite differences in both branches, with a, b, c of either shape', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(grid, anywhere(5), anywhere(5), anywhere(2)), { minLength: 1, maxLength: 6 }), (rows) => {
        const cv = Float64Array.from(rows, ([c]) => c);
        const av = Float64Array.from(rows, ([, a]) => a);
        const bv = Float64Array.from(rows, ([, , b]) => b);
        const seed = Float64Array.from(rows, ([, , , s]) => s);
        const f = (a: Float64Array, b: Float64Array, requiresGrad = false) => {
          const ta = column(a.slice(), { requiresGrad });
          const tb = column(b.slice(), { requiresGrad });
          return { ta, tb, y: where(column(cv), mul(ta, ta), sin(tb)) };
        };
        const { ta, tb, y } = f(av, bv, true);
        y.backward(seed);
        expectClose(ta.grad!, numericGradient((p) => noGrad(() => weightedSum(f(p, bv).y.data, seed)), av));
        expectClose(tb.grad!, numericGradient((p) => noGrad(() => weightedSum(f(av, p).y.data, seed)), bv));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives a branch not taken no gradient even where its own derivative is NaN or infinite', () => {
    // x > 0 ? sqrt(x) : 0 at x = -1 and x = 0: sqrt' is NaN and Infinity there.
    const x = column([-1, 0, 4], { requiresGrad: true });
    const y = where(gt(x, scalar(0)), sqrt(x), scalar(0));
    y.backward(Float64Array.of(1, 1, 1));
    expect(Array.from(x.grad!)).toEqual([0, 0, 0.25]);
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
