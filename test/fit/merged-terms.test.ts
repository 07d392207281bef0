/**
 * Two terms merging (src/fit/merged-terms.ts): amplitudes huge, opposite and all but cancelling
 * over two curves that have become one. Found at such a point; not at an honest fit, nor where
 * two near curves cancel by a modest factor as the Bateman function's do.
 */
import { describe, expect, it } from 'vitest';
import { compileKernel, parse } from '../../src/expr/index.js';
import { mergedTerms } from '../../src/fit/merged-terms.js';

const x = Float64Array.from({ length: 200 }, (_, i) => (10 * i) / 199);

function rowsAt(model: string, names: string[], truth: number[]) {
  const kernel = compileKernel(parse(model), { params: names, columns: ['x'] });
  const y = new Float64Array(x.length);
  kernel.evaluate(Float64Array.from(truth), [x], x.length, y);
  return { kernel, rows: { cols: [x], y, w: null, n: x.length } };
}

describe('two terms merging', () => {
  const gaussians = 'A1*exp(-(x-m1)^2/(2*s1^2))+A2*exp(-(x-m2)^2/(2*s2^2))+c';
  const names = ['A1', 'm1', 's1', 'A2', 'm2', 's2', 'c'];
  const { kernel, rows } = rowsAt(gaussians, names, [3, 4, 0.6, 2, 5.2, 0.8, 0.2]);
  const linear = [0, 3, 6];

  it('two Gaussians at one place with amplitudes of ∓2.6e6: A1 and A2 have merged', () => {
    // Where a search of gradfit 0.1.0 ended on two overlapping peaks with 1% noise.
    const at = Float64Array.from([-2646828.689521722, 4.744893859859788, -0.7174912493877581, 2646831.7750609796, 4.744893499014241, 0.7174916937170491, 0.19974985015990096]);
    const merged = mergedTerms(kernel, rows, at, linear);
    expect(merged).not.toBeNull();
    expect([merged!.a, merged!.b]).toEqual([0, 3]);
    expect(merged!.ratio).toBeGreaterThan(1e5);
  });

  it('the honest fit of the same data: nothing merged', () => {
    expect(mergedTerms(kernel, rows, Float64Array.from([3, 4, 0.6, 2, 5.2, 0.8, 0.2]), linear)).toBeNull();
  });

  it('the same peak twice with its height split: one term in two, but nothing cancels', () => {
    expect(mergedTerms(kernel, rows, Float64Array.from([1.5, 4, 0.6, 1.5, 4, 0.6, 0.2]), linear)).toBeNull();
  });

  it('the Bateman function, a difference of two close decays (ka = 1.1, ke = 1): a true cancellation by a modest factor is no merging', () => {
    const bateman = rowsAt('a*exp(-ke*x)+b*exp(-ka*x)', ['a', 'ke', 'b', 'ka'], [11, 1, -11, 1.1]);
    expect(mergedTerms(bateman.kernel, bateman.rows, Float64Array.from([11, 1, -11, 1.1]), [0, 2])).toBeNull();
  });

  it('two decays of one rate with amplitudes ±1e6: they have merged (the pair tends to t·e^(−kt))', () => {
    const decays = rowsAt('a*exp(-k1*x)+b*exp(-k2*x)', ['a', 'k1', 'b', 'k2'], [1, 1, 1, 1]);
    const at = Float64Array.from([1e6, 1, -1e6 + 3, 1 + 1e-7]);
    expect(mergedTerms(decays.kernel, decays.rows, at, [0, 2])).not.toBeNull();
  });
});

describe('terms that cancel at a unique optimum', () => {
  it('1 and x of a line on x far from 0 (x in 10000..10010): nearly the same curve and cancelling 1700-fold, but no nonlinear parameter moves them', () => {
    const far = Float64Array.from({ length: 50 }, (_, i) => 10000 + i / 5);
    const kernel = compileKernel(parse('a + b*x + c*exp(-k*(x-10000))'), { params: ['a', 'b', 'c', 'k'], columns: ['x'] });
    const y = Float64Array.from(far, (v) => v - 10000 + 0.5 * Math.exp(-(v - 10000)));
    const rows = { cols: [far], y, w: null, n: far.length };
    expect(mergedTerms(kernel, rows, Float64Array.from([-10000, 1, 0.5, 1]), [0, 1, 2])).toBeNull();
  });
});
