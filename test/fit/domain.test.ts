import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { dataOutsideDomain, negativeBase } from '../../src/fit/domain.js';

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

describe('negativeBase: a power of negative data with a parameter in the exponent', () => {
  it('names the base and the exponent', () => {
    expect(negativeBase(parse('a*x^b'), ['x'], [-3])).toEqual({ base: 'x', exponent: 'b', value: -3 });
    expect(negativeBase(parse('a*(T - 300)^(n + 1)'), ['T'], [250])?.base).toBe('T - 300');
  });

  it('is null for a positive base, a whole-number exponent written out, or a base with a parameter', () => {
    expect(negativeBase(parse('a*x^b'), ['x'], [3])).toBeNull();
    expect(negativeBase(parse('a*x^2'), ['x'], [-3])).toBeNull();
    expect(negativeBase(parse('a*(x - c)^b'), ['x'], [-3])).toBeNull();
  });
});
