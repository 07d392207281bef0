/** formatExpr: canonical text with the fewest parentheses, which parses back to the same tree. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExpr } from '../../src/expr/format.js';
import { parse } from '../../src/expr/parser.js';
import { arbitraryAst, shape } from './helpers.js';

const canonical = (source: string): string => formatExpr(parse(source));

describe('canonical text', () => {
  it.each([
    ['w*x+b', 'w*x + b'],
    ['(((a)))', 'a'],
    ['a+(b+c)', 'a + (b + c)'],
    ['(a+b)+c', 'a + b + c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['(a*b)/c', 'a*b/c'],
    ['a/(b*c)', 'a/(b*c)'],
    ['-x^2', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['-(x^2)', '-x^2'],
    ['2^3^2', '2^3^2'],
    ['(2^3)^2', '(2^3)^2'],
    ['2**-3', '2^-3'],
    ['x^(a*b)', 'x^(a*b)'],
    ['x^(-a)', 'x^-a'],
    ['-(a*b)', '-(a*b)'],
    ['(-a)*b', '-a*b'],
    ['--x', '-(-x)'],
    ['a - -b', 'a - -b'],
    ['+x', '+x'],
    ['ln( x )', 'ln(x)'],
    ['sin(x)*exp(-x^2/2)', 'sin(x)*exp(-x^2/2)'],
    ['(1-x)^2+100*(y-x^2)^2', '(1 - x)^2 + 100*(y - x^2)^2'],
    ['.5 + 1e-3 + 2.5E+4 + 1e21', '0.5 + 0.001 + 25000 + 1e+21'],
    ['x>0?x:0', 'x > 0 ? x : 0'],
    ['a?b:c?d:e', 'a ? b : c ? d : e'],
    ['a?(b?c:d):e', 'a ? (b ? c : d) : e'],
    ['(a?b:c)?d:e', '(a ? b : c) ? d : e'],
    ['(a?b:c)+1', '(a ? b : c) + 1'],
    ['2*(a<b)', '2*(a < b)'],
    ['(a<b)+c', '(a < b) + c'],
    ['(a<b)<c', '(a < b) < c'],
    ['a<(b<c)', 'a < (b < c)'],
    ['a+b<=c-d', 'a + b <= c - d'],
    ['a==b&&c!=d||!e', 'a == b && c != d || !e'],
    ['a&&(b||c)', 'a && (b || c)'],
    ['(a&&b)&&c', 'a && b && c'],
    ['a&&(b&&c)', 'a && (b && c)'],
    ['!(a<b)', '!(a < b)'],
    ['!!x', '!(!x)'],
    ['-(a?b:c)', '-(a ? b : c)'],
    ['(a?b:c)^2', '(a ? b : c)^2'],
    ['min( a,b )*atan2(y ,x)+pow(x,2)', 'min(a, b)*atan2(y, x) + pow(x, 2)'],
    ['max(a ? b : c, d)', 'max(a ? b : c, d)'],
    ['erf(x/sqrt(2))', 'erf(x/sqrt(2))'],
  ])('%s prints as %s', (source, expected) => {
    expect(canonical(source)).toBe(expected);
  });
});

describe('round trip', () => {
  it('parse(formatExpr(ast)) is the same tree, for random trees', () => {
    const ast = arbitraryAst({
      names: ['x', 'y', 'k_2'],
      numbers: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1e300, noNaN: true })),
      maxDepth: 5,
    });
    fc.assert(
      fc.property(ast, (node) => {
        expect(shape(parse(formatExpr(node)))).toEqual(shape(node));
      }),
      { numRuns: 200 },
    );
  });

  it('prints numbers so that they read back exactly', () => {
    for (const value of [0.1, 1 / 3, 1e-300, 5e-324, 1.7976931348623157e308, 123456789012345680000]) {
      expect(parse(formatExpr({ kind: 'num', value, span: { start: 0, end: 0 } }))).toMatchObject({ value });
    }
  });
});

describe('printing a fitted model (formatIdent, formatNumber)', () => {
  const fitted = (source: string, values: Record<string, number>, digits = 6): string =>
    formatExpr(parse(source), {
      formatIdent: (name) => values[name] ?? name,
      formatNumber: (v) => String(Number(v.toPrecision(digits))),
    });

  it('puts the values in place of the parameters', () => {
    expect(fitted('c0 + c1*x + c2*x^2', { c0: 1.5, c1: 2, c2: 0.25 })).toBe('1.5 + 2*x + 0.25*x^2');
  });

  it('folds a negative value after + or - into the operator', () => {
    expect(fitted('c0 + c1*x', { c0: 1, c1: -0.5 })).toBe('1 - 0.5*x');
    expect(fitted('c0 - c1*x', { c0: 1, c1: -0.5 })).toBe('1 + 0.5*x');
    expect(fitted('c0 + c1', { c0: 1, c1: -2 })).toBe('1 - 2');
    expect(fitted('c0 + c1*x*y/z', { c0: 1, c1: -3 })).toBe('1 - 3*x*y/z');
    expect(fitted('a*exp(-k*t) + c', { a: 10, k: 0.1, c: -2.5 })).toBe('10*exp(-0.1*t) - 2.5');
  });

  it('keeps a leading negative value and parenthesises one where a sign cannot stand', () => {
    expect(fitted('c1*x + c0', { c0: 1, c1: -0.5 })).toBe('-0.5*x + 1');
    expect(fitted('x*c1', { c1: -0.5 })).toBe('x*(-0.5)');
    expect(fitted('c1^2', { c1: -3 })).toBe('(-3)^2');
    expect(fitted('x^c1', { c1: -3 })).toBe('x^(-3)');
  });

  it('lets a minus in front of a negative value cancel it', () => {
    expect(fitted('-c1', { c1: -3 })).toBe('3');
    expect(fitted('a*exp(-k*t)', { a: 10, k: -0.1 })).toBe('10*exp(0.1*t)');
    expect(fitted('-(c1*x)^2', { c1: -3 })).toBe('-(-3*x)^2');
    expect(fitted('y - -c1', { c1: -3 })).toBe('y - 3');
    expect(fitted('x^2*c1', { c1: -3 })).toBe('x^2*(-3)');
  });

  it('uses formatNumber for the numbers written in the expression too', () => {
    expect(fitted('3.14159265*r^2', {}, 3)).toBe('3.14*r^2');
  });

  it('may rename identifiers', () => {
    expect(formatExpr(parse('a*x + b'), { formatIdent: (name) => name.toUpperCase() })).toBe('A*X + B');
  });
});
