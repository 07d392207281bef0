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
    for (const name of ['exp', 'log', 'ln', 'sqrt', 'abs', 'sin', 'cos', 'tan', 'atan', 'tanh']) {
      expect(tree(`${name}(x+1)`)).toEqual([`${name}()`, ['+', 'x', 1]]);
    }
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
