/** The grammar by example: what each piece of text parses to. */
import { describe, expect, it } from 'vitest';
import { freeIdentifiers } from '../../src/expr/identifiers.js';
import { parse } from '../../src/expr/parser.js';
import { shape } from './helpers.js';

const tree = (source: string) => shape(parse(source));

describe('precedence and associativity', () => {
  it.each([
    ['-x^2', ['neg', ['^', 'x', 2]]],
    ['2^3^2', ['^', 2, ['^', 3, 2]]],
    ['2^-3', ['^', 2, ['neg', 3]]],
    ['x^-k', ['^', 'x', ['neg', 'k']]],
    ['-2^2', ['neg', ['^', 2, 2]]],
    ['2**3', ['^', 2, 3]],
    ['2**3**2', ['^', 2, ['^', 3, 2]]],
    ['a-b-c', ['-', ['-', 'a', 'b'], 'c']],
    ['a/b/c', ['/', ['/', 'a', 'b'], 'c']],
    ['a+b*c', ['+', 'a', ['*', 'b', 'c']]],
    ['a*b+c', ['+', ['*', 'a', 'b'], 'c']],
    ['a*b^c', ['*', 'a', ['^', 'b', 'c']]],
    ['-a*b', ['*', ['neg', 'a'], 'b']],
    ['a*-b', ['*', 'a', ['neg', 'b']]],
    ['a--b', ['-', 'a', ['neg', 'b']]],
    ['+a', ['pos', 'a']],
    ['2^-3*4', ['*', ['^', 2, ['neg', 3]], 4]],
    ['(-x)^2', ['^', ['neg', 'x'], 2]],
    ['(a+b)*c', ['*', ['+', 'a', 'b'], 'c']],
    ['w*x+b', ['+', ['*', 'w', 'x'], 'b']],
    ['a+b < c*d', ['<', ['+', 'a', 'b'], ['*', 'c', 'd']]],
    ['x <= 1', ['<=', 'x', 1]],
    ['x>=-1', ['>=', 'x', ['neg', 1]]],
    ['a == b', ['==', 'a', 'b']],
    ['a != b', ['!=', 'a', 'b']],
    ['x > 0 ? x : 0', ['?:', ['>', 'x', 0], 'x', 0]],
    ['a ? b : c ? d : e', ['?:', 'a', 'b', ['?:', 'c', 'd', 'e']]],
    ['a ? b ? c : d : e', ['?:', 'a', ['?:', 'b', 'c', 'd'], 'e']],
    ['(a ? b : c) ? d : e', ['?:', ['?:', 'a', 'b', 'c'], 'd', 'e']],
    ['a + b ? c + d : e + f', ['?:', ['+', 'a', 'b'], ['+', 'c', 'd'], ['+', 'e', 'f']]],
    ['2 * (x < 1 ? x : 1)', ['*', 2, ['?:', ['<', 'x', 1], 'x', 1]]],
    ['a < b && c < d || e', ['||', ['&&', ['<', 'a', 'b'], ['<', 'c', 'd']], 'e']],
    ['a || b && c', ['||', 'a', ['&&', 'b', 'c']]],
    ['a && b && c', ['&&', ['&&', 'a', 'b'], 'c']],
    ['a || b ? 1 : 2', ['?:', ['||', 'a', 'b'], 1, 2]],
    ['!a && b', ['&&', ['not', 'a'], 'b']],
    ['!x^2', ['not', ['^', 'x', 2]]],
    ['!-x', ['not', ['neg', 'x']]],
    ['(a < b) < c', ['<', ['<', 'a', 'b'], 'c']],
    ['min(a, b) + max(a*2, -b)', ['+', ['min()', 'a', 'b'], ['max()', ['*', 'a', 2], ['neg', 'b']]]],
    ['atan2(y, x)', ['atan2()', 'y', 'x']],
    ['pow(x, 2)', ['pow()', 'x', 2]],
    ['hypot(a ? b : c, d < e)', ['hypot()', ['?:', 'a', 'b', 'c'], ['<', 'd', 'e']]],
  ])('%s', (source, expected) => {
    expect(tree(source)).toEqual(expected);
  });
});

describe('numbers, names, functions, constants', () => {
  it.each([
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1e-3', 0.001],
    ['2.5E+4', 25000],
    ['0.1', 0.1],
    ['1e-400', 0],
  ])('the number %s is %d', (source, value) => {
    expect(tree(source)).toBe(value);
  });

  it('reads identifiers with letters, digits and underscores', () => {
    expect(tree('_x1 + Alpha_2')).toEqual(['+', '_x1', 'Alpha_2']);
  });

  it('calls every function with one argument, and accepts ln for log', () => {
    const names = ['exp', 'log', 'ln', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'atan', 'tanh'];
    names.push('log10', 'log2', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'asin', 'acos', 'erf', 'erfc');
    for (const name of names) {
      expect(tree(`${name}(x+1)`)).toEqual([`${name}()`, ['+', 'x', 1]]);
    }
  });

  it('calls the two-argument functions with two', () => {
    for (const name of ['atan2', 'min', 'max', 'hypot', 'pow']) {
      expect(tree(`${name}(x+1, y)`)).toEqual([`${name}()`, ['+', 'x', 1], 'y']);
    }
  });

  it('reads a function name not followed by ( as a plain name, so a column may be called min or erf', () => {
    expect(tree('min + max*erf')).toEqual(['+', 'min', ['*', 'max', 'erf']]);
    expect(tree('min(min, x)')).toEqual(['min()', 'min', 'x']);
    expect(tree('exp')).toBe('exp');
    expect(tree('(pow)^2')).toEqual(['^', 'pow', 2]);
    expect(freeIdentifiers(parse('a*min + erf(max)'))).toEqual(['a', 'min', 'max']);
  });

  it('parses pi and e as names (they compile to constants)', () => {
    expect(tree('2*pi*e')).toEqual(['*', ['*', 2, 'pi'], 'e']);
  });

  it('ignores spaces, tabs and newlines', () => {
    expect(tree(' \t a \n *\r\n(b + 1) ')).toEqual(['*', 'a', ['+', 'b', 1]]);
  });
});

describe('spans', () => {
  it('gives every node the half-open range of its text', () => {
    const node = parse('a + sin(b*2)');
    expect(node.span).toEqual({ start: 0, end: 12 });
    if (node.kind !== 'binary' || node.right.kind !== 'call') throw new Error('unexpected tree');
    expect(node.left.span).toEqual({ start: 0, end: 1 });
    expect(node.right.span).toEqual({ start: 4, end: 12 });
    expect(node.right.nameSpan).toEqual({ start: 4, end: 7 });
    expect(node.right.args[0].span).toEqual({ start: 8, end: 11 });
  });

  it('covers parentheses in the enclosing node, the signs of unary nodes, and ** as one token', () => {
    const node = parse('(a) * -b**2');
    expect(node.span).toEqual({ start: 0, end: 11 });
    if (node.kind !== 'binary') throw new Error('unexpected tree');
    expect(node.left.span).toEqual({ start: 1, end: 2 });
    expect(node.right.span).toEqual({ start: 6, end: 11 });
  });
});

describe('freeIdentifiers', () => {
  it('lists names in order of first appearance, once each, without pi, e and function names', () => {
    expect(freeIdentifiers(parse('b*sin(x) + a*x^2 + pi*e + b'))).toEqual(['b', 'x', 'a']);
  });

  it('is empty for an expression of numbers and constants', () => {
    expect(freeIdentifiers(parse('2*pi + e^2'))).toEqual([]);
  });
});
