/**
 * `gradfit minimize --global` on multimodal functions with known global minima, from their
 * standard starts (test/optim/multimodal.ts), through the same path as the CLI.
 */
import { wordRemedies } from '../../src/report/remedies.js';
import { describe, expect, it } from 'vitest';
import { defaultRange, minimizeExpression, prepareMinimize, type MinimizeSettings } from '../../src/minimize/minimize.js';
import { MULTIMODAL_FUNCTIONS, type MultimodalFunction } from '../optim/multimodal.js';

function solve(t: MultimodalFunction, extra: Partial<MinimizeSettings> = {}) {
  const start = new Map(t.vars.map((v, k) => [v, t.start[k]]));
  const ranges = new Map(Object.entries(t.ranges ?? {}));
  return minimizeExpression(prepareMinimize(t.expr), { method: 'lbfgs', start, global: { ranges }, ...extra });
}

describe('minimize --global finds the global minimum of multimodal functions from their standard starts', () => {
  it('covers the required functions', () => {
    const names = MULTIMODAL_FUNCTIONS.map((t) => t.name).join('; ');
    for (const n of ['Freudenstein–Roth', 'MGH trigonometric n=6', 'Rastrigin 2-D', 'Rastrigin 5-D', 'Ackley', 'Himmelblau', 'Six-hump camel', 'Branin', 'Goldstein–Price', 'Levy', 'Styblinski–Tang', 'Shubert', 'Griewank']) {
      expect(names).toContain(n);
    }
  });

  it.each(MULTIMODAL_FUNCTIONS.map((t) => [t.name, t] as const))('%s: |f - f*| <= 1e-8·(1+|f*|)', (_name, t) => {
    const r = solve(t);
    expect(Math.abs(r.minimum - t.fStar), `f = ${r.minimum}`).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(t.fStar)));
    if (t.kink) {
      // The tip of a cone: the value is found, but no vanishing gradient certifies it.
      expect(r.converged).toBe(false);
      expect(r.reason).toBe('no-progress');
      expect(r.failure).toBeNull();
    } else {
      expect(r.converged, r.message).toBe(true);
    }
    if (t.xStar) {
      const at = t.vars.map((v) => r.at[v]);
      const distance = Math.min(...t.xStar.map((xs) => Math.max(...xs.map((v, k) => Math.abs(at[k] - v) / Math.max(1, Math.abs(v))))));
      expect(distance).toBeLessThanOrEqual(t.kink ? 1e-6 : 1e-5);
    }
    const s = r.search!;
    expect(s.reachedBest).toBeGreaterThanOrEqual(1);
    expect(s.reachedBest).toBeLessThanOrEqual(s.starts);
    expect(s.candidates).toBeGreaterThan(s.starts);
    if (s.nextBest) expect(s.nextBest.f).toBeGreaterThan(r.minimum);
    for (const [k, v] of t.vars.entries()) expect(s.box[v]).toEqual(t.ranges?.[v] ?? defaultRange(t.start[k]));
  });

  it('Freudenstein–Roth: the local run from (0.5, -2) ends at the local minimum, the search at the global one and names the local one', () => {
    const t = MULTIMODAL_FUNCTIONS.find((f) => f.name === 'Freudenstein–Roth')!;
    const local = minimizeExpression(prepareMinimize(t.expr), { method: 'lbfgs', start: new Map([['x1', 0.5], ['x2', -2]]) });
    expect(local.minimum).toBeCloseTo(48.98425367924, 8);
    const r = solve(t);
    expect(r.minimum).toBe(0);
    expect(r.search!.nextBest!.f).toBeCloseTo(48.98425367924, 8);
    expect(r.search!.nextBest!.at.x1).toBeCloseTo(11.4127789869, 8);
  });

  it('is deterministic: the same problem gives the same result, field for field', () => {
    const t = MULTIMODAL_FUNCTIONS.find((f) => f.name === 'Rastrigin 2-D')!;
    expect(solve(t)).toEqual(solve(t));
  });

  it('the default box is start ± max(10, 10·|start|); --range replaces it for the variables it names', () => {
    expect(defaultRange(0)).toEqual([-10, 10]);
    expect(defaultRange(-2)).toEqual([-22, 18]);
    expect(defaultRange(0.5)).toEqual([-9.5, 10.5]);
    const r = minimizeExpression(prepareMinimize('(x-1)^2 + (y+2)^2'), { method: 'lbfgs', start: new Map([['y', 3]]), global: { ranges: new Map([['x', [0, 5]]]) } });
    expect(r.search!.box).toEqual({ x: [0, 5], y: [-27, 33] });
    expect(r.minimum).toBe(0);
    expect(r.search!.nextBest).toBeNull();
  });

  it('a 2-variable search takes well under a second (the bound allows for a loaded machine)', () => {
    const t = MULTIMODAL_FUNCTIONS.find((f) => f.name === 'Freudenstein–Roth')!;
    solve(t);
    const t0 = performance.now();
    solve(t);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('minimize --global stays honest', () => {
  it('reports an expression unbounded below as unbounded (exit 3), with or without a box', () => {
    for (const ranges of [new Map(), new Map([['x', [-1, 1] as [number, number]]])]) {
      for (const expr of ['x^3', '-x^2', 'x - y^2']) {
        const p = prepareMinimize(expr);
        const r = minimizeExpression(p, { method: 'lbfgs', start: new Map(), global: { ranges: new Map([...ranges].filter(([k]) => p.names.includes(k))) } });
        expect(r.converged, expr).toBe(false);
        expect(r.reason, expr).toBe('unbounded');
        expect(r.failure, expr).not.toBeNull();
      }
    }
  });

  it('without --range also looks 10 and 100 times as far out: sin(x) - x^2/1000 has local minima near 0 but no minimum', () => {
    const p = prepareMinimize('sin(x) - x^2/1000');
    const r = minimizeExpression(p, { method: 'lbfgs', start: new Map(), global: { ranges: new Map() } });
    expect(r.reason).toBe('unbounded');
    expect(r.failure).not.toBeNull();
    // With --range the search stays where it was told to look: the lowest minimum near that box.
    const boxed = minimizeExpression(p, { method: 'lbfgs', start: new Map(), global: { ranges: new Map([['x', [-1, 1]]]) } });
    expect(boxed.converged).toBe(true);
    expect(boxed.at.x).toBeCloseTo(-Math.PI / 2, 2);
  });

  it('says the box does not bound the variables when f is unbounded below from a --range box', () => {
    const r = minimizeExpression(prepareMinimize('x^3'), { method: 'lbfgs', start: new Map(), global: { ranges: new Map([['x', [-1, 1]]]) } });
    expect(r.failure!.remedies).toContainEqual({ kind: 'range-is-not-a-bound' });
    expect(wordRemedies(r.failure!.remedies)).toMatch(/--range only says where the search looks; it does not bound the variables/);
  });

  it('reports an expression that only approaches its infimum at infinity as having no minimum', () => {
    for (const expr of ['exp(x)', '1/(1+x^2)', 'exp(x) + exp(-2*y)']) {
      const r = minimizeExpression(prepareMinimize(expr), { method: 'lbfgs', start: new Map(), global: { ranges: new Map() } });
      expect(r.converged, expr).toBe(false);
      expect(r.failure, expr).not.toBeNull();
    }
  });

  it('skips points where f is not finite, the start included', () => {
    // log(x) is NaN for x < 0 and -inf at 0: the start x = -5 and half the box are outside.
    const r = minimizeExpression(prepareMinimize('x - log(x)'), { method: 'lbfgs', start: new Map([['x', -5]]), global: { ranges: new Map() } });
    expect(r.converged).toBe(true);
    expect(r.at.x).toBeCloseTo(1, 12);
    expect(r.minimum).toBeCloseTo(1, 14);
  });

  it('a start where the gradient is not finite (|x| at 0) does not make the search fail: the other runs count', () => {
    const r = minimizeExpression(prepareMinimize('sqrt(x^2)'), { method: 'lbfgs', start: new Map(), global: { ranges: new Map() } });
    expect(r.failure).toBeNull();
    expect(Math.abs(r.at.x!)).toBeLessThan(1e-8);
    // A kink, not a smooth minimum: found, not certified.
    expect(r.converged).toBe(false);
    expect(r.reason).toBe('no-progress');
  });

  it('is an input error when f is finite nowhere in the box', () => {
    expect(() =>
      minimizeExpression(prepareMinimize('sqrt(-x-100)'), { method: 'lbfgs', start: new Map(), global: { ranges: new Map([['x', [0, 1]]]) } }),
    ).toThrow(/not finite at the start or at any of the \d+ points screened in x in \[0, 1\]; give a box where it is defined with `range`/);
  });

  it('rejects a --range name that is not a variable', () => {
    expect(() => minimizeExpression(prepareMinimize('x^2'), { method: 'lbfgs', start: new Map(), global: { ranges: new Map([['z', [0, 1]]]) } })).toThrow(
      /`range` names 'z', which is not in the expression \(its variables are: x\)/,
    );
  });

  it('with onStep (--trace) replays the best local run from its start, ending where the search did', () => {
    const steps: number[] = [];
    const t = MULTIMODAL_FUNCTIONS.find((f) => f.name === 'Six-hump camel')!;
    const plain = solve(t);
    const traced = solve(t, { onStep: (s) => steps.push(s.f) });
    expect(traced.minimum).toBe(plain.minimum);
    expect(traced.at).toEqual(plain.at);
    expect(steps[0]).toBe(traced.history[0]);
    expect(steps.at(-1)).toBe(traced.minimum);
    expect(steps.length).toBe(traced.iterations + 1);
  });
});
