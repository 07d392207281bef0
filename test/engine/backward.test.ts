/** backward(): sharing, PyTorch's accumulation semantics, noGrad, depth, edge values, errors. */
import { describe, expect, it } from 'vitest';
import {
  EngineError,
  Tensor,
  abs,
  add,
  column,
  constant,
  div,
  exp,
  isGradEnabled,
  log,
  mul,
  noGrad,
  pow,
  scalar,
  sqrt,
  sub,
  sum,
  topoOrder,
} from '../../src/engine/index.js';

const variable = (value: number, label?: string) => scalar(value, { requiresGrad: true, label });

describe('backward', () => {
  it('gives the classic example: y = w*x + b at x=4, w=2, b=3', () => {
    const [x, w, b] = [variable(4, 'x'), variable(2, 'w'), variable(3, 'b')];
    const y = add(mul(w, x), b);
    y.backward();
    expect(y.item()).toBe(11);
    expect([x.grad![0], w.grad![0], b.grad![0]]).toEqual([2, 4, 1]);
  });

  it('adds both contributions of a value used twice: d(x*x + x)/dx = 2x + 1', () => {
    const x = variable(3);
    add(mul(x, x), x).backward();
    expect(x.grad![0]).toBe(7);
  });

  it('adds through a shared intermediate: z = (2x)·(2x), dz/dx = 8x', () => {
    const x = variable(1.5);
    const y = mul(constant(2), x);
    mul(y, y).backward();
    expect(x.grad![0]).toBe(12);
  });

  it('sums a broadcast scalar’s gradient over the rows', () => {
    const a = variable(2);
    const xs = column([1, 2, 3]);
    sum(mul(a, xs)).backward();
    expect(a.grad![0]).toBe(6);
    expect(xs.grad).toBeNull();
  });

  it('adds both uses of a scalar broadcast twice over columns: d sum(a*x + a*x*x)/da = Σx + Σx²', () => {
    const a = variable(2);
    const xs = column([1, 2, 3]);
    sum(add(mul(a, xs), mul(mul(a, xs), xs))).backward();
    expect(a.grad![0]).toBe(6 + 14);
  });

  it('keeps gradients only on leaves that require grad, not on intermediates', () => {
    const x = variable(2);
    const fixed = scalar(5);
    const inner = mul(x, fixed);
    add(inner, x).backward();
    expect(inner.grad).toBeNull();
    expect(fixed.grad).toBeNull();
    expect(x.grad![0]).toBe(6);
  });

  it('accumulates over two backward calls until zeroGrad()', () => {
    const x = variable(3);
    mul(x, x).backward();
    mul(x, x).backward();
    expect(x.grad![0]).toBe(12);

    const gradArray = x.grad;
    x.zeroGrad();
    expect(x.grad).toBe(gradArray);
    expect(x.grad![0]).toBe(0);

    mul(x, x).backward();
    expect(x.grad![0]).toBe(6);
  });

  it('zeroGrad() before any backward gives zeros of the right length', () => {
    const xs = column([1, 2, 3], { requiresGrad: true });
    xs.zeroGrad();
    expect(Array.from(xs.grad!)).toEqual([0, 0, 0]);
  });

  it('runs on a leaf itself: its gradient is the seed', () => {
    const x = variable(4);
    x.backward();
    expect(x.grad![0]).toBe(1);
  });

  it('takes an explicit seed for a column root and does not modify it', () => {
    const xs = column([1, 2, 3], { requiresGrad: true });
    const seed = Float64Array.of(1, 10, 100);
    mul(xs, xs).backward(seed);
    expect(Array.from(xs.grad!)).toEqual([2, 40, 600]);
    expect(Array.from(seed)).toEqual([1, 10, 100]);
  });

  it('does not overflow the stack on a chain 100,000 ops deep', () => {
    const x = variable(0.5);
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = add(y, x);
    expect(topoOrder(y)).toHaveLength(100_001);
    y.backward();
    expect(x.grad![0]).toBe(100_001);
  });

  it('rejects a root that does not require grad, a column without seed, and a seed of the wrong length', () => {
    expect(() => add(scalar(1), scalar(2)).backward()).toThrow(/requiresGrad: true/);
    const xs = column([1, 2], { requiresGrad: true });
    expect(() => mul(xs, xs).backward()).toThrow(EngineError);
    expect(() => mul(xs, xs).backward()).toThrow(/needs a seed of 2 values/);
    expect(() => mul(xs, xs).backward(Float64Array.of(1))).toThrow(/seed has 1 values but the tensor has 2/);
  });
});

