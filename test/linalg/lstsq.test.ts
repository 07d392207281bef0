import { describe, expect, it } from 'vitest';
import { lstsq } from '../../src/linalg/lstsq.js';
import { design, lre, nistCase, nistData, vandermonde } from './nist-data.js';
import { noise, poly } from './sequences.js';

/** b − A·x */
function residual(A: Float64Array, m: number, n: number, x: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const r = Float64Array.from({ length: m }, (_, i) => b[i]);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) r[i] = r[i] - A[i + j * m] * x[j];
  return r;
}

const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));

describe('lstsq', () => {
  it('solves a square system exactly', () => {
    // 2a + b = 5, a − b = 1  →  a = 2, b = 1
    const { A, m, n } = design([[2, 1], [1, -1]]);
    const { x, rank } = lstsq(A, m, n, [5, 1]);
    expect(rank).toBe(2);
    expect(x[0]).toBeCloseTo(2, 15);
    expect(x[1]).toBeCloseTo(1, 15);
  });

  it('fits a straight line through three points by least squares', () => {
    // y = 0, 1, 3 at x = 0, 1, 2: slope 1.5, intercept -1/6.
    const { A, m, n } = vandermonde([0, 1, 2], 1);
    const { x, residualNorm } = lstsq(A, m, n, [0, 1, 3]);
    expect(x[0]).toBeCloseTo(-1 / 6, 15);
    expect(x[1]).toBeCloseTo(1.5, 15);
    expect(residualNorm).toBeCloseTo(norm(residual(A, m, n, x, [0, 1, 3])), 12);
  });

  it('does not modify its arguments', () => {
    const { A, m, n } = vandermonde([1, 2, 3, 4], 2);
    const copy = A.slice();
    const b = Float64Array.from([1, 4, 9, 16]);
    lstsq(A, m, n, b);
    expect(A).toEqual(copy);
    expect(Array.from(b)).toEqual([1, 4, 9, 16]);
  });

  it('gets NIST Longley (6 correlated predictors, higher difficulty) to >= 11 digits', () => {
    const c = nistCase('Longley');
    const d = nistData('Longley');
    const ones = new Float64Array(d.y!.length).fill(1);
    const { A, m, n } = design([ones, d.x1!, d.x2!, d.x3!, d.x4!, d.x5!, d.x6!]);
    const { x, rank } = lstsq(A, m, n, d.y!);
    expect(rank).toBe(7);
    c.params.forEach((p, k) => expect(lre(x[k], c.certified[p]), p).toBeGreaterThanOrEqual(11));
  });

  it.each(['Norris', 'Pontius'])('gets the NIST polynomial %s to >= 11 digits', (name) => {
    const c = nistCase(name);
    const d = nistData(name);
    const { A, m, n } = vandermonde(d.x!, c.degree!);
    const { x } = lstsq(A, m, n, d.y!);
    c.params.forEach((p, k) => expect(lre(x[k], c.certified[p]), p).toBeGreaterThanOrEqual(11));
  });

  it.each(['NoInt1', 'NoInt2'])('gets the NIST no-intercept line %s to >= 13 digits', (name) => {
    const c = nistCase(name);
    const d = nistData(name);
    const { A, m, n } = design([d.x!]);
    const { x } = lstsq(A, m, n, d.y!);
    expect(lre(x[0], c.certified.B1!)).toBeGreaterThanOrEqual(13);
  });

  it('fits a degree-10 polynomial on raw x in the hundreds: values to full accuracy, coefficients as far as the data determine them', () => {
    // x = 100..300. The unscaled Vandermonde has condition ~1e40, the normal equations would
    // square that; the column-scaled one has condition ~3e9. The reference is the exact
    // least-squares solution of these very doubles, computed in rational arithmetic. (Rounding
    // y to doubles already moves c0 from 3 to 4.7e10: the low-order coefficients are not
    // determined by data on [100, 300], only the combination the columns carry.)
    const coef = [3, -2, 1.5, 0.5, -0.25, 0.125, 0.0625, -1 / 32, 1 / 64, -1 / 128, 1 / 256];
    const exact = [
      46546749491.93577, -2734290634.411459, 71152748.75009441, -1080238.0783509035, 10597.757937924767, -70.10051013793783,
      0.3808980155885097, -0.032225717907978936, 0.01562693494756201, -0.007812502243322653, 0.0039062500011551975,
    ];
    const xs = Float64Array.from({ length: 82 }, (_, i) => 100 + (200 * i) / 81);
    const y = Float64Array.from(xs, (x) => poly(coef, x));
    const { A, m, n } = vandermonde(xs, 10);
    const { x, rank, scale } = lstsq(A, m, n, y);
    expect(rank).toBe(11);
    // Fitted values: relative residual at the rounding level of y itself.
    expect(norm(residual(A, m, n, x, y)) / norm(y)).toBeLessThan(1e-15);
    // Coefficients, measured by what each column contributes (the scaled variables): to about
    // eps · condition of the exact answer.
    const errScaled = Math.hypot(...exact.map((c, k) => (x[k] - c) * scale[k]));
    const sizeScaled = Math.hypot(...exact.map((c, k) => c * scale[k]));
    expect(errScaled / sizeScaled).toBeLessThan(1e-7);
    // The leading coefficients, which carry y, to 9 and 6 digits (numpy: 9.6 and 7.0).
    expect(lre(x[10], exact[10])).toBeGreaterThanOrEqual(9);
    expect(lre(x[9], exact[9])).toBeGreaterThanOrEqual(6);
  });

  it('fits a Filip-like problem (degree 10, x in [-9, -3], noisy y) with >= 7 digits in every coefficient', () => {
    // NIST's Filip is the hardest linear StRD problem. Here: Filip's certified curve plus a
    // small fixed pseudo-random noise, and the exact least-squares answer for these doubles
    // computed in rational arithmetic (numpy.polyfit gets 7.4 to 7.6 digits on it).
    const coef = [
      -1467.4896142298, -2772.17959193342, -2316.37108160893, -1127.97394098372, -354.478233703349, -75.1242017393757,
      -10.8753180355343, -1.06221498588947, -0.0670191154593408, -0.00246781078275479, -4.02962525080404e-5,
    ];
    const exact = [
      -1562.0539830980647, -2954.8379947095905, -2472.816204525607, -1206.1840567530214, -379.74395640790135, -80.63458749145806,
      -11.697017725564816, -1.1449513844659345, -0.07240400818068346, -0.002672456535431743, -4.3746293790959345e-5,
    ];
    const exactResidualNorm = 0.014805263351821177;
    const xs = Float64Array.from({ length: 82 }, (_, i) => -9 + (6 * i) / 81);
    const eps = noise(82, 7);
    const y = Float64Array.from(xs, (x, i) => poly(coef, x) + 0.003 * eps[i]);
    const { A, m, n } = vandermonde(xs, 10);
    const { x, rank, residualNorm } = lstsq(A, m, n, y);
    expect(rank).toBe(11);
    exact.forEach((c, k) => expect(lre(x[k], c), `c${k}`).toBeGreaterThanOrEqual(7));
    expect(lre(residualNorm, exactResidualNorm)).toBeGreaterThanOrEqual(6);
    expect(lre(norm(residual(A, m, n, x, y)), exactResidualNorm)).toBeGreaterThanOrEqual(8);
  });

  it('reports a rank-deficient design: a repeated column gets 0 and is named', () => {
    // Columns 1, x, 2·x: the third repeats the second.
    const xs = [1, 2, 3, 4, 5];
    const { A, m, n } = design([[1, 1, 1, 1, 1], xs, xs.map((v) => 2 * v)]);
    const y = [2.1, 3.9, 6.2, 7.8, 10.1];
    const sol = lstsq(A, m, n, y);
    expect(sol.rank).toBe(2);
    expect(sol.dependent).toHaveLength(1);
    expect(sol.x[sol.dependent[0]]).toBe(0);
    // The fitted values are still the least-squares line.
    const line = lstsq(...(Object.values(design([[1, 1, 1, 1, 1], xs])) as [Float64Array, number, number]), y);
    const fitted = residual(A, m, n, sol.x, y);
    const fittedLine = residual(design([[1, 1, 1, 1, 1], xs]).A, 5, 2, line.x, y);
    fitted.forEach((v, i) => expect(v).toBeCloseTo(fittedLine[i], 12));
  });

  it('handles an all-zero column as unidentifiable', () => {
    const { A, m, n } = design([[1, 2, 3], [0, 0, 0]]);
    const sol = lstsq(A, m, n, [2, 4, 6]);
    expect(sol.rank).toBe(1);
    expect(sol.dependent).toEqual([1]);
    expect(sol.x[0]).toBeCloseTo(2, 15);
  });
});
