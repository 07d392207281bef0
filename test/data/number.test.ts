import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellNumber, scanDecimal } from '../../src/data/number.js';
import { numberText } from './arbitraries.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const fast = (s: string): number => {
  const b = bytes(s);
  return scanDecimal(b, 0, b.length);
};
const reference = (s: string): number => cellNumber(bytes(s));

describe('scanDecimal (the fast path) against cellNumber (the reference)', () => {
  it('agree bit for bit on numbers in many notations, padded with spaces and tabs', () => {
    fc.assert(
      fc.property(numberText, fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom('', ' ', '\t '), (text, before, after) => {
        const cell = `${before}${text}${after}`;
        const value = reference(cell);
        expect(Object.is(fast(cell), value)).toBe(true);
        if (!Number.isNaN(value)) expect(Object.is(value, Number(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('are exact at the edges of the fast path: up to 17 digits times powers of ten near ±22', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{0,16}$/),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: -45, max: 45 }),
        (digits, point, exponent) => {
          const at = Math.min(point, digits.length);
          const text = `${digits.slice(0, at)}.${digits.slice(at)}e${exponent}`;
          expect(Object.is(fast(text), Number(text))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['1', 1],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['1E+30', 1e30],
    ['0.1234567890123456789', 0.1234567890123456789],
    ['+1', 1],
    ['  42  ', 42],
    ['0.1', 0.1],
    ['9007199254740993', 9007199254740992],
    ['123456789012345e22', 123456789012345e22],
    ['123456789012345e23', 123456789012345e23],
    ['1e23', 1e23],
    ['4.9e-324', 5e-324],
    ['2.2250738585072011e-308', 2.2250738585072011e-308],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['1e-400', 0],
    ['000123.4500', 123.45],
  ])('reads %j as %d', (text, expected) => {
    expect(Object.is(fast(text), expected)).toBe(true);
    expect(Object.is(reference(text), expected)).toBe(true);
  });

  it('keeps the sign of zero', () => {
    for (const text of ['-0', '-0.0', '-0e5', '-.0']) expect(Object.is(reference(text), -0) && Object.is(fast(text), -0)).toBe(true);
    expect(Object.is(fast('0e999'), 0)).toBe(true);
  });

  it.each(['', '   ', 'NaN', 'nan', 'inf', '-inf', 'Infinity', '0x1F', '0b1', '1,5', 'abc', '1e', '1e+', '.', '-', '+-1', '1.2.3', '1 2', '1e999', '-1e999', '1.7976931348623159e308', '1' + '0'.repeat(400), '1_000', '١'])(
    'rejects %j in both paths',
    (text) => {
      expect(fast(text)).toBeNaN();
      expect(reference(text)).toBeNaN();
    },
  );

  it('leaves cells padded with other whitespace to the reference, which accepts them', () => {
    expect(fast('\u00a01.5')).toBeNaN();
    expect(reference('\u00a01.5\u3000')).toBe(1.5);
    expect(reference('\v2\f')).toBe(2);
  });

  it('parses only the given range of a buffer', () => {
    const b = bytes('12,345,6');
    expect(scanDecimal(b, 3, 6)).toBe(345);
    expect(scanDecimal(b, 0, 2)).toBe(12);
  });
});
