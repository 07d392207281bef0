/** The pieces of --bounds and --loss: scipy's rho functions, the chained fold, bounded LM. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLevenbergMarquardt, BoxTransform, chainFold } from '../../src/fit/bounds.js';
import { LOSSES, rho, robustCost } from '../../src/fit/loss.js';
import { denseLeastSquares } from '../optim/dense-least-squares.js';
import { triangularFactor } from '../../src/linalg/index.js';

describe('rho', () => {
  it('ρ′ and ρ″ are the derivatives of ρ (central differences), and ρ(0) = 0, ρ′(0) = 1', () => {
    const out = new Float64Array(3);
    const at = (loss: (typeof LOSSES)[number], z: number) => (rho(loss, z, out), Float64Array.from(out));
    for (const loss of LOSSES) {
      expect(at(loss, 0)[0]).toBe(0);
      expect(at(loss, 0)[1]).toBe(1);
      fc.assert(
        fc.property(fc.double({ min: 0.01, max: 50, noNaN: true }), (z) => {
          if (loss === 'huber' && Math.abs(z - 1) < 1e-3) return;
          const h = 1e-5 * Math.max(1, z);
          const [, d1, d2] = at(loss, z);
          expect(Math.abs((at(loss, z + h)[0] - at(loss, z - h)[0]) / (2 * h) - d1!)).toBeLessThan(1e-6);
          expect(Math.abs((at(loss, z + h)[1] - at(loss, z - h)[1]) / (2 * h) - d2!)).toBeLessThan(1e-6);
        }),
        { numRuns: 50 },
      );
    }
  });

  it("scipy's values at z = 4 (residual 2, f_scale 1)", () => {
    const r = Float64Array.of(2);
    expect(robustCost(r, 'linear', 1)).toBe(4);
    expect(robustCost(r, 'huber', 1)).toBe(3);
    expect(robustCost(r, 'soft-l1', 1)).toBeCloseTo(2 * (Math.sqrt(5) - 1), 15);
    expect(robustCost(r, 'cauchy', 1)).toBeCloseTo(Math.log(5), 15);
    expect(robustCost(r, 'arctan', 1)).toBeCloseTo(Math.atan(4), 15);
    // f_scale: f²·ρ((r/f)²).
    expect(robustCost(r, 'cauchy', 0.5)).toBeCloseTo(0.25 * Math.log(17), 15);
  });
});

describe('chainFold', () => {
  it('is the fold of J[:, free]·diag(d): the same JᵀJ and Jᵀr', () => {
    const m = 7;
    const P = 3;
    const J = Float64Array.from({ length: m * P }, (_, i) => Math.sin(i * 1.7) + (i % 5));
    const r = Float64Array.from({ length: m }, (_, i) => Math.cos(i));
    const { R, qtb } = triangularFactor(J, m, P, r);
    const free = [0, 2];
    const d = Float64Array.of(2, -0.5);
    const chained = chainFold({ rss: 1, R, qtr: qtb, nonFinite: null }, free, d);
    const Jv = new Float64Array(m * 2);
    free.forEach((k, j) => {
      for (let i = 0; i < m; i++) Jv[i + j * m] = J[i + k * m] * d[j];
    });
    const direct = triangularFactor(Jv, m, 2, r);
    const gram = (A: Float64Array, n: number, a: number, b: number) => {
      let s = 0;
      for (let i = 0; i <= Math.min(a, b); i++) s += A[i + a * n] * A[i + b * n];
      return s;
    };
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) expect(gram(chained.R, 2, a, b)).toBeCloseTo(gram(direct.R, 2, a, b), 12);
      let g1 = 0;
      let g2 = 0;
      for (let i = 0; i <= a; i++) {
        g1 += chained.R[i + a * 2] * chained.qtr[i];
        g2 += direct.R[i + a * 2] * direct.qtb[i];
      }
      expect(g1).toBeCloseTo(g2, 12);
    }
  });
});

describe('BoxTransform', () => {
  it('maps every u into the box, and inner ∘ outer is the identity inside it', () => {
    const box = { lo: Float64Array.of(0, -Infinity, 1, -Infinity), hi: Float64Array.of(2, 5, Infinity, Infinity) };
    const T = new BoxTransform(box, Float64Array.of(1, 1, 3, 7));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 4 }), (u) => {
        const p = T.outer(Float64Array.from(u));
        p.forEach((v, k) => {
          expect(v).toBeGreaterThanOrEqual(box.lo[k]);
          expect(v).toBeLessThanOrEqual(box.hi[k]);
        });
      }),
    );
    const p = Float64Array.of(0.3, -2, 4, 7);
    const back = T.outer(T.inner(p));
    p.forEach((v, k) => expect(back[k]).toBeCloseTo(v, 12));
  });
});

describe('boundedLevenbergMarquardt', () => {
  // Residuals p − target: the solution is the target clipped to the box.
  const target = Float64Array.of(3, -1, 0.5);
  const ls = denseLeastSquares({
    m: 3,
    n: 3,
    evaluate(p, r, J) {
      for (let i = 0; i < 3; i++) r[i] = p[i] - target[i];
      if (J) {
        J.fill(0);
        for (let i = 0; i < 3; i++) J[i + i * 3] = 1;
      }
    },
  });
  it('ends exactly on the active bounds and at the free optimum elsewhere', () => {
    const box = { lo: Float64Array.of(-Infinity, 0, 0), hi: Float64Array.of(2, Infinity, 1) };
    const res = boundedLevenbergMarquardt(ls, Float64Array.of(1, 1, 0.2), box);
    expect(res.converged).toBe(true);
    expect(Array.from(res.x)).toEqual([2, 0, 0.5]);
  });
  it('a start on a bound can still leave it', () => {
    const box = { lo: Float64Array.of(0, -5, 0), hi: Float64Array.of(10, 0, 1) };
    const res = boundedLevenbergMarquardt(ls, Float64Array.of(0, 0, 1), box);
    expect(res.x[0]).toBeCloseTo(3, 12);
    expect(res.x[1]).toBeCloseTo(-1, 12);
    expect(res.x[2]).toBeCloseTo(0.5, 12);
  });
});

describe('BoxTransform at 0', () => {
  it('a start on a bound at 0 can still move (the one-sided scale is never 0)', () => {
    const target = Float64Array.of(2);
    const ls = denseLeastSquares({
      m: 1,
      n: 1,
      evaluate(p, r, J) {
        r[0] = p[0] - target[0];
        if (J) J[0] = 1;
      },
    });
    const res = boundedLevenbergMarquardt(ls, Float64Array.of(0), { lo: Float64Array.of(0), hi: Float64Array.of(Infinity) });
    expect(res.x[0]).toBeCloseTo(2, 12);
  });
});
