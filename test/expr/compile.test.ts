/** compile: the AST onto engine ops, checked against closed forms. */
import { describe, expect, it } from 'vitest';
import { scalar, type Tensor } from '../../src/engine/index.js';
import { compile } from '../../src/expr/compile.js';
import { ExprError } from '../../src/expr/errors.js';
import { parse } from '../../src/expr/parser.js';

/** Binds each name to a scalar leaf that requires grad; returns the leaves too. */
function leaves(values: Record<string, number>): { bind: (name: string) => Tensor; vars: Map<string, Tensor> } {
  const vars = new Map<string, Tensor>();
  const bind = (name: string): Tensor => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${name}`);
    const leaf = scalar(value, { requiresGrad: true, label: name });
    vars.set(name, leaf);
    return leaf;
  };
  return { bind, vars };
}

function gradientOf(source: string, values: Record<string, number>): { value: number; grad: Record<string, number> } {
  const { bind, vars } = leaves(values);
  const out = compile(parse(source), bind);
  out.backward();
  const grad: Record<string, number> = {};
  for (const [name, leaf] of vars) grad[name] = leaf.grad?.[0] ?? 0;
  return { value: out.item(), grad };
}

describe('compile onto the engine', () => {
  it('w*x+b at x=4, w=2, b=3: value 11, gradient {x: 2, w: 4, b: 1}', () => {
    expect(gradientOf('w*x+b', { x: 4, w: 2, b: 3 })).toEqual({ value: 11, grad: { w: 4, x: 2, b: 1 } });
  });

  it('sin(x)*exp(-x^2/2) at 0.7 matches the closed form to 1e-12', () => {
    const x = 0.7;
    const { value, grad } = gradientOf('sin(x)*exp(-x^2/2)', { x });
    const g = Math.exp((-x * x) / 2);
    expect(Math.abs(value - Math.sin(x) * g)).toBeLessThan(1e-12);
    expect(Math.abs(grad.x - (Math.cos(x) - x * Math.sin(x)) * g)).toBeLessThan(1e-12);
  });

  it('compiles every function, ln as log, pi and e as constants', () => {
    const x = 0.3;
    const { value, grad } = gradientOf(
      'exp(x) + log(x) + ln(x) + sqrt(x) + abs(x) + sin(x) + cos(x) + tan(x) + atan(x) + tanh(x) + pi*e*x',
      { x },
    );
    const expectedValue =
      Math.exp(x) + 2 * Math.log(x) + Math.sqrt(x) + x + Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.atan(x) + Math.tanh(x) + Math.PI * Math.E * x;
    const expectedGrad =
      Math.exp(x) + 2 / x + 0.5 / Math.sqrt(x) + 1 + Math.cos(x) - Math.sin(x) + 1 / Math.cos(x) ** 2 + 1 / (1 + x * x) + 1 - Math.tanh(x) ** 2 + Math.PI * Math.E;
    expect(value).toBeCloseTo(expectedValue, 12);
    expect(grad.x).toBeCloseTo(expectedGrad, 12);
  });

  it('has the operators the grammar has: -x^2, 2^-3, a/b, unary plus', () => {
    expect(gradientOf('-x^2', { x: 3 })).toEqual({ value: -9, grad: { x: -6 } });
    expect(compile(parse('2^-3'), () => scalar(0)).item()).toBe(0.125);
    expect(gradientOf('a/b', { a: 1, b: 4 })).toEqual({ value: 0.25, grad: { a: 0.25, b: -1 / 16 } });
    expect(gradientOf('+x', { x: 5 })).toEqual({ value: 5, grad: { x: 1 } });
  });

  it('compiles the newer functions with their closed-form derivatives', () => {
    const x = 0.3;
    const { value, grad } = gradientOf('log10(x) + log2(x) + sinh(x) + cosh(x) + asinh(x) + acosh(x + 1) + atanh(x) + asin(x) + acos(x) + erf(x) + erfc(x)', { x });
    const expectedValue =
      Math.log10(x) + Math.log2(x) + Math.sinh(x) + Math.cosh(x) + Math.asinh(x) + Math.acosh(x + 1) + Math.atanh(x) + Math.asin(x) + Math.acos(x) + 1;
    const expectedGrad =
      1 / (x * Math.LN10) + 1 / (x * Math.LN2) + Math.cosh(x) + Math.sinh(x) + 1 / Math.sqrt(x * x + 1) + 1 / Math.sqrt((x + 1) ** 2 - 1) + 1 / (1 - x * x);
    expect(value).toBeCloseTo(expectedValue, 12);
    expect(grad.x).toBeCloseTo(expectedGrad, 12);
  });

  it('compiles the two-argument functions, comparisons, logic and ?:', () => {
    expect(gradientOf('atan2(y, x)', { y: 1, x: 2 })).toEqual({ value: Math.atan2(1, 2), grad: { y: 2 / 5, x: -1 / 5 } });
    expect(gradientOf('min(a, b) + 10*max(a, b)', { a: 1, b: 2 })).toEqual({ value: 21, grad: { a: 1, b: 10 } });
    expect(gradientOf('hypot(a, b)', { a: 3, b: 4 })).toEqual({ value: 5, grad: { a: 0.6, b: 0.8 } });
    expect(gradientOf('pow(a, b)', { a: 2, b: 3 })).toEqual(gradientOf('a^b', { a: 2, b: 3 }));
    expect(gradientOf('(a < b) + (a <= b) + (a > b) + (a >= b) + (a == b) + (a != b)', { a: 1, b: 2 })).toEqual({
      value: 3,
      grad: { a: 0, b: 0 },
    });
    expect(gradientOf('(a && b) + (a || 0) + !a', { a: 2, b: 0 })).toEqual({ value: 1, grad: { a: 0, b: 0 } });
    expect(gradientOf('a > 1 ? a^2 : 3*b', { a: 2, b: 5 })).toEqual({ value: 4, grad: { a: 4, b: 0 } });
    expect(gradientOf('a > 1 ? a^2 : 3*b', { a: 0, b: 5 })).toEqual({ value: 15, grad: { a: 0, b: 3 } });
  });

  it('calls bind once per distinct name, with the span of its first use', () => {
    const calls: [string, number][] = [];
    compile(parse('x*x + y*x'), (name, span) => {
      calls.push([name, span.start]);
      return scalar(1);
    });
    expect(calls).toEqual([
      ['x', 0],
      ['y', 6],
    ]);
  });

  it('lets bind reject a name with an ExprError', () => {
    const source = 'a + bogus';
    const bind = (name: string, span: { start: number; end: number }): Tensor => {
      if (name === 'bogus') throw new ExprError(`unknown variable '${name}'`, span, source);
      return scalar(1);
    };
    expect(() => compile(parse(source), bind)).toThrow(ExprError);
    expect(() => compile(parse(source), bind)).toThrow("unknown variable 'bogus'");
  });
});
