import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { dataOutsideDomain } from '../../src/fit/domain.js';

describe('dataOutsideDomain: the part of a model no start can make finite', () => {
  it('names the smallest data-only part that is not finite at the row', () => {
    expect(dataOutsideDomain(parse('a*log(x)+b'), ['x'], [-3])).toEqual({ expr: 'log(x)', value: NaN });
    expect(dataOutsideDomain(parse('a/(T - 273.15) + b*sqrt(P)'), ['T', 'P'], [300, -1])).toEqual({ expr: 'sqrt(P)', value: NaN });
    expect(dataOutsideDomain(parse('k*exp(1/x)'), ['x'], [0])?.expr).toBe('1/x');
  });

  it('is null where the parameters decide (log(x - c)) or where every data-only part is finite', () => {
    expect(dataOutsideDomain(parse('a*log(x-c)'), ['x'], [-3])).toBeNull();
    expect(dataOutsideDomain(parse('a*log(x)+b'), ['x'], [2])).toBeNull();
    expect(dataOutsideDomain(parse('a*x^b'), ['x'], [-3])).toBeNull();
  });
});

describe('dataOutsideDomain: only where the model itself cannot be finite', () => {
  it('a part the model steps around is not to blame', () => {
    expect(dataOutsideDomain(parse('x > 0 ? a*log(x) : b'), ['x'], [-3])).toBeNull();
  });
});
