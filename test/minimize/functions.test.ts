/**
 * The classic test functions, written as gradfit expressions and minimised through the same
 * path as `gradfit minimize`: parse, fused kernel, default method (L-BFGS).
 */
import { wordRemedies } from '../../src/report/remedies.js';
import { describe, expect, it } from 'vitest';
import { minimizeExpression, prepareMinimize } from '../../src/minimize/minimize.js';
import { TEST_FUNCTIONS } from '../optim/functions.js';

const withExpr = TEST_FUNCTIONS.filter((t) => t.expr !== null);

describe('gradfit minimize on classic test functions (default method)', () => {
  it('covers at least 15 functions of 1 to 6 variables', () => {
    expect(withExpr.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...withExpr.map((t) => t.dim))).toBe(6);
  });

  it.each(withExpr.map((t) => [t.name, t] as const))('%s: |f - f*| <= 1e-8·(1+|f*|), location to 1e-5', (_name, t) => {
    const problem = prepareMinimize(t.expr!);
    const start = new Map(t.vars.map((v, k) => [v, t.start[k]]));
    const r = minimizeExpression(problem, { method: 'lbfgs', start });
    expect(r.converged, r.message).toBe(true);
    expect(Math.abs(r.minimum - t.fStar)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(t.fStar)));
    const at = t.vars.map((v) => r.at[v]);
    const distance = Math.min(...t.xStar.map((xs) => Math.max(...xs.map((v, k) => Math.abs(at[k] - v) / Math.max(1, Math.abs(v))))));
    expect(distance).toBeLessThanOrEqual(1e-5);
  });
});

describe('the notebook examples', () => {
  it('minimises 3x^2+2x-1.2 to x = -1/3, f = -23/15 to full precision', () => {
    const r = minimizeExpression(prepareMinimize('3*x^2+2*x-1.2'), { method: 'lbfgs', start: new Map() });
    expect(r.at.x).toBeCloseTo(-1 / 3, 14);
    expect(r.minimum).toBeCloseTo(-23 / 15, 14);
  });

  it('the textbook gd loop from x = -0.2934 stops after 90 steps near -1/3', () => {
    const r = minimizeExpression(prepareMinimize('3*x^2+2*x-1.2'), {
      method: 'gd',
      start: new Map([['x', -0.2934]]),
      lr: 0.01,
      tol: 1e-3,
    });
    expect(r.iterations).toBe(90);
    expect(r.at.x).toBeCloseTo(-0.3333, 3);
    expect(r.converged).toBe(true);
  });

  it('stops when rounding makes f alternate between two neighbouring doubles, instead of running to the cap', () => {
    // From (0.5, 0.5) this Levy-like function reaches a local minimum near (0.6704, 1) where the
    // steps flip f between 0.10987365835883793 and 0.1098736583588379 (one ulp) for ever.
    const expr = 'sin(3*pi*x)^2+(x-1)^2*(1+sin(3*pi*y)^2)+(y-1)^2*(1+sin(2*pi*y)^2)';
    const r = minimizeExpression(prepareMinimize(expr), { method: 'lbfgs', start: new Map([['x', 0.5], ['y', 0.5]]) });
    expect(r.converged, r.message).toBe(true);
    expect(r.iterations).toBeLessThan(100);
    expect(r.at.y).toBeCloseTo(1, 12);
    expect(r.minimum).toBeCloseTo(0.10987365835883793, 15);
  });

  it('reports an expression that only approaches its lower bound at infinity as having no minimum', () => {
    for (const expr of ['exp(x)', 'exp(-x^2)', '1/(1+x^2)', 'exp(x) + exp(-2*y)']) {
      const r = minimizeExpression(prepareMinimize(expr), { method: 'lbfgs', start: new Map() });
      expect(r.converged, expr).toBe(false);
      expect(r.reason, expr).toBe('not-minimum');
      expect(wordRemedies(r.failure?.remedies ?? []), expr).toMatch(/approaches its infimum as the variables grow without limit/);
    }
  });

  it('still calls a degenerate minimum (flat to second order) a minimum', () => {
    for (const expr of ['x^4+y^4', 'x^2*y^2 + x^4 + y^4', '(x-1)^4 + (y+2)^4 + (x-1)^2*(y+2)^2']) {
      const r = minimizeExpression(prepareMinimize(expr), { method: 'lbfgs', start: new Map() });
      expect(r.converged, `${expr}: ${r.message}`).toBe(true);
      expect(r.minimum, expr).toBeLessThan(1e-12);
    }
  });

  it('reports an expression without a minimum as unbounded, not as a minimum', () => {
    // (x*y and x*y - z^2 start at their saddle, where f falls along no axis; x^4+y^4-3*x^2*y^2
    // at a degenerate one, flat to second order, that falls only along the diagonals.)
    for (const expr of ['x^3', '-x^2', '-exp(x)', 'x - y^2', 'x*y', 'x*y - z^2', 'x*y*z', 'x^4+y^4-3*x^2*y^2']) {
      const r = minimizeExpression(prepareMinimize(expr), { method: 'lbfgs', start: new Map() });
      expect(r.converged, expr).toBe(false);
      expect(r.reason, expr).toBe('unbounded');
      expect(r.failure, expr).not.toBeNull();
    }
  });
});
