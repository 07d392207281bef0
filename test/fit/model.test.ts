import { describe, expect, it } from 'vitest';
import { classifyModel, parseModel, polynomialOrder, polynomialSpec } from '../../src/fit/model.js';

const order = (text: string, columns: string[] = ['x', 'y']) => polynomialOrder(classifyModel(parseModel(text), columns));

describe('polynomialOrder: a --model that is a polynomial in its data column', () => {
  it.each([
    ['a + b*x', [0, 1]],
    ['b*x + a', [1, 0]],
    ['c0 + c1*x + c2*x^2 + c3*x^3', [0, 1, 2, 3]],
    ['x^2*q + x*p + o', [2, 1, 0]],
    ['b0 + b1*x + b2*x**2', [0, 1, 2]],
  ] as const)('%s → the parameter of each power: %j', (text, expected) => {
    expect(order(text)).toEqual(expected);
  });

  it('works in whichever column the model reads', () => {
    expect(order('a + b*t + c*t^2', ['t', 'y'])).toEqual([0, 1, 2]);
  });

  it.each([
    ['a*x^2 + b*x', 'no constant term'],
    ['a + b*x^2', 'a power missing'],
    ['a + b*x + b*x^2', 'a parameter used twice'],
    ['a + 2*b*x', 'a numeric factor'],
    ['a + b*x*x', 'x*x rather than x^2'],
    ['a + b*x^2.5', 'a fractional power'],
    ['a + b*x + c*x', 'a power twice'],
    ['a', 'degree 0'],
    ['a + b*exp(x)', 'not a power of x'],
    ['a + b*x + c*z', 'two data columns'],
  ])('%s is not one (%s)', (text) => {
    expect(order(text, ['x', 'y', 'z'])).toBeNull();
  });

  it('is null for --degree, which is a polynomial already', () => {
    expect(polynomialOrder(polynomialSpec(3))).toBeNull();
  });
});
