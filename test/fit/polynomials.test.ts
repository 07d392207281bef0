/**
 * Ill-conditioned and degenerate polynomials through `gradfit fit --degree`: the streaming
 * column-scaled QR must match a dense one, and rank deficiency must be reported, not hidden.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { compileKernel } from '../../src/expr/index.js';
import { parseModel, polynomialSpec } from '../../src/fit/model.js';
import { noise, poly } from '../linalg/sequences.js';
import { lre } from '../linalg/nist-data.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-poly-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fitFile(name: string, xs: ArrayLike<number>, ys: ArrayLike<number>, model: { degree?: number; model?: string }) {
  const file = join(dir, name);
  writeFileSync(file, `x,y\n${Array.from(xs, (x, i) => `${x},${ys[i]}`).join('\n')}\n`);
  const spec = model.degree !== undefined ? polynomialSpec(model.degree) : parseModel(model.model!);
  const loaded = await loadFitData({ kind: 'file', path: file }, { header: 'auto' }, { x: 'x', y: 'y' }, spec);
  return fitDataset(loaded, { method: 'lm', start: new Map() }).result;
}

describe('ill-conditioned polynomials', () => {
  it('Filip-like: degree 10 on x in [-9, -3] gets >= 7 digits in every coefficient', async () => {
    // Filip's certified curve plus fixed noise; the exact least-squares answer for these doubles
    // was computed in rational arithmetic (numpy.polyfit gets 7.4 to 7.6 digits on it).
    const coef = [
      -1467.4896142298, -2772.17959193342, -2316.37108160893, -1127.97394098372, -354.478233703349, -75.1242017393757,
      -10.8753180355343, -1.06221498588947, -0.0670191154593408, -0.00246781078275479, -4.02962525080404e-5,
    ];
    const exact = [
      -1562.0539830980647, -2954.8379947095905, -2472.816204525607, -1206.1840567530214, -379.74395640790135, -80.63458749145806,
      -11.697017725564816, -1.1449513844659345, -0.07240400818068346, -0.002672456535431743, -4.3746293790959345e-5,
    ];
    const xs = Float64Array.from({ length: 82 }, (_, i) => -9 + (6 * i) / 81);
    const eps = noise(82, 7);
    const ys = Float64Array.from(xs, (x, i) => poly(coef, x) + 0.003 * eps[i]);
    const r = await fitFile('filip.csv', xs, ys, { degree: 10 });
    expect(r.rank).toBeNull();
    exact.forEach((c, k) => expect(lre(r.params[`c${k}`], c), `c${k}`).toBeGreaterThanOrEqual(7));
    expect(lre(r.stats.rss, 0.014805263351821177 ** 2)).toBeGreaterThanOrEqual(6);
  });

  it('degree 10 on raw x in the hundreds reproduces the data to rounding level', async () => {
    const coef = [3, -2, 1.5, 0.5, -0.25, 0.125, 0.0625, -1 / 32, 1 / 64, -1 / 128, 1 / 256];
    const xs = Float64Array.from({ length: 82 }, (_, i) => 100 + (200 * i) / 81);
    const ys = Float64Array.from(xs, (x) => poly(coef, x));
    const r = await fitFile('hundreds.csv', xs, ys, { degree: 10 });
    expect(r.rank).toBeNull();
    // The leading coefficients carry y (the low-order ones are not determined on [100, 300]).
    expect(lre(r.params.c10!, 0.0039062500011551975)).toBeGreaterThanOrEqual(9);
    expect(r.stats.rmse / Math.max(...ys.map(Math.abs))).toBeLessThan(1e-14);
    expect(r.stats.r2).toBeCloseTo(1, 12);
  });

  it('fits x given as Unix timestamps (1.7e9 + minutes) to full precision: centred, not raw, powers', async () => {
    // y = 3 + 2u − 0.5u², u = (t − t0)/3600, sampled exactly: the least-squares answer is that
    // polynomial written in powers of t, whose raw design has a condition number beyond 1e20.
    const t0 = 1.7e9;
    const ts = Float64Array.from({ length: 200 }, (_, i) => t0 + 60 * i);
    const ys = Float64Array.from(ts, (t) => 3 + 2 * ((t - t0) / 3600) - 0.5 * ((t - t0) / 3600) ** 2);
    const r = await fitFile('timestamps.csv', ts, ys, { degree: 2 });
    const a = -0.5 / 3600 ** 2;
    const b = 2 / 3600;
    const exact = [3 - b * t0 + a * t0 * t0, b - 2 * a * t0, a];
    exact.forEach((c, k) => expect(lre(r.params[`c${k}`], c), `c${k}`).toBeGreaterThanOrEqual(12));
    expect(r.stats.rmse).toBeLessThan(1e-12);
  });

  it('gives coefficients that reproduce the reported fit when evaluated in powers of x, up to degree 40', async () => {
    // sin(6x) on [0, 1]: beyond degree 20 or so, the solution in centred x cannot be written in
    // powers of x without cancellation wiping it out (evaluated, it missed by 1e8 at degree 40);
    // such fits are solved in x itself, and say what rank the design has there.
    const xs = Float64Array.from({ length: 500 }, (_, i) => i / 499);
    const eps = noise(500, 11);
    const ys = Float64Array.from(xs, (x, i) => Math.sin(6 * x) + 0.001 * eps[i]);
    for (const degree of [10, 20, 30, 40]) {
      const r = await fitFile(`sin-${degree}.csv`, xs, ys, { degree });
      const spec = polynomialSpec(degree);
      const kernel = compileKernel(spec.ast, { params: spec.params, columns: ['x'] });
      const fitted = new Float64Array(xs.length);
      kernel.evaluate(Float64Array.from(spec.params, (name) => r.params[name]), [xs], xs.length, fitted);
      const rmse = Math.sqrt(fitted.reduce((s, f, i) => s + (f - ys[i]) ** 2, 0) / xs.length);
      expect(Math.abs(rmse / r.stats.rmse - 1), `degree ${degree}: ${rmse} vs ${r.stats.rmse}`).toBeLessThan(1e-3);
      expect(r.stats.rmse).toBeLessThan(1e-3);
    }
  });

  it('solves a --model written as a polynomial in any order and names as --degree does, and LM on x*x agrees', async () => {
    const xs = Float64Array.from({ length: 60 }, (_, i) => 1000 + i * 3.7);
    const eps = noise(60, 3);
    const ys = Float64Array.from(xs, (x, i) => 0.002 * (x - 1100) ** 2 - 3 * x + 12 + eps[i]);
    const a = await fitFile('quad.csv', xs, ys, { degree: 2 });
    const b = await fitFile('quad.csv', xs, ys, { model: 'q*x^2 + x*p + o' });
    expect(b.message).toMatch(/centred and scaled x/);
    expect([b.params.o, b.params.p, b.params.q]).toEqual([a.params.c0, a.params.c1, a.params.c2]);
    expect([b.stderr.o, b.stderr.p, b.stderr.q]).toEqual([a.stderr.c0, a.stderr.c1, a.stderr.c2]);
    // x*x is not recognised as a power: Levenberg–Marquardt on the kernel's Jacobian in raw x.
    const c = await fitFile('quad.csv', xs, ys, { model: 'c0 + c1*x + c2*x*x' });
    expect(c.message).not.toMatch(/centred/);
    for (const k of ['c0', 'c1', 'c2']) {
      expect(lre(c.params[k], a.params[k]), k).toBeGreaterThanOrEqual(7);
      expect(lre(c.stderr[k] ?? NaN, a.stderr[k] ?? NaN), `sd ${k}`).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('degenerate designs are reported', () => {
  it('degree 4 through only 3 distinct x values: rank 3, the unidentifiable coefficients named, their stderr null', async () => {
    const xs = [1, 1, 2, 2, 3, 3, 1, 2, 3];
    const ys = xs.map((x, i) => x * x + 0.01 * i);
    const r = await fitFile('three-x.csv', xs, ys, { degree: 4 });
    expect(r.rank).not.toBeNull();
    expect(r.rank!.rank).toBe(3);
    expect(r.rank!.unidentifiable).toHaveLength(2);
    for (const name of r.rank!.unidentifiable) expect(r.stderr[name]).toBeNull();
    expect(r.message).toMatch(/rank 3 of 5/);
  });

  it('a model whose parameters only appear as a product (a*b*x) is rank-deficient, with the reason', async () => {
    const xs = [1, 2, 3, 4, 5, 6];
    const r = await fitFile('product.csv', xs, xs.map((x) => 2 * x + 0.01 * Math.sin(x)), { model: 'a*b*x' });
    expect(r.rank?.rank).toBe(1);
    expect(r.rank?.unidentifiable).toHaveLength(1);
    expect(r.rank?.reason).toMatch(/cannot be told apart/);
    expect(r.params.a! * r.params.b!).toBeCloseTo(2, 2);
  });

  it.each([1000, 100_000, 300_000])('a line through %i rows of one x value: the slope is unidentifiable, not a trillion', async (n) => {
    // The fold's rounding grows with the rows: on 100,000 rows its R of [1, x] kept a few ε·√n
    // where the small triangle's own tolerance saw a full rank, and the fit came out as
    // y = -1.06e12·x + 3.18e12 with a confident interval. A fold's triangle is judged with a
    // tolerance that grows as ε·√n·|R₀₀|, as its rounding does.
    const xs = new Float64Array(n).fill(3);
    const ys = Float64Array.from({ length: n }, (_, i) => 7 + ((i * 7919) % 1000) / 1000);
    for (const model of [{ degree: 1 }, { model: 'a*x+b' }]) {
      const r = await fitFile(`one-x-${n}.csv`, xs, ys, model);
      expect(r.rank?.rank, JSON.stringify(r.params)).toBe(1);
      expect(Object.values(r.params).every((v) => Math.abs(v!) < 100), JSON.stringify(r.params)).toBe(true);
    }
  });
});
