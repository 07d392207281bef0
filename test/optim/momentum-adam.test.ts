import { wordRemedies } from '../../src/report/remedies.js';
import { describe, expect, it } from 'vitest';
import { adam } from '../../src/optim/adam.js';
import { momentum } from '../../src/optim/momentum.js';
import { TEST_FUNCTIONS } from './functions.js';
import { fromTestFunction, oneD, parabola } from './objectives.js';

const rosenbrock = TEST_FUNCTIONS.find((t) => t.name === 'Rosenbrock')!;

describe('momentum', () => {
  it('is PyTorch SGD with momentum 0.9: buf = g at the first step, then buf = 0.9·buf + g; x −= lr·buf', () => {
    const x = Float64Array.from([-1.2, 1]);
    const g = new Float64Array(2);
    let buf: Float64Array | null = null;
    const expected: number[][] = [];
    for (let t = 0; t < 30; t++) {
      rosenbrock.grad(x, g);
      buf = buf === null ? g.slice() : buf.map((b, i) => 0.9 * b + g[i]);
      for (let i = 0; i < 2; i++) x[i] = x[i] - 1e-4 * buf[i];
      expected.push(Array.from(x));
    }
    const seen: number[][] = [];
    momentum(fromTestFunction(rosenbrock), Float64Array.from([-1.2, 1]), { lr: 1e-4, maxSteps: 30, onStep: (s) => seen.push(Array.from(s.x)) });
    expect(seen).toEqual(expected);
  });

  it('converges on the parabola with its defaults (lr 0.01)', () => {
    const res = momentum(parabola, Float64Array.from([0]));
    expect(res.reason).toBe('gradient');
    expect(res.x[0]).toBeCloseTo(-1 / 3, 6);
    // Faster than plain gd, which needs ~300 steps here.
    expect(res.iterations).toBeLessThan(300);
  });

  it('reports a zero gradient at a maximum as "not-minimum"', () => {
    expect(momentum(oneD((x) => -x * x, (x) => -2 * x), Float64Array.from([0])).reason).toBe('not-minimum');
  });

  it('diverges with a hint when lr is too large', () => {
    // Heavy ball is stable for lr·L < 2(1 + μ) = 3.8; here L = 6.
    const res = momentum(parabola, Float64Array.from([1]), { lr: 1 });
    expect(['diverged', 'nonfinite']).toContain(res.reason);
    expect(res.failure?.remedies).toContainEqual({ kind: 'smaller-lr' });
  });
});

describe('adam', () => {
  it('follows Kingma and Ba, Algorithm 1 (β1 0.9, β2 0.999, ε 1e-8)', () => {
    const x = Float64Array.from([-1.2, 1]);
    const g = new Float64Array(2);
    const m = [0, 0];
    const v = [0, 0];
    const expected: number[][] = [];
    for (let t = 1; t <= 40; t++) {
      rosenbrock.grad(x, g);
      for (let i = 0; i < 2; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2;
        const mHat = m[i] / (1 - 0.9 ** t);
        const vHat = v[i] / (1 - 0.999 ** t);
        x[i] = x[i] - (0.05 * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
      expected.push(Array.from(x));
    }
    const seen: number[][] = [];
    adam(fromTestFunction(rosenbrock), Float64Array.from([-1.2, 1]), { lr: 0.05, maxSteps: 40, onStep: (s) => seen.push(Array.from(s.x)) });
    seen.forEach((x, k) => x.forEach((v, i) => expect(v).toBeCloseTo(expected[k][i], 12)));
  });

  it('converges on the parabola with its defaults (lr 0.01)', () => {
    const res = adam(parabola, Float64Array.from([0]));
    expect(res.reason).toBe('gradient');
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(-1 / 3, 6);
  });

  it('takes steps of about lr regardless of the gradient scale', () => {
    // f = 1e6·x²: gd with lr 0.01 would explode; adam's first step is lr long.
    const steep = oneD((x) => 1e6 * x * x, (x) => 2e6 * x);
    const res = adam(steep, Float64Array.from([1]), { maxSteps: 1 });
    expect(res.x[0]).toBeCloseTo(0.99, 12);
  });

  it('stops at once on a non-finite value, with the step and a hint', () => {
    // x² + log(x) falls toward x = 0; adam's steps of about lr = 0.01 from 0.025 cross it.
    const f = oneD((x) => x * x + Math.log(x), (x) => 2 * x + 1 / x);
    const res = adam(f, Float64Array.from([0.025]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure?.step).toBe(res.iterations);
    expect(res.failure?.step).toBeGreaterThan(1);
    expect(wordRemedies(res.failure?.remedies ?? [])).toBe('try a smaller --lr, or try another --start');
  });
});
