import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFull, formatNumber } from '../../src/report/format.js';

describe('formatNumber rounds for people', () => {
  it.each([
    [1.1712774901993916, 4, '1.171'],
    [-0.6188997451031735, 4, '-0.6189'],
    [-0.5419991319281394, 4, '-0.542'],
    [750.2426090491267, 4, '750.2'],
    [11, 4, '11'],
    [0.1 + 0.2, 6, '0.3'],
    [123456.7, 4, '123457'],
    [999999.7, 4, '1e+6'],
    [2.5e9, 4, '2.5e+9'],
    [1.5e-7, 4, '1.5e-7'],
    [0.00012345, 3, '0.000123'],
    [0.000099999, 3, '0.0001'],
    [0.000099999, 5, '9.9999e-5'],
    [0.1 + 0.2, 17, '0.30000000000000004'],
    [-1.53333333333333, 12, '-1.53333333333'],
    [-0.333333333333333, 12, '-0.333333333333'],
    [1e300, 4, '1e+300'],
    [5e-324, 4, '5e-324'],
    [0, 4, '0'],
    [-0, 4, '0'],
    [NaN, 4, 'NaN'],
    [Infinity, 4, 'inf'],
    [-Infinity, 4, '-inf'],
    [3.14159, 0, '3'],
    [3.14159, 99, '3.14159'],
  ])('formatNumber(%d, %i) is %s', (v, digits, text) => {
    expect(formatNumber(v, digits)).toBe(text);
  });

  it('keeps `digits` significant digits: reading it back is within half a unit of the last digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.integer({ min: 1, max: 15 }), (v, digits) => {
        const back = Number(formatNumber(v, digits));
        expect(Number.isNaN(back)).toBe(false);
        if (v === 0) return back === 0;
        return Math.abs(back - v) <= Math.abs(v) * 0.5 * 10 ** (1 - digits) * (1 + 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('never writes -0', () => {
    expect(formatNumber(-1e-30 * 0, 3)).toBe('0');
  });
});

describe('formatFull writes the shortest exact text', () => {
  it.each([
    [11, '11'],
    [-0.6188997451031735, '-0.6188997451031735'],
    [0.1, '0.1'],
    [-0, '0'],
    [1e21, '1e+21'],
    [NaN, 'NaN'],
  ])('formatFull(%d) is %s', (v, text) => {
    expect(formatFull(v)).toBe(text);
  });

  it('reads back as the same double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (v) => Object.is(Number(formatFull(v)), Object.is(v, -0) ? 0 : v)), { numRuns: 200 });
  });
});
