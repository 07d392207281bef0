import { describe, expect, it } from 'vitest';
import { fittedEquation, polynomialHighestFirst } from '../../src/report/equation.js';
import { parabolaFit } from './fixtures.js';

describe('fittedEquation', () => {
  it('writes a polynomial highest power first with the fitted numbers', () => {
    expect(fittedEquation(parabolaFit(), 4)).toBe('y = -0.542·x^2 + 1.171·x - 0.6189');
  });

  it('uses the requested digits', () => {
    expect(fittedEquation(parabolaFit(), 2)).toBe('y = -0.54·x^2 + 1.2·x - 0.62');
  });

  it('puts the numbers into any model, keeps its own constants whole, and names the response column', () => {
    const fit = parabolaFit({
      model: 'a*exp(-k*t/2.5) + c',
      params: { a: 9.87654, k: 0.101234, c: -1.00321 },
      columns: { x: 't', y: 'counts', sigma: null, data: ['t'] },
    });
    expect(fittedEquation(fit, 3)).toBe('counts = 9.88·exp(-0.101·t/2.5) - 1');
  });

  it('writes y when the response column is not a name', () => {
    expect(fittedEquation(parabolaFit({ columns: { x: '1', y: 'column 2', sigma: null, data: [] } }), 4)).toMatch(/^y = /);
  });
});

describe('polynomialHighestFirst', () => {
  it.each([
    ['c0 + c1*x', 'c1*x + c0'],
    ['c0+c1*x+c2*x^2+c3*x^3', 'c3*x^3 + c2*x^2 + c1*x + c0'],
    ['c0', null],
    ['a + b*x', null],
    ['c0 + c1*x + c2*x^3', null],
  ])('%s → %s', (model, expected) => {
    expect(polynomialHighestFirst(model)).toBe(expected);
  });
});
