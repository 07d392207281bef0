/**
 * A term the data do not show (src/fit/unsupported-terms.ts): a spare peak of a model with one
 * peak more than its data hold, shrunk to a spike on one row or to a blip on the noise. Not an
 * honest term, however large its own standard error (Arrhenius' A), nor a term whose shape is
 * fixed by another (b of a·sin(w·x) + b·cos(w·x) with b near zero).
 */
import { describe, expect, it } from 'vitest';
import { compileKernel, parse } from '../../src/expr/index.js';
import { Projector } from '../../src/fit/separable.js';
import { unsupportedTerm } from '../../src/fit/unsupported-terms.js';
import { seededNoise as noise } from './seeded-noise.js';

function problem(model: string, names: string[], linear: number[], x: Float64Array, y: Float64Array, column = 'x') {
  const kernel = compileKernel(parse(model), { params: names, columns: [column] });
  const rows = { cols: [x], y, w: null, n: x.length };
  /** The linear parameters solved at the given nonlinear ones, as a fit ends. */
  const solved = (p: number[]) => new Projector(kernel, linear, rows).project(Float64Array.from(p))!.params;
  const look = (params: Float64Array) => unsupportedTerm(kernel, rows, params, linear, { stderr: names.map(() => null), rankLost: true });
  return { solved, look };
}

describe('a peak more than the data hold', () => {
  // Two Gaussians (at 30 and 60) in 2% noise, 500 rows over 0..100, fitted with three.
  const x = Float64Array.from({ length: 500 }, (_, i) => (100 * i) / 499 + 0.01 * Math.sin(i));
  const e = noise(x.length, 0.1);
  const y = Float64Array.from(x, (v, i) => 5 * Math.exp(-((v - 30) ** 2) / 18) + 3 * Math.exp(-((v - 60) ** 2) / 32) + 0.5 + e[i]);
  const three = 'a1*exp(-(x-m1)^2/(2*s1^2))+a2*exp(-(x-m2)^2/(2*s2^2))+a3*exp(-(x-m3)^2/(2*s3^2))+c';
  const { solved, look } = problem(three, ['a1', 'm1', 's1', 'a2', 'm2', 's2', 'a3', 'm3', 's3', 'c'], [0, 3, 6, 9], x, y);

  it('the third peak shrunk onto the row with the largest residual (width 1e-6): a spike on one row', () => {
    const worst = e.reduce((k, v, i) => (Math.abs(v) > Math.abs(e[k]) ? i : k), 0);
    const term = look(solved([0, 30, 3, 0, 60, 4, 0, x[worst], 1e-6, 0]));
    expect(term?.kind).toBe('spike');
    expect(term?.amplitude).toBe(6);
    // (Its width no longer moves it: nudged by a thousandth it is still one row wide.)
    expect(term?.shape).toEqual([7]);
    expect(term?.peakRow).toBe(worst);
  });

  it('the third peak as a blip of a few rows on the noise (width 0.3): not shown by the data', () => {
    const term = look(solved([0, 30, 3, 0, 60, 4, 0, 80, 0.3, 0]));
    expect(term?.kind).toBe('weak');
    expect(term?.amplitude).toBe(6);
    expect(term!.gain!).toBeLessThan(25);
  });

  it("a third peak in the same place as the first (the first's height split in two): the third is not needed, so not shown either", () => {
    expect(look(solved([0, 30, 3, 0, 60, 4, 0, 30, 3, 0]))?.kind).toBe('weak');
  });

  it('three peaks the data hold, the third small (1 high in noise of 0.1), fitted with three: nothing to say', () => {
    const y3 = Float64Array.from(y, (v, i) => v + Math.exp(-((x[i] - 85) ** 2) / 8));
    const three3 = problem(three, ['a1', 'm1', 's1', 'a2', 'm2', 's2', 'a3', 'm3', 's3', 'c'], [0, 3, 6, 9], x, y3);
    expect(three3.look(three3.solved([0, 30, 3, 0, 60, 4, 0, 85, 2, 0]))).toBeNull();
  });

  it('the two peaks the data hold, fitted with two: nothing to say', () => {
    const two = problem('a1*exp(-(x-m1)^2/(2*s1^2))+a2*exp(-(x-m2)^2/(2*s2^2))+c', ['a1', 'm1', 's1', 'a2', 'm2', 's2', 'c'], [0, 3, 6], x, y);
    expect(two.look(two.solved([0, 30, 3, 0, 60, 4, 0]))).toBeNull();
  });
});

describe('terms the data show, however loose their amplitude', () => {
  it("Arrhenius' A, of 1e9 ± 5e8 (it moves with Ea), is far from zero once Ea is held", () => {
    const T = Float64Array.from({ length: 12 }, (_, i) => 300 + 10 * i);
    const e = noise(T.length, 0.02, 7);
    const k = Float64Array.from(T, (t, i) => 1e9 * Math.exp(-60000 / (8.314 * t)) * (1 + e[i]));
    const { solved, look } = problem('A*exp(-Ea/(8.314*T))', ['A', 'Ea'], [0], T, k, 'T');
    expect(look(solved([0, 60000]))).toBeNull();
  });

  it('b of a·sin(w·x) + b·cos(w·x) near zero: w is fixed by the sine, so b ≈ 0 is an answer', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i / 10);
    const e = noise(x.length, 0.05, 99);
    const y = Float64Array.from(x, (v, i) => 2 * Math.sin(1.3 * v) + e[i]);
    const { solved, look } = problem('a*sin(w*x)+b*cos(w*x)', ['a', 'w', 'b'], [0, 2], x, y);
    const at = solved([0, 1.3, 0]);
    expect(Math.abs(at[2])).toBeLessThan(0.05);
    expect(look(at)).toBeNull();
  });

  it('a weak second phase of a biexponential (a tenth of the first, 1% noise) is shown', () => {
    const t = Float64Array.from({ length: 40 }, (_, i) => i / 4);
    const e = noise(t.length, 0.01, 3);
    const y = Float64Array.from(t, (v, i) => Math.exp(-2 * v) + 0.1 * Math.exp(-0.2 * v) + e[i]);
    const { solved, look } = problem('a1*exp(-k1*t)+a2*exp(-k2*t)', ['a1', 'k1', 'a2', 'k2'], [0, 2], t, y, 't');
    expect(look(solved([0, 2, 0, 0.2]))).toBeNull();
  });
});
