import { describe, expect, it } from 'vitest';
import { covariance } from '../../src/linalg/covariance.js';
import { ProblemShapeError } from '../../src/optim/errors.js';
import { denseLeastSquares, type DenseLeastSquares } from './dense-least-squares.js';
import { rssTolerance } from '../../src/optim/levenberg-marquardt.js';
import { levenbergMarquardt, withinRounding } from '../../src/fit/least-squares.js';
import type { OptimOptions } from '../../src/optim/types.js';
import { lre } from '../linalg/nist-data.js';
import { NONLINEAR } from '../fit/nist-more.js';
import { HARD_PROBLEMS, SHARED_PROBLEMS, lanczos, leastSquares, type NistProblem } from './nist-problems.js';

/** Levenberg–Marquardt on a problem given as dense residuals and Jacobian. */
function lm(problem: DenseLeastSquares, p0: Float64Array, opts?: OptimOptions) {
  return levenbergMarquardt(denseLeastSquares(problem), p0, opts);
}

/** y = a·exp(−k·t) + c with its gradient in (a, k, c). */
function decay(t: number, p: Float64Array, g: Float64Array): number {
  const e = Math.exp(-p[1] * t);
  g[0] = e;
  g[1] = -t * p[0] * e;
  g[2] = 1;
  return p[0] * e + p[2];
}

/** A least-squares problem from a model y = f(t; p) with gradient, on data (t, y). */
function curveFit(t: number[], y: number[], model: (t: number, p: Float64Array, g: Float64Array) => number, n: number): DenseLeastSquares {
  const g = new Float64Array(n);
  return {
    m: t.length,
    n,
    evaluate(p, r, J) {
      for (let i = 0; i < t.length; i++) {
        r[i] = model(t[i], p, g) - y[i];
        if (J) for (let k = 0; k < n; k++) J[i + k * t.length] = g[k];
      }
    },
  };
}

/** Fit a NIST problem from start 1 or 2: the digits of every parameter and standard deviation. */
function fitNist(p: NistProblem, start: 0 | 1) {
  const ls = leastSquares(p);
  const res = lm(ls, Float64Array.from(p.starts[start]));
  const { cov } = covariance(res.factor.R, ls.n, ls.n, res.f / (ls.m - ls.n));
  return {
    res,
    digits: p.certified.map((c, k) => lre(res.x[k], c)),
    sdDigits: p.certifiedSd.map((c, k) => lre(Math.sqrt(cov[k + k * ls.n]), c)),
    rssDigits: lre(res.f, p.certifiedRss),
  };
}

describe('levenbergMarquardt on NIST StRD', () => {
  const cases = [...SHARED_PROBLEMS, ...HARD_PROBLEMS].flatMap((p) => [
    { name: `${p.name} (${p.difficulty}), start 1`, p, start: 0 as const },
    { name: `${p.name} (${p.difficulty}), start 2`, p, start: 1 as const },
  ]);
  it.each(cases)('$name: >= 7 digits in every parameter, >= 6 in every standard deviation', ({ p, start }) => {
    const { res, digits, sdDigits, rssDigits } = fitNist(p, start);
    expect(res.converged, res.message).toBe(true);
    expect(['rss-reduction', 'step-size', 'orthogonality']).toContain(res.reason);
    digits.forEach((d, k) => expect(d, `b${k + 1}`).toBeGreaterThanOrEqual(7));
    sdDigits.forEach((d, k) => expect(d, `sd of b${k + 1}`).toBeGreaterThanOrEqual(6));
    expect(rssDigits).toBeGreaterThanOrEqual(9);
    expect(res.iterations).toBeLessThan(1000);
  });
});

