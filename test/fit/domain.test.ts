import { describe, expect, it } from 'vitest';
import { parse } from '../../src/expr/index.js';
import { dataOutsideDomain, keepCondition, negativeBase } from '../../src/fit/domain.js';

describe('dataOutsideDomain: the part of a model no start can make finite', () => {
  it('names the smallest data-only part that is not finite at the row', () => {
    expect(dataOutsideDomain(parse('a*log(x)+b'), ['x'], [-3])).toMatchObject({ expr: 'log(x)', value: NaN, divides: false });
    expect(dataOutsideDomain(parse('a/(T - 273.15) + b*sqrt(P)'), ['T', 'P'], [300, -1])).toMatchObject({ expr: 'sqrt(P)', value: NaN });
    expect(dataOutsideDomain(parse('k*exp(1/x)'), ['x'], [0])).toMatchObject({ expr: 'x', value: 0, divides: true });
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

describe('dataOutsideDomain: a division by data that is 0, and the --where that keeps the rest', () => {
  it('blames the divisor', () => {
    expect(dataOutsideDomain(parse('a/(x - 2) + b'), ['x'], [2])).toMatchObject({ expr: 'x - 2', value: 0, divides: true });
  });

  it('keepCondition: the rows where the part is defined, in the columns\' names', () => {
    const cond = (model: string, x: string, at = -3) => keepCondition(dataOutsideDomain(parse(model), ['x'], [at])!.node, x);
    expect(cond('a*log(x)+b', 'x')).toBe('x > 0');
    expect(cond('a*log10(x - 1)', 'Time')).toBe('Time - 1 > 0');
    expect(cond('a*sqrt(x)', 'conc')).toBe('conc >= 0');
    expect(cond('a/(x - 2) + b', 'T', 2)).toBe('T - 2 != 0');
    expect(cond('a*exp(1/sqrt(x))', 'x')).toBe('x >= 0');
    // A name --where cannot take as it is: no condition.
    expect(cond('a*log(x)+b', 'my col')).toBeNull();
  });
});
