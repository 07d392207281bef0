/** erf and erfc (Cody's approximations) against reference values to about one ulp. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfcValue as erfc, erfValue as erf } from '../../src/engine/index.js';

/** |actual − expected| ≤ tol·|expected|. */
function expectRelative(actual: number, expected: number, tol = 1e-15): void {
  if (!(Math.abs(actual - expected) <= tol * Math.abs(expected))) {
    expect.fail(`got ${actual}, expected ${expected} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}

describe('erf and erfc', () => {
  // Reference values from mpmath at 40 digits, rounded to double.
  it.each([
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [1e-10, 1.1283791670955126e-10, 0.999999999887162],
    [0.1, 0.1124629160182849, 0.887537083981715],
    [0.46875, 0.49261347321793797, 0.507386526782062],
    [1, 0.8427007929497149, 0.15729920705028513],
    [2, 0.9953222650189527, 0.004677734981047266],
    [3, 0.9999779095030014, 2.209049699858544e-5],
    [4, 0.9999999845827421, 1.541725790028002e-8],
    [6, 1, 2.1519736712498913e-17],
    [10, 1, 2.088487583762545e-45],
    [26, 1, 5.663192408856143e-296],
  ])('at %d', (x, erfX, erfcX) => {
    expectRelative(erf(x), erfX);
    expectRelative(erfc(x), erfcX, 2e-15);
    expectRelative(erf(-x), -erfX);
    expectRelative(erfc(-x), 2 - erfcX);
  });

  it('handles the ends: 0, ±Infinity, NaN, underflow', () => {
    expect(Object.is(erf(0), 0)).toBe(true);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erfc(0)).toBe(1);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
    expect(erfc(30)).toBe(0);
  });

  it('is odd, erf + erfc = 1, and erf is increasing', () => {
    const x = fc.double({ min: -6, max: 6, noNaN: true });
    fc.assert(
      fc.property(x, x, (a, b) => {
        expect(erf(-a)).toBe(-erf(a));
        expect(Math.abs(erf(a) + erfc(a) - 1)).toBeLessThanOrEqual(2.3e-16);
        if (a < b) expect(erf(a)).toBeLessThanOrEqual(erf(b));
      }),
      { numRuns: 300 },
    );
  });
});
