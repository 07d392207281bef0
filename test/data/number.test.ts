import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellNumber, readNumber, scanDecimal, setColdNumbers } from '../../src/data/number.js';
import { numberText } from './arbitraries.js';
import { hardDecimal } from './decimal-arbitraries.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const fast = (s: string): number => {
  const b = bytes(s);
  return scanDecimal(b, 0, b.length);
};
const reference = (s: string): number => cellNumber(bytes(s));

// A thread's first numbers are converted by Number() (COLD_NUMBERS); the rest by the code that
// takes over once V8 has compiled it. Every test here runs on the second unless it says otherwise.
beforeAll(() => setColdNumbers(0));

describe.each([
  ['by the code that takes over once warm', 0],
  ['by Number(), as the first numbers of a thread are', Number.POSITIVE_INFINITY],
])('scanDecimal (the fast path) against cellNumber (the reference), converted %s', (_, cold) => {
  beforeEach(() => setColdNumbers(cold));
  afterEach(() => setColdNumbers(0));

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

  it('agree with Number() on 20,000 hard decimals: printed doubles, long mantissas, ties and near-ties, range edges', () => {
    fc.assert(
      fc.property(hardDecimal, (text) => {
        const expected = Number(text);
        const value = Number.isFinite(expected) ? expected : NaN;
        if (!Object.is(fast(text), value)) expect.fail(`${text}: fast path ${fast(text)}, Number() ${expected}`);
        expect(Object.is(reference(text), value)).toBe(true);
      }),
      { numRuns: 20_000 },
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
    ['9007199254740995', 9007199254740996],
    ['-2.9311826783144834', -2.9311826783144834],
    ['9999999999999999999', 1e19],
    ['1.2345678901234567e-300', 1.2345678901234567e-300],
    ['2.2250738585072014e-308', 2.2250738585072014e-308],
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

describe('readNumber', () => {
  const at = (text: string, start = 0): { end: number; value: number } => {
    const out = new Float64Array([42]);
    const b = bytes(text);
    const end = readNumber(b, start, b.length, out, 0);
    return { end, value: out[0] };
  };

  it('reads the number where it stands and says where it ends', () => {
    expect(at('12.5e3,x')).toEqual({ end: 6, value: 12500 });
    expect(at('-2.9311826783144834,-40.37301387088809\n')).toEqual({ end: 19, value: -2.9311826783144834 });
    expect(at('-2.9311826783144834,-40.37301387088809\n', 20)).toEqual({ end: 38, value: -40.37301387088809 });
    expect(at('7 ')).toEqual({ end: 1, value: 7 });
    expect(at('1.5x')).toEqual({ end: 3, value: 1.5 });
    expect(at('1e5e')).toEqual({ end: 3, value: 1e5 });
  });

  it('writes the value into the given array at the given index', () => {
    const out = new Float64Array(3);
    const b = bytes('0.25');
    expect(readNumber(b, 0, b.length, out, 2)).toBe(4);
    expect(Array.from(out)).toEqual([0, 0, 0.25]);
  });

  it.each(['', '.', '-', '+', 'e5', '.e5', '1e', '1e+', '-.', 'x1', ' 1', '1e999', '-1e400'])('returns -1 for %j and leaves the array alone', (text) => {
    expect(at(text)).toEqual({ end: -1, value: 42 });
  });

  it('converts a thread\'s numbers the same across the switch from Number() to its own code (and the priming between)', () => {
    // A fresh thread: the first 4096 numbers by Number(); after 1024 of them the fast path is run
    // once on numbers that take each of its paths (values thrown away), without touching ours.
    setColdNumbers(4096);
    try {
      const texts = Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? `${i}.5e-3` : i % 3 === 1 ? `-${(i * 0.1234567891234567).toPrecision(17)}` : `${i}`));
      const b = bytes(texts.join(','));
      const out = new Float64Array(texts.length + 1).fill(7);
      let at = 0;
      texts.forEach((text, k) => {
        at = readNumber(b, at, b.length, out, k) + 1;
        expect(Object.is(out[k], Number(text)), text).toBe(true);
      });
      expect(out[texts.length]).toBe(7);
    } finally {
      setColdNumbers(0);
    }
  });

  it('reads only up to the end it is given', () => {
    const out = new Float64Array(1);
    const b = bytes('123456');
    expect(readNumber(b, 1, 4, out, 0)).toBe(4);
    expect(out[0]).toBe(234);
  });

  it('gets huge exponents right, even against a long run of fraction zeros', () => {
    const small = `0.${'0'.repeat(99_999)}1e100009`;
    expect(at(small)).toEqual({ end: small.length, value: 1e9 });
    // 10^-100000 · 10^1000000 overflows, though the exponent's first six digits would cancel the zeros.
    expect(at(`0.${'0'.repeat(99_999)}1e1000000`).end).toBe(-1);
    expect(at(`1e${'9'.repeat(30)}`).end).toBe(-1);
    expect(at(`1e-${'9'.repeat(30)}`).value).toBe(0);
  });
});
