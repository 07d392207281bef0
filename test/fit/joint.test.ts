/** The joint model of fit --group --shared (src/fit/joint.ts): names, the choice of a group's copy, linearity, starts. */
import { describe, expect, it } from 'vitest';
import { compileKernel } from '../../src/expr/index.js';
import { GROUP_CODE, groupParamName, jointModel, jointStart, sharedNames } from '../../src/fit/joint.js';
import { classifyModel, parseModel } from '../../src/fit/model.js';
import { linearParameters } from '../../src/fit/linearity.js';
import type { FitResult } from '../../src/fit/result.js';

const spec = classifyModel(parseModel('a*exp(-k*t) + c'), ['t', 'y']);

describe('jointModel', () => {
  it('parameters in model order, a per-group one as one copy per group, a shared one once; one more data column', () => {
    const joint = jointModel(spec, ['k'], ['A', 'B, late', 'C']);
    expect(joint.spec.params).toEqual(['a[A]', 'a[B, late]', 'a[C]', 'k', 'c[A]', 'c[B, late]', 'c[C]']);
    expect(joint.spec.data).toEqual(['t', GROUP_CODE]);
    expect(joint.perGroup).toEqual(['a', 'c']);
    expect(joint.copies('k')).toEqual(['k']);
    expect(joint.copies('c')).toEqual(['c[A]', 'c[B, late]', 'c[C]']);
  });

  it.each([1, 2, 3, 5, 8, 13])('with %i groups every row reads its own group\'s copies, and only those', (G) => {
    const values = Array.from({ length: G }, (_, g) => `g${g}`);
    const joint = jointModel(spec, ['k'], values);
    const kernel = compileKernel(joint.spec.ast, { params: joint.spec.params, columns: joint.spec.data });
    // a[g] = 10 + g, c[g] = 100·g, k = 0.5; one row per group at t = 1.
    const p = Float64Array.from(joint.spec.params, (name) => {
      const m = /^([ac])\[g(\d+)\]$/.exec(name);
      if (!m) return 0.5;
      return m[1] === 'a' ? 10 + Number(m[2]) : 100 * Number(m[2]);
    });
    const t = new Float64Array(G).fill(1);
    const code = Float64Array.from({ length: G }, (_, g) => g);
    const out = new Float64Array(G);
    kernel.evaluate(p, [t, code], G, out);
    for (let g = 0; g < G; g++) expect(out[g]).toBeCloseTo((10 + g) * Math.exp(-0.5) + 100 * g, 12);
  });

  it('a per-group amplitude and offset stay linear parameters; a per-group rate does not', () => {
    const joint = jointModel(spec, ['c'], ['A', 'B', 'C']);
    const linear = linearParameters(joint.spec.ast, joint.spec.params).map((k) => joint.spec.params[k]);
    expect(linear).toEqual(['a[A]', 'a[B]', 'a[C]', 'c']);
  });

  it('group values are written with their control characters escaped; two that then look alike are refused', () => {
    expect(groupParamName('k', 'x\x1by')).toBe('k[x\\x1by]');
    expect(() => jointModel(spec, ['c'], ['a\nb', 'a\\nb'])).toThrow(/written the same once their control characters are escaped/);
  });
});

describe('sharedNames', () => {
  it('in the model\'s order, whatever the order given', () => {
    expect(sharedNames('c, k', spec)).toEqual(['k', 'c']);
  });
  it.each([
    ['t', /'t' is a data column of the model/],
    ['q', /`shared` names 'q', which is not a parameter of the model \(its parameters are: a, k, c\)/],
    ['k,k', /`shared` names 'k' twice/],
    [' , ', /`shared` needs the names/],
  ])('refuses %j', (text, message) => {
    expect(() => sharedNames(text, spec)).toThrow(message);
  });
});

describe('jointStart', () => {
  const fitted = (a: number, k: number, c: number) => ({ params: { a, k, c } }) as unknown as FitResult;
  it('each group\'s copies from its own fit, a shared parameter from the median, a group not fitted from the median of the others', () => {
    const joint = jointModel(spec, ['k'], ['A', 'B', 'C', 'D']);
    const start = jointStart(joint, spec, [fitted(1, 0.1, 5), fitted(2, 0.3, 6), null, fitted(4, 0.2, 9)], new Map([['a', 99]]));
    expect(Object.fromEntries(start)).toEqual({ 'a[A]': 1, 'a[B]': 2, 'a[C]': 2, 'a[D]': 4, k: 0.2, 'c[A]': 5, 'c[B]': 6, 'c[C]': 6, 'c[D]': 9 });
  });
  it('no group fitted: --start, spread to every copy, and nothing else (the joint fit searches for the rest)', () => {
    const joint = jointModel(spec, ['k'], ['A', 'B']);
    expect(Object.fromEntries(jointStart(joint, spec, [null, null], new Map([['a', 3], ['k', 0.5]])))).toEqual({ 'a[A]': 3, 'a[B]': 3, k: 0.5 });
  });
});