describe('levenbergMarquardt, a port of MINPACK lmder', () => {
  it('tries the same points as MINPACK (scipy.optimize.leastsq) on Misra1a from start 1', () => {
    // The trial points at which MINPACK's lmder evaluated the residuals, recorded from
    // scipy.optimize.leastsq with ftol = xtol = gtol = 1e-15 and the analytic Jacobian.
    const minpack = [
      [500.0, 0.0001],
      [-3767.094746640736, 0.001114425746713751],
      [491.433009804901, 0.0002382811069337312],
      [105.82605919628219, 0.0004466102394998983],
      [460.8208882244352, 0.000262523069552767],
      [392.18819049627143, 0.0003064436862136948],
      [449.75305990095666, 0.0002711272307595561],
      [426.5513868813066, 0.00028646876341271467],
      [388.4380723591648, 0.0003151283943025022],
      [372.5822166461139, 0.0003322773393619611],
      [339.5257199398392, 0.0003654793642842067],
      [328.5606484896118, 0.0003821657530944637],
    ];
    const base = leastSquares(SHARED_PROBLEMS[0]);
    const tried: number[][] = [];
    lm({ ...base, evaluate: (b, r, J) => (tried.push(Array.from(b)), base.evaluate(b, r, J)) }, Float64Array.from(minpack[0]));
    minpack.forEach((point, k) => point.forEach((v, j) => expect(Math.abs(tried[k][j] / v - 1), `trial ${k}`).toBeLessThan(1e-10)));
  });

  it('reports Σr², 2·Jᵀr and the Jacobian\'s triangular factor at the solution', () => {
    // y = 2·exp(0.5 t) sampled with a wobble.
    const t = [0, 1, 2, 3, 4];
    const y = t.map((v) => 2 * Math.exp(0.5 * v) + (v % 2 === 0 ? 0.01 : -0.01));
    const ls = curveFit(t, y, (v, p, g) => ((g[0] = Math.exp(p[1] * v)), (g[1] = p[0] * v * Math.exp(p[1] * v)), p[0] * g[0]), 2);
    const res = lm(ls, Float64Array.from([1, 1]));
    expect(res.converged).toBe(true);
    const r = new Float64Array(5);
    const J = new Float64Array(10);
    ls.evaluate(res.x, r, J);
    expect(res.f).toBeCloseTo(r.reduce((s, v) => s + v * v, 0), 15);
    const { R } = res.factor;
    for (let k = 0; k < 2; k++) {
      let jtr = 0;
      for (let i = 0; i < 5; i++) jtr += J[i + k * 5] * r[i];
      expect(res.grad[k]).toBeCloseTo(2 * jtr, 12);
      // RᵀR = JᵀJ, entry by entry.
      for (let l = 0; l < 2; l++) {
        let jtj = 0;
        for (let i = 0; i < 5; i++) jtj += J[i + k * 5] * J[i + l * 5];
        let rtr = 0;
        for (let i = 0; i <= Math.min(k, l); i++) rtr += R[i + k * 2] * R[i + l * 2];
        expect(rtr / jtj - 1).toBeCloseTo(0, 13);
      }
    }
    expect(res.history[0]).toBeGreaterThan(res.history.at(-1)!);
    expect(res.history).toHaveLength(res.iterations + 1);
    expect(res.history.at(-1)).toBe(res.f);
  });

  it('stops with "exact" when the residuals reach zero', () => {
    // y = 3 + 2t exactly: a linear model, which Gauss–Newton lands on.
    const t = [0, 1, 2, 3];
    const ls = curveFit(t, t.map((v) => 3 + 2 * v), (v, p, g) => ((g[0] = 1), (g[1] = v), p[0] + p[1] * v), 2);
    const res = lm(ls, Float64Array.from([0, 0]));
    expect(res.reason).toBe('exact');
    expect(res.converged).toBe(true);
    expect(res.f).toBe(0);
    expect(res.x[0]).toBeCloseTo(3, 14);
    expect(res.x[1]).toBeCloseTo(2, 14);
  });

  it("follows Rosenbrock's curved valley to its end from far away", () => {
    // r = (10·(y − x²), 1 − x): the classic, as least squares; zero residual at (1, 1).
    const ls: DenseLeastSquares = {
      m: 2,
      n: 2,
      evaluate(p, r, J) {
        r[0] = 10 * (p[1] - p[0] ** 2);
        r[1] = 1 - p[0];
        if (J) J.set([-20 * p[0], -1, 10, 0]);
      },
    };
    for (const start of [[-1.2, 1], [-120, 100]]) {
      const res = lm(ls, Float64Array.from(start));
      expect(res.reason).toBe('exact');
      expect(Array.from(res.x)).toEqual([1, 1]);
    }
  });

  it('calls onStep once per iteration with the new Σr², and never mutates p0', () => {
    const p = SHARED_PROBLEMS[0];
    const p0 = Float64Array.from(p.starts[1]);
    const seen: number[] = [];
    const res = lm(leastSquares(p), p0, { onStep: (s) => seen.push(s.step, s.f) });
    expect(Array.from(p0)).toEqual(p.starts[1]);
    expect(seen.length / 2).toBe(res.iterations);
    for (let k = 1; k <= res.iterations; k++) {
      expect(seen[2 * (k - 1)]).toBe(k);
      expect(seen[2 * (k - 1) + 1]).toBe(res.history[k]);
    }
  });

  it('counts iterations against maxSteps and says it stopped at the cap', () => {
    const res = lm(leastSquares(HARD_PROBLEMS.find((q) => q.name === 'MGH10')!), Float64Array.from([2, 400000, 25000]), { maxSteps: 5 });
    expect(res.reason).toBe('step-cap');
    expect(res.converged).toBe(false);
    expect(res.iterations).toBe(5);
    expect(res.evaluations).toBeGreaterThanOrEqual(6);
    expect(res.message).toMatch(/cap of 5 iterations/);
  });

  it('solves badly scaled parameters from a far start: amplitude 1e6 from 1e4, rate 1e-6 from 1e-5', () => {
    // y = 1e6·exp(−1e-6·t) + 50 for t up to 3e6, with a deterministic wobble.
    const t = Array.from({ length: 40 }, (_, i) => i * 75000);
    const truth = [1e6, 1e-6, 50];
    const y = t.map((v, i) => truth[0] * Math.exp(-truth[1] * v) + truth[2] + 0.5 * Math.sin(i * 1.7));
    const ls = curveFit(t, y, decay, 3);
    const res = lm(ls, Float64Array.from([1e4, 1e-5, 0]));
    expect(res.converged, res.message).toBe(true);
    // The optimum is within the wobble of the truth; the fit's own optimality is the real test.
    expect(Math.abs(res.x[0] / truth[0] - 1)).toBeLessThan(1e-5);
    expect(Math.abs(res.x[1] / truth[1] - 1)).toBeLessThan(1e-5);
    // Restarting from the solution does not move it.
    const again = lm(ls, res.x);
    again.x.forEach((v, k) => expect(lre(v, res.x[k]), `p${k}`).toBeGreaterThanOrEqual(9));
  });

  it('calls a start at the optimum converged, without wandering off', () => {
    const p = SHARED_PROBLEMS[0];
    const first = lm(leastSquares(p), Float64Array.from(p.starts[0]));
    const res = lm(leastSquares(p), first.x);
    expect(res.converged, res.message).toBe(true);
    res.x.forEach((v, k) => expect(lre(v, p.certified[k])).toBeGreaterThanOrEqual(9));
  });

  it('does not call a run converged when no step from the start was accepted and the start is no minimum', () => {
    // Every trial point is outside the model's domain: sqrt(p) for p < 0 is NaN, and the
    // first step from p = 0.1 wants to go negative, as do all shorter ones.
    const ls: DenseLeastSquares = {
      m: 2,
      n: 1,
      evaluate(p, r, J) {
        const v = p[0] >= 0.1 ? Math.sqrt(p[0]) : NaN;
        r[0] = v - 0;
        r[1] = v + 0.2;
        if (J) J[0] = J[1] = 0.5 / v;
      },
    };
    const res = lm(ls, Float64Array.from([0.1]));
    expect(res.iterations).toBe(0);
    expect(res.converged).toBe(false);
    expect(res.reason).toBe('no-progress');
    expect(res.message).toMatch(/no step from the start/);
  });

  it('treats a non-finite trial point as a failed step and carries on', () => {
    // Misra1a from start 1 with residuals that are NaN whenever b1 < 0 (the first MINPACK
    // trial goes to b1 = -3767): the trust region shrinks and the fit still succeeds.
    const p = SHARED_PROBLEMS[0];
    const base = leastSquares(p);
    let nanTrials = 0;
    const ls: DenseLeastSquares = {
      ...base,
      evaluate(b, r, J) {
        base.evaluate(b, r, J);
        if (b[0] < 0) {
          nanTrials++;
          r.fill(NaN);
        }
      },
    };
    const res = lm(ls, Float64Array.from(p.starts[0]));
    expect(nanTrials).toBeGreaterThan(0);
    expect(res.converged).toBe(true);
    res.x.forEach((v, k) => expect(lre(v, p.certified[k])).toBeGreaterThanOrEqual(7));
  });

  it('fails at step 0 when the residuals are not finite at the start, and says so', () => {
    const ls = curveFit([1, 2, 3], [1, 2, 3], (v, p, g) => ((g[0] = 1 / v), Math.log(p[0]) * v), 1);
    const res = lm(ls, Float64Array.from([-1]));
    expect(res.reason).toBe('nonfinite');
    expect(res.converged).toBe(false);
    expect(res.failure).toEqual({ step: 0, message: 'the residual of row 1 is NaN at the start', remedies: [{ kind: 'start', how: 'another' }] });
  });

  it('fails at once, not at its evaluation cap, when the factor holds a NaN that the residuals and Jacobian do not', () => {
    let evaluations = 0;
    const fold = () => {
      evaluations++;
      return { rss: 2, R: Float64Array.of(Number.NaN), qtr: Float64Array.of(1), nonFinite: null };
    };
    const res = levenbergMarquardt({ m: 3, n: 1, fold }, Float64Array.of(1));
    expect(res.reason).toBe('nonfinite');
    expect(res.converged).toBe(false);
    expect(res.failure?.message).toMatch(/step is not finite at step 1/);
    expect(evaluations).toBeLessThanOrEqual(2);
  });

  it('fails at step 0 when the Jacobian is not finite at the start', () => {
    const ls = curveFit([0, 1, 2], [0, 1, 2], (v, p, g) => ((g[0] = v / 0), p[0] * v), 1);
    const res = lm(ls, Float64Array.from([1]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure?.step).toBe(0);
    expect(res.failure?.message).toMatch(/Jacobian is not finite at the start \(row 1, parameter 1\)/);
  });

  it('fails when the Jacobian is not finite at an accepted point', () => {
    // r = p − 1 with a Jacobian that is NaN once p > 0.5: the first step lands at p = 1.
    const ls: DenseLeastSquares = {
      m: 1,
      n: 1,
      evaluate(p, r, J) {
        r[0] = p[0] - 1;
        if (J) J[0] = p[0] > 0.5 ? NaN : 1;
      },
    };
    const res = lm(ls, Float64Array.from([0]));
    expect(res.reason).toBe('nonfinite');
    expect(res.failure?.step).toBe(1);
    expect(res.x[0]).toBe(1);
  });

  it('still converges with a rank-deficient Jacobian (two parameters that only act as a product)', () => {
    // y = a·b·t: only a·b is determined.
    const t = [1, 2, 3, 4];
    const ls = curveFit(t, t.map((v) => 6 * v + (v === 2 ? 0.1 : 0)), (v, p, g) => ((g[0] = p[1] * v), (g[1] = p[0] * v), p[0] * p[1] * v), 2);
    const res = lm(ls, Float64Array.from([1, 1]));
    expect(res.converged, res.message).toBe(true);
    // The least-squares slope: Σty/Σt² = (6·30 + 0.2)/30.
    expect(res.x[0] * res.x[1]).toBeCloseTo(6 + 0.2 / 30, 12);
  });

  it('allows for residuals at the rounding level of the data (Lanczos1: an exact fit to 13 digits) when told that level', () => {
    // y = 0.0951·exp(−x) + 0.8607·exp(−3x) + 1.5576·exp(−5x), given to 13 digits: the residuals at
    // the solution (≈ 1e-13) are partly rounding, and so is their angle with J's columns.
    const p = NONLINEAR.find((q) => q.name === 'Lanczos1')!;
    const t = p.x!;
    const dense = curveFit(t, p.y, lanczos, 6);
    const start = Float64Array.from(p.starts[1]);
    const plain = levenbergMarquardt(denseLeastSquares(dense), start);
    expect(plain.converged).toBe(false);
    expect(plain.message).toMatch(/the gradient is not small/);
    const roundingNorm = Number.EPSILON * Math.hypot(...p.y);
    const told = levenbergMarquardt({ ...denseLeastSquares(dense), roundingNorm }, start);
    expect(told.converged, told.message).toBe(true);
    expect(told.message).toMatch(/residuals are near the rounding level of the data/);
    told.x.forEach((v, k) => expect(lre(v, p.certified[k]), `b${k + 1}`).toBeGreaterThanOrEqual(9));
  });

  it('rejects a problem with fewer residuals than parameters, or a start of the wrong size', () => {
    expect(() => lm({ m: 1, n: 2, evaluate() {} }, new Float64Array(2))).toThrow(ProblemShapeError);
    expect(() => lm({ m: 1, n: 2, evaluate() {} }, new Float64Array(2))).toThrow(/at least as many residuals as parameters \(got 1 residuals, 2 parameters\)/);
    expect(() => lm({ m: 3, n: 2, evaluate() {} }, new Float64Array(3))).toThrow(/starting point has 3 values/);
  });
});

describe('levenbergMarquardt on many rows', () => {
  it('takes the rounding level of a sum of m squares as its ftol when that is above LM_FTOL', () => {
    expect(rssTolerance(14)).toBe(1e-15);
    expect(rssTolerance(1e6)).toBeCloseTo(Number.EPSILON * 1000, 25);
  });

  it('stops where Σr² cannot show progress, then polishes: no evaluations spent on rounding noise', () => {
    // 200,000 rows of y = 5·exp(−0.7t) + 1.5 with a deterministic wobble, from a = k = c = 1.
    const m = 200_000;
    const t = Array.from({ length: m }, (_, i) => (i / m) * 10);
    const y = t.map((v, i) => 5 * Math.exp(-0.7 * v) + 1.5 + 0.05 * Math.sin(i * 1.3));
    const ls = curveFit(t, y, decay, 3);
    const res = lm(ls, Float64Array.from([1, 1, 1]));
    expect(res.converged, res.message).toBe(true);
    expect(res.message).toMatch(/rounding level of a sum of 200000 squares/);
    // Every evaluation but the start, the first (too long) trial and a last look is an accepted
    // step. With ftol = 1e-15 it went on to 13 evaluations for 9 steps, rejecting steps in the noise.
    expect(res.evaluations).toBeLessThanOrEqual(res.iterations + 3);
    // It is the least-squares solution: the gradient is at rounding level, and a restart stays put.
    const r = new Float64Array(m);
    const J = new Float64Array(3 * m);
    ls.evaluate(res.x, r, J);
    const rn = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
    for (let k = 0; k < 3; k++) {
      let jtr = 0;
      let jn = 0;
      for (let i = 0; i < m; i++) {
        jtr += J[i + k * m] * r[i];
        jn += J[i + k * m] ** 2;
      }
      expect(Math.abs(jtr) / (Math.sqrt(jn) * rn), `cosine of column ${k}`).toBeLessThan(1e-11);
    }
    const again = lm(ls, res.x);
    again.x.forEach((v, k) => expect(lre(v, res.x[k]), `p${k}`).toBeGreaterThanOrEqual(11));
  });
});

describe('the Gauss–Newton polish leaves rounding alone', () => {
  const x = Float64Array.from([5, 0.7, 1.5]);
  const million = { m: 1_000_000, roundingNorm: 4e-13 };

  it('a step within ε·√m of every parameter, on noisy data, is the fold\'s rounding: not tried', () => {
    // ε·√m = 2.2e-13 for a million rows; ‖r‖ = 50 is far above the data's rounding (4e-13).
    expect(withinRounding(Float64Array.from([1e-15 * 5, -2e-13 * 0.7, 0]), x, million, 2500)).toBe(true);
  });

  it('a larger step in any one parameter is tried', () => {
    expect(withinRounding(Float64Array.from([1e-15 * 5, -3e-13 * 0.7, 0]), x, million, 2500)).toBe(false);
  });

  it('on few rows the level is a few units in the last place', () => {
    expect(withinRounding(Float64Array.from([2e-15 * 5, 0, 0]), x, { m: 16, roundingNorm: 4e-13 }, 2500)).toBe(false);
  });

  it('an exact fit (residuals at the rounding level of the data) is polished to the last bit', () => {
    expect(withinRounding(Float64Array.from([1e-16 * 5, 0, 0]), x, million, 1e-26)).toBe(false);
    // (and a problem that does not say what its rounding level is, as a plain lmder caller)
    expect(withinRounding(Float64Array.from([1e-16 * 5, 0, 0]), x, { m: 1_000_000 }, 2500)).toBe(false);
  });
});
