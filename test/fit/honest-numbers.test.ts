/**
 * Issue 15, "honest numbers": a fit either gives the right answer or says that it cannot. Data
 * near the ends of the floating-point range, weights of very different sizes, a constant response,
 * a rank-deficient design, and baselines that are not finite numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset, responseScale } from '../../src/fit/fit.js';
import { parseModel, polynomialSpec } from '../../src/fit/model.js';
import { rangeStandardisation, standardPolynomial } from '../../src/fit/polynomial.js';
import { compileKernel, freeIdentifiers } from '../../src/expr/index.js';
import { baselineValues, runChecks } from '../../src/checks/checks.js';
import { InputError } from '../../src/errors.js';
import { foldRows } from '../../src/linalg/row-fold.js';
import { solveUpper } from '../../src/linalg/triangular.js';
import { exactWeightedLine, stiffLine } from './exact-line.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-honest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

async function fit(columns: Record<string, ArrayLike<number>>, model: { degree?: number; model?: string }, opts: { sigma?: string; x?: string; start?: Record<string, number> } = {}) {
  const file = join(dir, `data${files++}.csv`);
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  const rows = Array.from({ length: n }, (_, i) => names.map((k) => String(columns[k][i])).join(','));
  writeFileSync(file, `${names.join(',')}\n${rows.join('\n')}\n`);
  const spec = model.degree !== undefined ? polynomialSpec(model.degree) : parseModel(model.model!);
  const loaded = await loadFitData({ kind: 'file', path: file }, { header: 'auto' }, { x: opts.x ?? 'x', y: 'y', sigma: opts.sigma }, spec);
  return fitDataset(loaded, { method: 'lm', start: new Map(Object.entries(opts.start ?? {})) }).result;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('responses beyond 1.27e308', () => {
  it('the response scale and its reciprocal stay finite doubles', () => {
    for (const top of [1.3e308, 1.7976931348623157e308]) {
      const s = responseScale(Float64Array.of(1, top), null);
      expect(Number.isFinite(s) && Number.isFinite(1 / s) && s > 0).toBe(true);
    }
    const tiny = responseScale(Float64Array.of(3e-308), null);
    expect(Number.isFinite(1 / tiny)).toBe(true);
  });

  it('a line through y near 1.7e308 is fitted exactly, with the standard errors of the same data at unit scale', async () => {
    const x = [1, 2, 3, 4];
    const unit = [1.5, 1.6, 1.7, 1.75];
    const big = await fit({ x, y: unit.map((v) => v * 2 ** 1023) }, { degree: 1 });
    const small = await fit({ x, y: unit }, { degree: 1 });
    expect(big.params.c0! / 2 ** 1023).toBeCloseTo(1.425, 13);
    expect(big.params.c1! / 2 ** 1023).toBeCloseTo(0.085, 13);
    expect(big.rank).toBeNull();
    for (const k of ['c0', 'c1']) expect(rel((big.stderr[k] ?? NaN) / 2 ** 1023, small.stderr[k] ?? NaN)).toBeLessThan(1e-12);
    expect(rel(big.stats.r2!, small.stats.r2!)).toBeLessThan(1e-12);
  });
});

describe('weights of very different sizes', () => {
  it.each([
    [20, 1e-15, 0],
    [20, 2 ** -50, 37.5],
    [20, 1e-15, 37.5],
    [1500, 1e-15, 1000],
  ])('%i pairs, sigma %s at x = %s beside sigma 1: the exact weighted line, to full precision', async (K, sigma, xh) => {
    const { x, y, s } = stiffLine(K, sigma, xh);
    const exact = exactWeightedLine(x, y, s);
    for (const model of [{ degree: 1 }, { model: 'b + a*x' }]) {
      const r = await fit({ x, y, s }, model, { sigma: 's' });
      const [slope, intercept] = 'c1' in r.params ? [r.params.c1!, r.params.c0!] : [r.params.a!, r.params.b!];
      expect(rel(slope, exact.slope), `${JSON.stringify(model)} slope`).toBeLessThan(1e-13);
      expect(rel(intercept, exact.intercept), `${JSON.stringify(model)} intercept`).toBeLessThan(1e-13);
    }
  });

  it('sigma 1e-20 beside 1: the exact line, or a refusal that says the weights cannot be honoured', async () => {
    const { x, y, s } = stiffLine(20, 1e-20, 37.5);
    const exact = exactWeightedLine(x, y, s);
    for (const model of [{ degree: 1 }, { model: 'b + a*x' }, { model: 'a*x + b*exp(0*x)' }]) {
      let r: Awaited<ReturnType<typeof fit>>;
      try {
        r = await fit({ x, y, s }, model, { sigma: 's', start: model.model?.includes('exp') ? { a: 1, b: 1 } : {} });
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect(String((e as Error).message)).toMatch(/weights cannot be honoured/);
        continue;
      }
      const [slope, intercept] = 'c1' in r.params ? [r.params.c1!, r.params.c0!] : [r.params.a!, r.params.b!];
      expect(rel(slope, exact.slope)).toBeLessThan(1e-13);
      expect(rel(intercept, exact.intercept)).toBeLessThan(1e-13);
    }
  });

  it.each([
    [-0.7, 0.05, 1e-13],
    [1000.1, 1, 1e-10],
  ])('the row fold keeps a heavy row in the middle of a block from wiping out the light rows (x = (%s + k)·%s)', (xh, scale, tol) => {
    const line = stiffLine(20, 1e-15, xh);
    const [x, y, s] = [line.x.map((v) => v * scale), line.y, line.s];
    const m = x.length;
    const B = new Float64Array(m * 3);
    for (let i = 0; i < m; i++) {
      const w = 1 / s[i];
      B[i] = w;
      B[i + m] = w * x[i];
      B[i + 2 * m] = w * y[i];
    }
    const R = new Float64Array(9);
    foldRows(R, 3, B, m);
    const sol = Float64Array.of(R[6], R[7]);
    solveUpper(Float64Array.of(R[0], 0, R[3], R[4]), 2, 2, sol);
    const exact = exactWeightedLine(x, y, s);
    // (Before row pivoting: 1e-6 and 2e3 relative errors.)
    expect(rel(sol[1], exact.slope)).toBeLessThan(tol);
    expect(rel(sol[0], exact.intercept)).toBeLessThan(tol);
  });
});

describe('R² and degrees of freedom', () => {
  it('R² of a constant response is null, not 1 or 0', async () => {
    const r = await fit({ x: [1, 2, 3, 4], y: [3, 3, 3, 3] }, { degree: 1 });
    expect(r.stats.r2).toBeNull();
    const checks = runChecks(r.params, r.stats, { minR2: 0.5, tolerance: { rtol: 1e-3, atol: 0 } });
    expect(checks[0].passed).toBe(false);
  });

  it('a rank-deficient fit has n − rank degrees of freedom (as R has them), and the standard errors use them', async () => {
    // x constant: c1 cannot be determined; R's lm(y ~ x) gives the intercept's standard error s/√n with s² = RSS/(n − 1).
    const y = [3, 4, 3.5, 3.2];
    const r = await fit({ x: [1, 1, 1, 1], y }, { degree: 1 });
    expect(r.rank?.rank).toBe(1);
    expect(r.stats.dof).toBe(3);
    const mean = y.reduce((a, b) => a + b) / 4;
    const rss = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(r.stats.chi2red).toBeCloseTo(rss / 3, 14);
    expect(r.stderr.c0).toBeCloseTo(Math.sqrt(rss / 3 / 4), 14);
  });
});

describe('baselines', () => {
  it('a baseline value that is not finite (1e999 reads as Infinity) is bad input', () => {
    expect(() => baselineValues(JSON.parse('{"params":{"a":1e999}}'), 'b.json', 'params')).toThrow(InputError);
    expect(() => baselineValues(JSON.parse('{"params":{"a":-1e999}}'), 'b.json', 'params')).toThrow(/not a finite number/);
    expect(() => baselineValues({ params: { a: Number.NaN } }, 'b.json', 'params')).toThrow(InputError);
  });

  it('an expected value that is not finite passes no check', () => {
    const checks = runChecks({ a: 5 }, null, { baseline: { values: { a: Infinity }, source: 'b.json' }, tolerance: { rtol: 1e-3, atol: 0 } });
    expect(checks[0].passed).toBe(false);
    const nan = runChecks({ a: 5 }, null, { expect: new Map([['a', Number.NaN]]), tolerance: { rtol: 1e-3, atol: 0 } });
    expect(nan[0].passed).toBe(false);
  });
});

describe('tiny scales', () => {
  it('the standardised polynomial is built as an AST: no number turns into a name', () => {
    const x = Float64Array.of(1e-320, 2e-320, 3e-320, 4e-320);
    const map = rangeStandardisation(x);
    const ast = standardPolynomial(3, map);
    expect(freeIdentifiers(ast).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'x']);
    const kernel = compileKernel(ast, { params: ['c0', 'c1', 'c2', 'c3'], columns: ['x'] });
    const out = new Float64Array(4);
    kernel.evaluate(Float64Array.of(0, 1, 0, 0), [x], 4, out);
    // z = (x − xm)/xs: finite, increasing, within [−2, 2].
    expect(Array.from(out).every((z) => Number.isFinite(z) && Math.abs(z) <= 2)).toBe(true);
    for (let i = 1; i < 4; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
  });

  it('a column of subnormal numbers is refused with a clear message', async () => {
    const x = [1e-320, 2e-320, 3e-320, 4e-320];
    const y = [1e-310, 2.1e-310, 2.9e-310, 4.2e-310];
    await expect(fit({ x, y }, { degree: 1 })).rejects.toThrow(/subnormal/);
    await expect(fit({ x, y: [1, 2.1, 2.9, 4.2] }, { model: 'a*x+b' })).rejects.toThrow(/subnormal/);
    await expect(fit({ x: [1, 2, 3, 4], y }, { degree: 1 })).rejects.toThrow(/subnormal/);
  });

  it('data near 1e-300 fit as the same data at unit scale, standard errors included', async () => {
    const x = [1, 2, 3, 4];
    const y = [1, 2.1, 2.9, 4.2];
    const small = await fit({ x, y }, { degree: 1 });
    for (const model of [{ degree: 1 }, { model: 'a*x+b' }]) {
      const tiny = await fit({ x: x.map((v) => v * 2 ** -1000), y: y.map((v) => v * 2 ** -1000) }, model);
      const [c0, c1] = 'c0' in tiny.params ? ['c0', 'c1'] : ['b', 'a'];
      expect(rel(tiny.params[c1], small.params.c1!)).toBeLessThan(1e-13);
      expect(rel(tiny.params[c0] * 2 ** 1000, small.params.c0!)).toBeLessThan(1e-12);
      expect(rel(tiny.stderr[c1] ?? NaN, small.stderr.c1!)).toBeLessThan(1e-12);
      expect(rel((tiny.stderr[c0] ?? NaN) * 2 ** 1000, small.stderr.c0!)).toBeLessThan(1e-12);
    }
  });

  it('an x^N that underflows is refused, not fitted with a coefficient of 0', async () => {
    await expect(fit({ x: [1e-300, 2e-300, 3e-300, 4e-300], y: [1, 2, 3, 4.5] }, { degree: 2 })).rejects.toThrow(/underflows/);
  });
});
