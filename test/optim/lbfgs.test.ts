import { wordRemedies } from '../../src/report/remedies.js';
import { describe, expect, it } from 'vitest';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { TEST_FUNCTIONS } from './functions.js';
import { fromTestFunction, objective, oneD, parabola } from './objectives.js';

/** Distance from x to the nearest listed minimiser, each coordinate relative to max(1, |x*_i|). */
function distanceToNearest(x: Float64Array, minimisers: number[][]): number {
  return Math.min(...minimisers.map((xs) => Math.max(...xs.map((v, i) => Math.abs(x[i] - v) / Math.max(1, Math.abs(v))))));
}

describe('the classic test functions', () => {
  it('has at least 15 of them, with gradients that agree with finite differences', () => {
    expect(TEST_FUNCTIONS.length).toBeGreaterThanOrEqual(15);
    for (const t of TEST_FUNCTIONS) {
      const x = Float64Array.from(t.start, (v, i) => v + 0.1 + 0.05 * i);
      const g = new Float64Array(t.dim);
      t.grad(x, g);
      for (let i = 0; i < t.dim; i++) {
        const h = 1e-6 * Math.max(1, Math.abs(x[i]));
        const up = x.slice();
        const down = x.slice();
        up[i] = up[i] + h;
        down[i] = down[i] - h;
        const fd = (t.f(up) - t.f(down)) / (2 * h);
        // Central differences: error ~h² plus rounding ~eps·|f|/h.
        const allowed = 1e-5 * (1 + Math.abs(g[i])) + (1e-15 * Math.abs(t.f(x))) / h;
        expect(Math.abs(fd - g[i]), `${t.name}, d/d${t.vars[i]}`).toBeLessThan(allowed);
      }
      for (const xs of t.xStar) expect(t.f(Float64Array.from(xs)), t.name).toBeCloseTo(t.fStar, 9);
    }
  });
});

