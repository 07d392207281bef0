import { wordRemedies } from '../../src/report/remedies.js';
import { describe, expect, it } from 'vitest';
import { gd } from '../../src/optim/gd.js';
import { objective, oneD, parabola } from './objectives.js';

/**
 * The notebook's loop ("Lets take some steps to decend the gradient"), transcribed line by line
 * with the autograd gradient written out: it returns the x logged after every step.
 */
function notebookLoop(start: number, learningRate: number, tol: number, maxNumSteps: number): { xs: number[]; counter: number } {
  const fx = (x: number) => 3 * x ** 2 + 2 * x + -1.2;
  let x_ = start;
  const xLogger: number[] = [];
  let counter = 0;
  let dyDx = 1000;
  while (Math.abs(dyDx) > tol) {
    fx(x_);
    dyDx = 6 * x_ + 2;
    x_ -= learningRate * dyDx;
    xLogger.push(x_);
    counter += 1;
    if (counter === maxNumSteps) break;
  }
  return { xs: xLogger, counter };
}

describe('gd', () => {
  it('takes exactly the steps of the textbook loop: from -0.2934 with lr 0.01, tol 1e-3, 90 steps to -0.3333', () => {
    const book = notebookLoop(-0.2934, 0.01, 1e-3, 1000);
    const xs: number[] = [];
    const res = gd(parabola, Float64Array.from([-0.2934]), { lr: 0.01, tol: 1e-3, maxSteps: 1000, onStep: (s) => xs.push(s.x[0]) });
    expect(book.counter).toBe(90);
    expect(res.iterations).toBe(90);
    expect(xs).toEqual(book.xs); // bit for bit
    expect(res.x[0]).toBe(book.xs.at(-1));
    expect(res.x[0]).toBeCloseTo(-0.3333, 3);
    expect(res.reason).toBe('gradient');
    expect(res.converged).toBe(true);
    expect(res.message).toBe('gradient norm 9.7e-4 <= tol 0.001');
  });

  it('matches the loop when the step cap ends it, too', () => {
    const book = notebookLoop(2, 0.001, 1e-9, 25);
    const res = gd(parabola, Float64Array.from([2]), { lr: 0.001, tol: 1e-9, maxSteps: 25 });
    expect(res.x[0]).toBe(book.xs.at(-1));
    expect(res.iterations).toBe(25);
    expect(res.reason).toBe('step-cap');
    expect(res.converged).toBe(false);
    expect(res.message).toMatch(/^stopped at the step cap of 25 steps with gradient norm .* > tol 1\.0e-9$/);
  });

  it('reports f and the gradient at the final x, one evaluation after the last step', () => {
    const res = gd(parabola, Float64Array.from([-0.2934]), { tol: 1e-3 });
    const x = res.x[0];
    expect(res.f).toBe(3 * x ** 2 + 2 * x + -1.2);
    expect(res.grad[0]).toBe(6 * x + 2);
    expect(res.gradNorm).toBe(Math.abs(6 * x + 2));
    // 90 steps + the final evaluation + 2 probes around the answer.
    expect(res.evaluations).toBe(93);
  });

  it('keeps a history of f: at the start, then after every step, as onStep reports it', () => {
    const seen: [number, number][] = [];
    const res = gd(parabola, Float64Array.from([1]), { lr: 0.05, tol: 1e-8, onStep: (s) => seen.push([s.step, s.f]) });
    expect(res.history).toHaveLength(res.iterations + 1);
    expect(res.history[0]).toBe(3 + 2 - 1.2);
    expect(seen).toEqual(res.history.slice(1).map((f, k) => [k + 1, f]));
    expect(res.history.at(-1)).toBe(res.f);
  });

  it('uses lr 0.01, tol 1e-6 and 10000 steps by default, and converges on the parabola', () => {
    const res = gd(parabola, Float64Array.from([0]));
    expect(res.converged).toBe(true);
    expect(res.gradNorm).toBeLessThanOrEqual(1e-6);
    expect(res.x[0]).toBeCloseTo(-1 / 3, 6);
  });

  it('reports the step cap with the gradient at the start when maxSteps is 0', () => {
    const res = gd(parabola, Float64Array.from([0]), { maxSteps: 0 });
    expect(res.iterations).toBe(0);
    expect(res.message).toBe('stopped at the step cap of 0 steps with gradient norm 2 > tol 1.0e-6');
  });

  it('rejects a start with the wrong number of values', () => {
    expect(() => gd(parabola, new Float64Array(2))).toThrow('gd: the objective has 1 variables but the starting point has 2 values; give one start per variable');
  });

  it('never modifies the starting point', () => {
    const x0 = Float64Array.from([0.5]);
    gd(parabola, x0);
    expect(x0[0]).toBe(0.5);
  });

  it('stops quickly with "diverged" and a hint when the learning rate is far too large', () => {
    const res = gd(parabola, Float64Array.from([-0.2934]), { lr: 1 });
    expect(res.reason).toBe('diverged');
    expect(res.converged).toBe(false);
    expect(res.failure).not.toBeNull();
    expect(res.failure!.step).toBeLessThanOrEqual(12);
    expect(res.failure!.step).toBe(res.iterations);
    expect(res.failure!.remedies).toEqual([{ kind: 'smaller-lr' }]);
    expect(res.failure!.message).toMatch(/^f grew from -1\.5\d* to .* by step \d+/);
  });

  it('stops at once on a non-finite value, naming the step', () => {
    // x² − log(x): one step with lr 0.6 from 5 lands at x < 0, where log is NaN.
    const f = oneD(
      (x) => x * x - Math.log(x),
      (x) => 2 * x - 1 / x,
    );
    const res = gd(f, Float64Array.from([5]), { lr: 0.6 });
    expect(res.reason).toBe('nonfinite');
    expect(res.iterations).toBe(1);
    expect(res.evaluations).toBe(2);
    expect(res.failure).toEqual({ step: 1, message: 'f is NaN at step 1', remedies: [{ kind: 'smaller-lr' }, { kind: 'start', how: 'another' }] });
    expect(res.history).toHaveLength(2);
  });

  it('fails at step 0 when the start is not finite', () => {
    const res = gd(oneD(Math.log, (x) => 1 / x), Float64Array.from([-1]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure?.step).toBe(0);
    expect(res.failure?.message).toBe('f is NaN at the start');
  });

  it('reports a function that falls without bound as "unbounded"', () => {
    const res = gd(oneD((x) => x ** 3, (x) => 3 * x * x), Float64Array.from([-1]));
    expect(res.reason).toBe('unbounded');
    expect(res.converged).toBe(false);
    expect(res.f).toBeLessThan(-1e100);
    expect(wordRemedies(res.failure!.remedies)).toBe('there is no minimum to find: f keeps decreasing along the direction (-1) from the start');
  });

  it.each([
    ['x³ (inflection)', oneD((x) => x ** 3, (x) => 3 * x * x)],
    ['−x² (maximum)', oneD((x) => -x * x, (x) => -2 * x)],
  ])('does not call a zero gradient a minimum: %s from 0 is "not-minimum"', (_, f) => {
    const res = gd(f, Float64Array.from([0]));
    expect(res.reason).toBe('not-minimum');
    expect(res.converged).toBe(false);
    expect(res.message).toMatch(/saddle point, maximum or inflection/);
  });

  it('finds the saddle of x² − y² and says it is not a minimum', () => {
    const saddle = objective(2, ([x, y]) => x! ** 2 - y! ** 2, ([x, y], g) => g.set([2 * x!, -2 * y!]));
    const res = gd(saddle, Float64Array.from([1, 0]), { lr: 0.1 });
    expect(Math.abs(res.x[0])).toBeLessThan(1e-6);
    expect(res.reason).toBe('not-minimum');
  });
});