describe('derivative conventions at the edges', () => {
  it('pow: d/db is 0 at a = 0 and NaN for a < 0; d/da = b·a^(b−1)', () => {
    const b = variable(2);
    pow(scalar(0), b).backward();
    expect(b.grad![0]).toBe(0);

    const b2 = variable(3);
    pow(scalar(-2), b2).backward();
    expect(b2.grad![0]).toBeNaN();
  });

  it('pow: a negative base with a constant integer exponent differentiates cleanly', () => {
    const a = variable(-2);
    const y = pow(a, constant(3));
    y.backward();
    expect(y.item()).toBe(-8);
    expect(a.grad![0]).toBe(12);
  });

  it('pow: x^0 has derivative 0 even at x = 0', () => {
    const x = variable(0);
    pow(x, constant(0)).backward();
    expect(x.grad![0]).toBe(0);
  });

  it('pow: b^x with a tensor exponent, d/dx = b^x·ln b', () => {
    const x = variable(3);
    pow(constant(2), x).backward();
    expect(x.grad![0]).toBeCloseTo(8 * Math.LN2, 14);
  });

  it("abs'(0) = 0 and sqrt'(0) = +Infinity", () => {
    const x = variable(0);
    abs(x).backward();
    expect(x.grad![0]).toBe(0);
    const z = variable(0);
    sqrt(z).backward();
    expect(z.grad![0]).toBe(Infinity);
  });

  it('log of zero or a negative number and division by zero give non-finite values, not errors', () => {
    expect(log(scalar(0)).item()).toBe(-Infinity);
    expect(log(scalar(-1)).item()).toBeNaN();
    expect(div(scalar(1), scalar(0)).item()).toBe(Infinity);
    expect(div(scalar(-1), scalar(0)).item()).toBe(-Infinity);
    expect(div(scalar(0), scalar(0)).item()).toBeNaN();
    const b = variable(0);
    div(constant(1), b).backward();
    expect(b.grad![0]).toBe(-Infinity);
  });
});

describe('graph recording', () => {
  it('an op requires grad iff an input does', () => {
    const x = variable(1);
    expect(add(scalar(1), constant(2)).requiresGrad).toBe(false);
    expect(add(scalar(1), x).requiresGrad).toBe(true);
    expect(exp(x).requiresGrad).toBe(true);
    expect(constant(3).requiresGrad).toBe(false);
  });

  it('records the op and its inputs in order', () => {
    const a = scalar(1);
    const b = scalar(2);
    const y = sub(a, b);
    expect(y.op).toBe('sub');
    expect(y.inputs).toEqual([a, b]);
    expect(y.item()).toBe(-1);
  });

  it('noGrad records nothing and restores the mode afterwards, even after a throw', () => {
    const x = variable(2);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return mul(x, x);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.item()).toBe(4);
    expect(y.op).toBe('mul');
    expect(y.inputs).toEqual([]);
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(EngineError);

    expect(() =>
      noGrad(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(isGradEnabled()).toBe(true);
  });

  it('topoOrder lists every node once, inputs before outputs, root last', () => {
    const x = variable(1);
    const c = constant(2);
    const u = mul(x, c);
    const v = exp(u);
    const root = add(mul(u, v), x);
    const order = topoOrder(root);
    expect(order).toHaveLength(new Set(order).size);
    expect(new Set(order)).toEqual(new Set([x, c, u, v, root, root.inputs[0]]));
    expect(order.at(-1)).toBe(root);
    for (const node of order) {
      for (const input of node.inputs) expect(order.indexOf(input)).toBeLessThan(order.indexOf(node));
    }
  });
});

describe('shapes', () => {
  it('scalar∘scalar is a scalar, scalar∘column and column∘column are columns', () => {
    expect(add(scalar(1), scalar(2)).shape).toEqual([]);
    expect(Array.from(add(scalar(1), column([1, 2, 3])).data)).toEqual([2, 3, 4]);
    expect(Array.from(sub(column([1, 2, 3]), scalar(1)).data)).toEqual([0, 1, 2]);
    expect(mul(column([1, 2]), column([3, 4])).shape).toEqual([2]);
  });

  it('columns of different lengths are an EngineError that names both', () => {
    expect(() => add(column([1, 2, 3]), column([1, 2, 3, 4, 5]))).toThrow(EngineError);
    expect(() => add(column([1, 2, 3]), column([1, 2, 3, 4, 5]))).toThrow(
      'add: cannot combine a column of 3 values with a column of 5 values; columns must have the same length',
    );
  });

  it('item() works on scalars only', () => {
    expect(scalar(7).item()).toBe(7);
    expect(() => column([7]).item()).toThrow(/item\(\) needs a scalar but this is a column of 1 value/);
  });

  it('a Float64Array given to column() is used as is; a number array is copied', () => {
    const values = Float64Array.of(1, 2);
    expect(column(values).data).toBe(values);
    const list = [1, 2];
    const t = column(list);
    list[0] = 99;
    expect(t.data[0]).toBe(1);
  });

  it('rejects data whose length does not match the shape', () => {
    expect(() => new Tensor(Float64Array.of(1, 2), [], { op: 'leaf' })).toThrow(EngineError);
  });
});
