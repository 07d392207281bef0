import { describe, expect, it } from 'vitest';
import { baselineStderr, runChecks, type CheckRequest } from '../../src/checks/checks.js';

const base = (values: Record<string, number>, stderr: Record<string, number | null> | null): CheckRequest['baseline'] => ({ values, stderr, source: 'base.json' });

describe('--sigma-tol', () => {
  it('passes a drift of 0.1 in a parameter known to ±5 and fails 1e-4 in one known to ±1e-7', () => {
    const checks = runChecks(
      { a: 10.1, b: 2.0001 },
      null,
      { tolerance: { rtol: 1e-3, atol: 0 }, sigmaTol: 3, baseline: base({ a: 10, b: 2 }, { a: 5, b: 1e-7 }) },
      'parameter',
      { a: 5, b: 1e-7 },
    );
    const [a, b] = checks;
    expect(a!.passed).toBe(true);
    expect(a!.sigmas).toBeCloseTo(0.1 / Math.hypot(5, 5), 12);
    expect(b!.passed).toBe(false);
    expect(b!.combinedStderr).toBeCloseTo(Math.SQRT2 * 1e-7, 20);
    expect(b!.message).toMatch(/= 707σ .*more than --sigma-tol 3σ/);
  });

  it('without --rtol/--atol given, only the σ test applies (rtol 1e-3 would fail a here)', () => {
    const [a] = runChecks({ a: 11 }, null, { tolerance: { rtol: 1e-3, atol: 0 }, sigmaTol: 1, baseline: base({ a: 10 }, { a: 5 }) }, 'parameter', { a: 5 });
    expect(a!.passed).toBe(true);
  });

  it('with --rtol given, a check fails when either tolerance fails', () => {
    const req = (rtol: number): CheckRequest => ({ tolerance: { rtol, atol: 0 }, toleranceGiven: true, sigmaTol: 3, baseline: base({ a: 10 }, { a: 5 }) });
    const [tight] = runChecks({ a: 11 }, null, req(1e-3), 'parameter', { a: 5 });
    expect(tight!.passed).toBe(false);
    expect(tight!.message).toMatch(/within 3σ and outside ± 0.01 \(--rtol 0.001\)/);
    const [loose] = runChecks({ a: 11 }, null, req(0.5), 'parameter', { a: 5 });
    expect(loose!.passed).toBe(true);
    // and the σ test still fails a drift far beyond the standard errors, whatever --rtol says
    const [far] = runChecks({ a: 10.1 }, null, { ...req(0.5), baseline: base({ a: 10 }, { a: 0.001 }) }, 'parameter', { a: 0.001 });
    expect(far!.passed).toBe(false);
  });

  it('a standard error that is null on either side falls back to --rtol/--atol and says so', () => {
    const checks = runChecks(
      { a: 10.001, b: 10.1, c: 10.0 },
      null,
      { tolerance: { rtol: 1e-3, atol: 0 }, sigmaTol: 3, baseline: base({ a: 10, b: 10, c: 10 }, { a: null, b: 5, c: 0 }) },
      'parameter',
      { a: 5, b: null, c: 0 },
    );
    const [a, b, c] = checks;
    expect(a!.passed).toBe(true);
    expect(a!.sigmas).toBeNull();
    expect(a!.message).toContain('a has no standard error in the baseline base.json, so it was compared by --rtol 0.001 (the default) instead of --sigma-tol');
    expect(b!.passed).toBe(false); // 0.1 > 1e-3·10
    expect(b!.message).toContain('b has no standard error in this fit');
    expect(c!.message).toContain("c's standard errors are both 0");
  });

  it('a baseline without stderr (an older result) falls back for every parameter', () => {
    const [a] = runChecks({ a: 1 }, null, { tolerance: { rtol: 1e-3, atol: 0 }, sigmaTol: 3, baseline: base({ a: 1 }, null) }, 'parameter', { a: 0.1 });
    expect(a!.passed).toBe(true);
    expect(a!.message).toContain('no standard error in the baseline');
  });

  it('reads a baseline\'s stderr, refusing values that are not standard errors', () => {
    expect(baselineStderr({ stderr: { a: 1, b: null } }, 'f')).toEqual({ a: 1, b: null });
    expect(baselineStderr({ params: {} }, 'f')).toBeNull();
    expect(() => baselineStderr({ stderr: { a: -1 } }, 'f')).toThrow(/not a standard error/);
    expect(() => baselineStderr({ stderr: { a: 'x' } }, 'f')).toThrow(/not a standard error/);
    expect(() => baselineStderr({ stderr: [1] }, 'f')).toThrow(/not an object/);
  });
});
