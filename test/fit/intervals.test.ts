/**
 * Our Student-t quantile and information criteria against R (test/reference-data/r/intervals.json,
 * made by scripts/reference/intervals.R), and the profile and band machinery on its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { informationCriteria, studentCdf, studentQuantile, waldIntervals, parseLevel } from '../../src/fit/intervals.js';

const REF = JSON.parse(readFileSync(new URL('../reference-data/r/intervals.json', import.meta.url), 'utf8'));

function close(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

describe('studentQuantile', () => {
  // R's qt (and scipy's) are themselves off by up to 4e-10 near p = 0.5 (against the closed forms below).
  it.each(REF.qt as [number, number, number][])('qt(%s, %s) as R has it', (p, dof, q) => {
    close(studentQuantile(p, dof), q, Math.abs(p - 0.5) < 0.01 ? 1e-9 : 1e-11);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const p of [0.5000001, 0.6, 0.9, 0.975, 0.999999, 1e-8, 0.3]) {
      const cauchy = p < 0.25 ? -1 / Math.tan(Math.PI * p) : p > 0.75 ? 1 / Math.tan(Math.PI * (1 - p)) : Math.tan(Math.PI * (p - 0.5));
      close(studentQuantile(p, 1), cauchy, 1e-13);
      close(studentQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-13);
    }
  });

  it('is the inverse of the distribution function', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 500, noNaN: true }), (p, dof) => {
        expect(studentCdf(studentQuantile(p, dof), dof)).toBeCloseTo(p, 12);
      }),
    );
  });

  it('is the inverse of the distribution function in the far tails and at extreme degrees of freedom too', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: -0.31, noNaN: true }), fc.double({ min: -0.3, max: 6, noNaN: true }), fc.boolean(), (log10q, log10dof, upper) => {
        const dof = 10 ** log10dof;
        // The upper tail of p = 1 − q is the q that p represents; the lower tail is q itself.
        const p = upper ? 1 - 10 ** log10q : 10 ** log10q;
        const q = upper ? 1 - p : p;
        if (q === 0) return; // (1 − q rounds to 1: no quantile to find)
        const t = studentQuantile(p, dof);
        // (By symmetry, the upper tail at t is the lower one at −t, without the cancellation of 1 − cdf.)
        const tail = studentCdf(upper ? -t : t, dof);
        // (The distribution function itself, an incomplete beta function with b = dof/2, is good to
        // about 1e-10 relative at a million degrees of freedom: the bound is its, not the quantile's.)
        expect(Math.abs(tail - q) / q, `p=${p}, dof=${dof}`).toBeLessThan(dof > 1e4 ? 1e-9 : 1e-10);
      }),
      { numRuns: 300 },
    );
  });

  it('is NaN outside (0, 1) and for no degrees of freedom', () => {
    expect(studentQuantile(0, 3)).toBeNaN();
    expect(studentQuantile(1, 3)).toBeNaN();
    expect(studentQuantile(0.9, 0)).toBeNaN();
    expect(studentQuantile(0.5, 3)).toBe(0);
  });
});

describe('information criteria as R computes them', () => {
  for (const name of ['puromycin', 'bod', 'puromycin_weighted', 'cars_quadratic', 'cars_line_weighted', 'stackloss']) {
    it(name, () => {
      const c = REF[name];
      const p = Object.keys(c.params).length;
      let sumLogW = 0;
      if (name.endsWith('weighted')) {
        const rows = readFileSync(new URL(`../reference-data/r/${c.data}`, import.meta.url), 'utf8').trim().split('\n').slice(1);
        for (const row of rows) sumLogW += -2 * Math.log(Number(row.split(',').at(-1)));
      }
      const n = c.dof + p;
      const ic = informationCriteria(c.rss, n, p, sumLogW);
      close(ic.loglik, c.ic.loglik, 1e-12);
      close(ic.aic, c.ic.aic, 1e-12);
      close(ic.bic, c.ic.bic, 1e-12);
    });
  }

  it('AICc is null when n ≤ k + 1', () => {
    expect(informationCriteria(1, 4, 2, 0).aicc).toBeNull();
    expect(informationCriteria(1, 5, 2, 0).aicc).not.toBeNull();
  });
});

describe('waldIntervals', () => {
  it('keys such as __proto__ are plain keys, and unknown standard errors give null', () => {
    const params = Object.assign(Object.create(null), { ['__proto__']: 2, b: 1 }) as Record<string, number>;
    const stderr = Object.assign(Object.create(null), { ['__proto__']: 0.5, b: null }) as Record<string, number | null>;
    const iv = waldIntervals(params, stderr, 4, 0.95);
    const t = studentQuantile(0.975, 4);
    expect(Object.getPrototypeOf(iv)).toBeNull();
    expect(iv['__proto__']).toEqual([2 - 0.5 * t, 2 + 0.5 * t]);
    expect(iv.b).toBeNull();
  });
});

describe('parseLevel', () => {
  it.each(['0', '1', '1.5', '-0.1', 'abc', '', 'NaN'])('refuses %j', (text) => {
    expect(() => parseLevel(text)).toThrow(/`level` must be a probability between 0 and 1/);
  });
  it('reads 0.9 and defaults to 0.95', () => {
    expect(parseLevel('0.9')).toBe(0.9);
    expect(parseLevel(undefined)).toBe(0.95);
  });
});
