import { describe, expect, it } from 'vitest';
import { classifyModel, parseModel, polynomialSpec } from '../../src/fit/model.js';
import { compileKernel } from '../../src/expr/index.js';
import { phaseParameters, wrapPhases } from '../../src/fit/phases.js';

const order = (text: string, columns: string[] = ['x', 'y']) => {
  const spec = classifyModel(parseModel(text), columns);
  return spec.kind === 'polynomial' ? spec.powers : null;
};

describe('classify: a --model that is a polynomial in its data column', () => {
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

});

describe('classify: the kind of a model, decided once', () => {
  const kindOf = (text: string) => classifyModel(parseModel(text), ['x', 'y', 'z']).kind;
  it.each([
    ['a + b*x', 'polynomial'],
    ['a + b*exp(x)', 'linear'],
    ['a*x^2 + b*x', 'linear'],
    ['a + b*x + c*z', 'linear'],
    ['a*exp(-k*x) + c', 'nonlinear'],
    ['a*b*x', 'nonlinear'],
  ])('%s is %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it('names the linear parameters of a nonlinear model', () => {
    const spec = classifyModel(parseModel('A*exp(-(x-mu)^2/(2*s^2)) + b'), ['x', 'y']);
    expect(spec.linear.map((k) => spec.params[k])).toEqual(['A', 'b']);
  });

  it('--degree N is a polynomial built as a tree, with its powers in order', () => {
    const spec = polynomialSpec(3);
    expect(spec.kind === 'polynomial' && spec.powers).toEqual([0, 1, 2, 3]);
    expect(spec.text).toBe('c0 + c1*x + c2*x^2 + c3*x^3');
    // The same tree the text parses to (spans aside).
    const strip = (n: unknown): unknown => JSON.parse(JSON.stringify(n, (k, v) => (k === 'span' ? undefined : v)));
    expect(strip(spec.ast)).toEqual(strip(parseModel(spec.text).ast));
  });
});

describe('classify: a model must read the data', () => {
  it('refuses parameters without a data column (a column name was meant), naming the columns', () => {
    expect(() => classifyModel(parseModel('a*exp(-k*t)'), ['time (s)', 'signal'])).toThrow(/uses no data column: a, k, t .*"time \(s\)", "signal"/);
  });

  it('still fits a constant: one parameter alone is the weighted mean', () => {
    expect(classifyModel(parseModel('c'), ['x', 'y']).params).toEqual(['c']);
  });
});

describe("a model's e: a parameter, unless only the base of powers", () => {
  it.each([
    ['a + b*x + c*x^2 + d*x^3 + e*x^4', ['a', 'b', 'c', 'd', 'e']],
    ["c + (d - c)/(1 + exp(b*(log(x) - log(e))))", ['c', 'd', 'b', 'e']],
    ['a*exp(-x/e)', ['a', 'e']],
    ['a*e^(-k*x) + c', ['a', 'k', 'c']],
    ['a*exp(-k*x) + pi*c', ['a', 'k', 'c']],
  ] as const)('%s: the parameters are %j', (text, params) => {
    expect(classifyModel(parseModel(text), ['x', 'y']).params).toEqual(params);
  });

  it('is a polynomial coefficient like any other (a + b*x + e*x^2 is a polynomial)', () => {
    expect(order('a + b*x + e*x^2')).toEqual([0, 1, 2]);
  });

  it("refuses e as both, naming where each is", () => {
    expect(() => parseModel('a*e^(-k*x) + e*x')).toThrow("e in the model is both Euler's number (in e^(-k*x)) and a parameter (in e*x)");
  });

  it('compiles e as the parameter its layout lists (a kernel without it keeps the constant)', () => {
    const model = parseModel('a*x + e');
    const spec = classifyModel(model, ['x', 'y']);
    const kernel = compileKernel(spec.ast, { params: spec.params, columns: spec.data });
    const out = new Float64Array(1);
    kernel.evaluate(Float64Array.of(2, 5), [Float64Array.of(3)], 1, out);
    expect(out[0]).toBe(11);
    const constant = compileKernel(parseModel('x + e').ast, { params: [], columns: ['x'] });
    constant.evaluate(new Float64Array(0), [Float64Array.of(3)], 1, out);
    expect(out[0]).toBe(3 + Math.E);
  });
});

describe('phases: parameters a model is 2π-periodic in', () => {
  it('are the ones added straight into a sin or cos, and are taken into (−π, π]', () => {
    const ast = parseModel('a*sin(b*x + c) + d*cos(2*pi*f*x - ph) + g*sin(h*(x + q))').ast;
    const params = ['a', 'b', 'c', 'd', 'f', 'ph', 'g', 'h', 'q'];
    expect(phaseParameters(ast, params)).toEqual([2, 5]);
    const p = Float64Array.of(1, 1, 5.9e14, 1, 1, -7, 1, 1, 40);
    const w = wrapPhases(p, [2, 5])!;
    for (const k of [2, 5]) expect(Math.abs(w[k])).toBeLessThanOrEqual(Math.PI);
    expect(Math.sin(w[5])).toBeCloseTo(Math.sin(-7), 12);
    expect(w[8]).toBe(40);
    expect(wrapPhases(Float64Array.of(1, 1, 3, 1, 1, -3), [2, 5])).toBeNull();
  });
});