describe('lbfgs', () => {
  it.each(TEST_FUNCTIONS.map((t) => [t.name, t] as const))('reaches the minimum of %s: |f − f*| <= 1e-8·(1 + |f*|), x to 1e-5', (_, t) => {
    const res = lbfgs(fromTestFunction(t), Float64Array.from(t.start));
    expect(res.converged, res.message).toBe(true);
    expect(['gradient', 'no-progress']).toContain(res.reason);
    expect(Math.abs(res.f - t.fStar)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(t.fStar)));
    expect(distanceToNearest(res.x, t.xStar)).toBeLessThanOrEqual(1e-5);
  });

  it('minimises the notebook parabola to full precision from the default start 0: x = -1/3, f = -23/15', () => {
    const res = lbfgs(parabola, Float64Array.from([0]));
    expect(res.reason).toBe('gradient');
    expect(res.x[0]).toBeCloseTo(-1 / 3, 15);
    expect(res.f).toBeCloseTo(-23 / 15, 15);
    expect(res.message).toMatch(/^relative gradient .* <= 1\.0e-15: the minimum is located to full precision$/);
  });

  it('finds Rosenbrock’s minimum exactly, in few iterations', () => {
    const t = TEST_FUNCTIONS.find((f) => f.name === 'Rosenbrock')!;
    const res = lbfgs(fromTestFunction(t), Float64Array.from(t.start));
    expect(Array.from(res.x)).toEqual([1, 1]);
    expect(res.iterations).toBeLessThan(60);
  });

  it('uses an explicit tol as a bound on the gradient norm', () => {
    const res = lbfgs(parabola, Float64Array.from([5]), { tol: 1e-3 });
    expect(res.reason).toBe('gradient');
    expect(res.gradNorm).toBeLessThanOrEqual(1e-3);
    expect(res.message).toMatch(/^gradient norm .* <= tol 0\.001$/);
  });

  it('keeps a history of f and calls onStep once per iteration', () => {
    const t = TEST_FUNCTIONS.find((f) => f.name === 'Beale')!;
    const steps: [number, number][] = [];
    const x0 = Float64Array.from(t.start);
    const res = lbfgs(fromTestFunction(t), x0, { onStep: (s) => steps.push([s.step, s.f]) });
    expect(Array.from(x0)).toEqual(t.start);
    expect(res.history).toHaveLength(res.iterations + 1);
    expect(res.history[0]).toBe(t.f(Float64Array.from(t.start)));
    expect(steps).toEqual(res.history.slice(1).map((f, k) => [k + 1, f]));
    // Every iteration lowers f (or keeps it, at the rounding floor).
    for (let k = 1; k < res.history.length; k++) expect(res.history[k]).toBeLessThanOrEqual(res.history[k - 1]);
  });

  it('stops at the step cap and says so', () => {
    const t = TEST_FUNCTIONS.find((f) => f.name === 'Wood')!;
    const res = lbfgs(fromTestFunction(t), Float64Array.from(t.start), { maxSteps: 3 });
    expect(res.reason).toBe('step-cap');
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(3);
  });

  it.each([
    ['x³', oneD((x) => x ** 3, (x) => 3 * x * x)],
    ['−x²', oneD((x) => -x * x, (x) => -2 * x)],
  ])('leaves the zero gradient of %s at 0 and reports the fall without bound', (_, f) => {
    const res = lbfgs(f, Float64Array.from([0]));
    expect(res.reason).toBe('unbounded');
    expect(res.converged).toBe(false);
    expect(res.f).toBeLessThan(-1e100);
    expect(wordRemedies(res.failure!.remedies)).toMatch(/^there is no minimum to find: f keeps decreasing along the direction \((-)?1\) from the start$/);
    expect(res.iterations).toBeLessThan(10);
  });

  it('reports −exp(x) as unbounded once it overflows to −∞', () => {
    const res = lbfgs(oneD((x) => -Math.exp(x), (x) => -Math.exp(x)), Float64Array.from([0]));
    expect(res.reason).toBe('unbounded');
    expect(res.failure!.message).toMatch(/decreases without bound/);
  });

  it.each([
    ['exp(x) from 0', oneD(Math.exp, Math.exp), [0]],
    ['exp(−x²) from 0.5', oneD((x) => Math.exp(-x * x), (x) => -2 * x * Math.exp(-x * x)), [0.5]],
    ['1/(1 + x²) from 1', oneD((x) => 1 / (1 + x * x), (x) => (-2 * x) / (1 + x * x) ** 2), [1]],
    ['exp(x) + exp(−2y) from (0, 0)', objective(2, ([x, y]) => Math.exp(x!) + Math.exp(-2 * y!), ([x, y], g) => g.set([Math.exp(x!), -2 * Math.exp(-2 * y!)])), [0, 0]],
  ] as const)('does not call an asymptote a minimum: %s', (_, f, start) => {
    // The gradient falls below rounding far out, where f still has no minimum.
    const res = lbfgs(f, Float64Array.from(start));
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('not-minimum');
    expect(res.message).toMatch(/^no minimum: f keeps decreasing along .* while its gradient is below rounding$/);
    expect(wordRemedies(res.failure!.remedies)).toMatch(/approaches its infimum as the variables grow without limit/);
  });

  it.each([
    ['x²/(1 + x²) from 3 (flat far out, minimum at 0)', oneD((x) => (x * x) / (1 + x * x), (x) => (2 * x) / (1 + x * x) ** 2), [3], [0]],
    ['−x²·exp(−x²) from 0.5 (rises towards 0 far out)', oneD((x) => -x * x * Math.exp(-x * x), (x) => (2 * x ** 3 - 2 * x) * Math.exp(-x * x)), [0.5], [1]],
    ['(x − 1)² + 1e-3·exp(−x) from 5', oneD((x) => (x - 1) ** 2 + 1e-3 * Math.exp(-x), (x) => 2 * (x - 1) - 1e-3 * Math.exp(-x)), [5], [1.0001839059]],
  ] as const)('still calls a minimum next to a flat or falling region a minimum: %s', (_, f, start, at) => {
    const res = lbfgs(f, Float64Array.from(start));
    expect(res.converged, res.message).toBe(true);
    expect(res.x[0]).toBeCloseTo(at[0], 8);
  });

  it('escapes a saddle to a real minimum: (x² − 1)² + y² from the maximum in x at (0, 0)', () => {
    const f = objective(2, ([x, y]) => (x! * x! - 1) ** 2 + y! * y!, ([x, y], g) => g.set([4 * x! * (x! * x! - 1), 2 * y!]));
    const steps: number[] = [];
    const res = lbfgs(f, Float64Array.from([0, 0]), { onStep: (s) => steps.push(s.f) });
    expect(res.converged).toBe(true);
    expect(Math.abs(res.x[0])).toBeCloseTo(1, 12);
    expect(res.f).toBeLessThan(1e-20);
    // The move to the lower probe point counts as an iteration: the history stays complete.
    expect(res.history).toEqual([1, ...steps]);
    expect(res.history.at(-1)).toBe(res.f);
  });

  it('escapes the saddle of x² − y² and finds no bottom', () => {
    const f = objective(2, ([x, y]) => x! * x! - y! * y!, ([x, y], g) => g.set([2 * x!, -2 * y!]));
    expect(lbfgs(f, Float64Array.from([1, 0])).reason).toBe('unbounded');
  });

  it('finds the way down from a saddle that lies along no axis: x·y from (0, 0)', () => {
    // Along either axis x·y stays 0, and a random direction falls only if its x and y differ in
    // sign: the curvature (the Hessian's eigenvector (1, −1)) shows the way down.
    const f = objective(2, ([x, y]) => x! * y!, ([x, y], g) => g.set([y!, x!]));
    expect(lbfgs(f, Float64Array.from([0, 0])).reason).toBe('unbounded');
    // With a floor, the real minima at ±(1/2, −1/2).
    const floored = objective(2, ([x, y]) => x! * y! + x! ** 4 + y! ** 4, ([x, y], g) => g.set([y! + 4 * x! ** 3, x! + 4 * y! ** 3]));
    const res = lbfgs(floored, Float64Array.from([0, 0]));
    expect(res.converged, res.message).toBe(true);
    expect(res.f).toBeCloseTo(-0.125, 12);
    expect(Math.abs(res.x[0])).toBeCloseTo(0.5, 8);
    expect(res.x[0] + res.x[1]).toBeCloseTo(0, 8);
  });

  it('steps back from trial points outside the domain: x − log x from 30', () => {
    // The first trial step (length 1 along −g from 30) is fine; a quasi-Newton step soon
    // overshoots below 0, where log is NaN. The search retreats and converges to x = 1.
    const res = lbfgs(oneD((x) => x - Math.log(x), (x) => 1 - 1 / x), Float64Array.from([30]));
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 14);
  });

  it('fails at step 0 when f is not finite at the start', () => {
    const res = lbfgs(oneD(Math.log, (x) => 1 / x), Float64Array.from([-1]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure).toEqual({ step: 0, message: 'f is NaN at the start', remedies: [{ kind: 'start', how: 'another' }] });
  });

  it('fails at step 0 when the gradient is not finite at the start', () => {
    const res = lbfgs(oneD(Math.sqrt, (x) => 0.5 / Math.sqrt(x)), Float64Array.from([0]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure?.message).toBe('the gradient is not finite at the start');
  });

  it('handles variables twelve orders of magnitude apart and an f of 1e-12 scale alike', () => {
    const tiny = oneD((x) => 1e-12 * (x - 3) ** 2, (x) => 2e-12 * (x - 3));
    const res = lbfgs(tiny, Float64Array.from([0]));
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(3, 12);
  });

  it('calls a kink that stops the line search "no-progress", not converged', () => {
    // |x − 1| + |y| at a point where no direction along −g decreases f: the gradient is
    // (±1, ±1) at the kink, never small.
    const f = objective(2, ([x, y]) => Math.abs(x! - 1) + 10 * Math.abs(y!), ([x, y], g) => g.set([Math.sign(x! - 1), 10 * Math.sign(y!)]));
    const res = lbfgs(f, Float64Array.from([0.3, 0.2]));
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('no-progress');
    expect(res.message).toMatch(/not small/);
  });
});
