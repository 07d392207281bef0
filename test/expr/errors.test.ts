/**
 * Every syntax error says what was expected and at which column (1-based), and shows the
 * expression with a caret under the spot. Whatever the text, parse throws only ExprError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExprError } from '../../src/expr/errors.js';
import { MAX_NESTING, parse } from '../../src/expr/parser.js';

function parseError(source: string): ExprError {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

describe('error messages, columns and carets', () => {
  it.each([
    [
      'sin(x',
      "expected ')' to close '(' opened at column 4, found end of expression",
      5,
      'sin(x\n     ^',
    ],
    [
      '(2, 3)',
      "expected ')' to close '(' opened at column 1, found ',' at column 3",
      2,
      '(2, 3)\n  ^',
    ],
    ['2*x, 3', "unexpected ',' at column 4 (a comma only separates the arguments of a function)", 3, '2*x, 3\n   ^'],
    ['a + b)', "unexpected ')' at column 6: there is no '(' for it to close", 5, 'a + b)\n     ^'],
    ['2x', "expected an operator between '2' and 'x' at column 2 (write 2*x)", 1, '2x\n ^'],
    ['3 (x+1)', "expected an operator between '3' and '(' at column 3 (write 3*(...))", 2, '3 (x+1)\n  ^'],
    ['2 sin(x)', "expected an operator between '2' and 'sin' at column 3 (write 2*sin(...))", 2, '2 sin(x)\n  ^~~'],
    ['sni(x)', "unknown function 'sni' at column 1; did you mean 'sin'?", 0, 'sni(x)\n^~~'],
    ['1 + expp(x)', "unknown function 'expp' at column 5; did you mean 'exp'?", 4, '1 + expp(x)\n    ^~~~'],
    [
      'foo(a)',
      "unknown function 'foo' at column 1; the functions are exp, log, ln, sqrt, abs, sin, cos, tan, atan, tanh, log10, log2, sinh, cosh, asinh, acosh, atanh, asin, acos, erf, erfc, atan2, min, max, hypot, pow",
      0,
      'foo(a)\n^~~',
    ],
    ['max(a)', 'max takes 2 arguments, got 1 (call at column 1)', 0, 'max(a)\n^~~~~~'],
    ['atan2(y, x, 1)', 'atan2 takes 2 arguments, got 3 (call at column 1)', 0, 'atan2(y, x, 1)\n^~~~~~~~~~~~~~'],
    ['erf x', "expected '(' after function 'erf', found 'x' at column 5", 4, 'erf x\n    ^'],
    ['a ? b', "expected ':' to go with '?' at column 3, found end of expression", 5, 'a ? b\n     ^'],
    ['a ? b, c', "expected ':' to go with '?' at column 3, found ',' at column 6", 5, 'a ? b, c\n     ^'],
    ['x > 0 ?', "expected an expression after '?', found end of expression", 7, 'x > 0 ?\n       ^'],
    ['a ? b :', "expected an expression after ':', found end of expression", 7, 'a ? b :\n       ^'],
    ['a : b', "unexpected ':' at column 3: there is no '?' for it to go with (write c ? a : b)", 2, 'a : b\n  ^'],
    [
      '0 < x < 1',
      "comparisons do not chain: unexpected '<' at column 7 after a comparison (write ... < x && x < ...)",
      6,
      '0 < x < 1\n      ^',
    ],
    ['a == b == c', "comparisons do not chain: unexpected '==' at column 8 after a comparison (write ... == b && b == ...)", 7, 'a == b == c\n       ^~'],
    ['x < ', "expected an expression after '<', found end of expression", 4, 'x < \n    ^'],
    ['x & y', "unexpected character '&' at column 3 (for \"and\", write &&)", 2, 'x & y\n  ^'],
    ['x | y', "unexpected character '|' at column 3 (for \"or\", write ||)", 2, 'x | y\n  ^'],
    ['x(2)', "'x' is not a function (at column 1); to multiply, write x*(...)", 0, 'x(2)\n^'],
    ['2*pi(3)', "'pi' is not a function (at column 3); to multiply, write pi*(...)", 2, '2*pi(3)\n  ^~'],
    ['sin(x, y)', 'sin takes 1 argument, got 2 (call at column 1)', 0, 'sin(x, y)\n^~~~~~~~~'],
    ['exp()', 'exp takes 1 argument, got 0 (call at column 1)', 0, 'exp()\n^~~~~'],
    ['sin x', "expected '(' after function 'sin', found 'x' at column 5", 4, 'sin x\n    ^'],
    ['', 'empty expression', 0, '\n^'],
    [' \t ', 'empty expression', 0, '   \n^~~'],
    ['1e400', 'number out of range: 1e400 at column 1 (the largest is about 1.8e308)', 0, '1e400\n^~~~~'],
    ['1.2.3', "malformed number '1.2.3' at column 1", 0, '1.2.3\n^~~~~'],
    ['x $ 3', "unexpected character '$' at column 3", 2, 'x $ 3\n  ^'],
    ['x =\t3', "unexpected character '=' at column 3 (to compare, write ==)", 2, 'x = 3\n  ^'],
    ['x\u00a0+ 1', 'unexpected character U+00A0 at column 2', 1, 'x\u00a0+ 1\n ^'],
    ['2 +', "expected an expression after '+', found end of expression", 3, '2 +\n   ^'],
    ['2 * / 3', "expected an expression after '*', found '/' at column 5", 4, '2 * / 3\n    ^'],
    ['2^', "expected an expression after '^', found end of expression", 2, '2^\n  ^'],
    ['2**', "expected an expression after '**', found end of expression", 3, '2**\n   ^'],
    ['()', "expected an expression after '(', found ')' at column 2", 1, '()\n ^'],
    [')', "expected an expression, found ')' at column 1", 0, ')\n^'],
    ['sin(x,)', "expected an expression after ',', found ')' at column 7", 6, 'sin(x,)\n      ^'],
  ])('%j', (source, message, start, caret) => {
    const error = parseError(source);
    expect(error.message).toBe(message);
    expect(error.span.start).toBe(start);
    expect(error.column).toBe(start + 1);
    expect(error.source).toBe(source);
    expect(error.caret()).toBe(caret);
  });

  it('shows tabs and newlines as spaces in the caret line so the caret lines up', () => {
    expect(parseError('a\t+\n(b').caret()).toBe("a + (b\n      ^");
  });

  it('shows a window with … around the spot in a long expression', () => {
    const source = `${'a + '.repeat(40)}b c${' + d'.repeat(40)}`;
    const caret = parseError(source).caret().split('\n');
    expect(caret[0].startsWith('…')).toBe(true);
    expect(caret[0].endsWith('…')).toBe(true);
    expect(caret[0].length).toBeLessThanOrEqual(100);
    const column = caret[1].indexOf('^');
    expect(caret[0][column]).toBe('c');
    expect(caret[0].slice(column - 2, column + 1)).toBe('b c');
  });

  it('keeps every message on one line', () => {
    for (const source of ['a\u2028b', 'a\nb', '(\n', 'x\u0007']) {
      const error = parseError(source);
      expect(error.message).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(error.caret().split('\n')).toHaveLength(2);
    }
  });
});

describe('nesting', () => {
  const tooDeep = `expression is nested too deeply (more than ${MAX_NESTING} levels)`;

  it.each([
    ['parentheses', '('.repeat(30_000) + 'x' + ')'.repeat(30_000)],
    ['unary minus', '-'.repeat(30_000) + 'x'],
    ['a ^ chain', Array.from({ length: 30_000 }, () => 'x').join('^')],
    ['calls', 'sin('.repeat(30_000) + 'x' + ')'.repeat(30_000)],
    ['a ?: chain', 'x ? 1 : '.repeat(30_000) + '0'],
    ['negations', '!'.repeat(30_000) + 'x'],
    ['an unclosed run of parentheses', '('.repeat(30_000)],
  ])('tens of thousands of levels of %s give a clear error, not a RangeError', (_what, source) => {
    const error = parseError(source);
    expect(error.message.startsWith(tooDeep)).toBe(true);
    expect(error.caret().split('\n')).toHaveLength(2);
  });

  it(`accepts nesting up to ${MAX_NESTING} levels`, () => {
    const depth = MAX_NESTING - 1;
    expect(parse('('.repeat(depth) + 'x' + ')'.repeat(depth))).toMatchObject({ kind: 'ident', name: 'x' });
    expect(parseError('('.repeat(depth + 1) + 'x' + ')'.repeat(depth + 1)).message.startsWith(tooDeep)).toBe(true);
  });
});

describe('fuzz: parse throws nothing but ExprError', () => {
  const alphabet = [
    ...'0123456789.eE+-*/^(),xyz_ \t\n$=a<>!?:&|',
    'sin',
    'exp(',
    'ln',
    'pi',
    '**',
    '1e400',
    'min(',
    '==',
    '&&',
    '||',
    '\u00e9',
    '\u2028',
    '\ud83d\ude00',
  ];
  const check = (source: string): void => {
    try {
      parse(source);
    } catch (error) {
      if (!(error instanceof ExprError)) throw error;
      expect(error.message).not.toContain('\n');
      expect(error.span.start).toBeGreaterThanOrEqual(0);
      expect(error.span.end).toBeLessThanOrEqual(source.length);
      expect(error.caret().split('\n')).toHaveLength(2);
    }
  };

  it("on strings built from the language's own pieces", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((parts) => parts.join('')), check), {
      numRuns: 200,
    });
  });

  it('on arbitrary unicode strings', () => {
    const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff });
    const text = fc.array(anyCodePoint, { maxLength: 40 }).map((points) => String.fromCodePoint(...points));
    fc.assert(fc.property(text, check), { numRuns: 200 });
  });
});
