/**
 * The fused kernel against the engine (the oracle): same values, same derivatives, on
 * random expressions; and the guarantee that no user text reaches the generated code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { column, jacobian, mul, scalar, sub, sum, type Tensor } from '../../src/engine/index.js';
import type { Node } from '../../src/expr/ast.js';
import { compile } from '../../src/expr/compile.js';
import { ExprError } from '../../src/expr/errors.js';
import { compileKernel, KernelInputError, KernelLayoutError, type KernelLayout } from '../../src/expr/kernel.js';
import { parse } from '../../src/expr/parser.js';
import { arbitraryAst } from './helpers.js';

// ---- the engine as oracle ---------------------------------------------------------------

interface Oracle {
  /** Model value per row (a model without columns is broadcast). */
  f: Float64Array;
  /** jac[q][i] = ∂f_i/∂p_q. */
  jac: Float64Array[];
  /** Σ (w_i (f_i − y_i))² and its gradient, by backward(). */
  loss: number;
  lossGrad: Float64Array;
  /**
   * The sizes of the terms each derivative is a sum of, for the tolerance: a derivative sums
   * one product per use of the parameter (and, for the loss, per row). Where those terms
   * cancel, the kernel and the engine may add them in another order and differ by rounding
   * relative to the terms, not to the result. jacScale[q][i] = Σ_uses |∂f_i/∂use|;
   * lossGradScale[q] = Σ_i Σ_uses |2 w_i r_i ∂f_i/∂use|.
   */
  jacScale: Float64Array[];
  lossGradScale: Float64Array;
}

function oracle(node: Node, layout: KernelLayout, p: Float64Array, cols: Float64Array[], y: Float64Array, w: Float64Array | null): Oracle {
  const n = y.length;
  const leaves = layout.params.map((name, q) => scalar(p[q], { requiresGrad: true, label: name }));
  const columnOf = (name: string): Tensor => column(cols[layout.columns.indexOf(name)]);
  const model = compile(node, (name) => leaves[layout.params.indexOf(name)] ?? columnOf(name));
  const f = model.isScalar ? new Float64Array(n).fill(model.item()) : model.data;
  const jac = jacobian(model, leaves, { rows: n });
  let r = sub(model, column(y));
  if (w !== null) r = mul(column(w), r);
  const loss = sum(mul(r, r));
  if (loss.requiresGrad) loss.backward();
  const lossGrad = Float64Array.from(leaves, (leaf) => leaf.grad?.[0] ?? 0);

  const split = splitUses(node, layout.params);
  const useLeaves = split.owner.map((q) => scalar(p[q], { requiresGrad: true }));
  const useModel = compile(split.node, (name) => useLeaves[split.names.indexOf(name)] ?? columnOf(name));
  const useJac = jacobian(useModel, useLeaves, { rows: n });
  const jacScale = layout.params.map(() => new Float64Array(n));
  const lossGradScale = new Float64Array(layout.params.length);
  useJac.forEach((col, u) => {
    const q = split.owner[u];
    for (let i = 0; i < n; i++) {
      const wi = w === null ? 1 : w[i];
      jacScale[q][i] += Math.abs(col[i]);
      lossGradScale[q] += Math.abs(2 * wi * wi * (f[i] - y[i]) * col[i]);
    }
  });
  return { f, jac, loss: loss.item(), lossGrad, jacScale, lossGradScale };
}

/** The tree with every use of a parameter renamed apart (`a#0`, `a#1`, ...), and whose parameter each use is. */
function splitUses(node: Node, params: readonly string[]): { node: Node; names: string[]; owner: number[] } {
  const names: string[] = [];
  const owner: number[] = [];
  const rename = (n: Node): Node => {
    switch (n.kind) {
      case 'num':
        return n;
      case 'ident': {
        const q = params.indexOf(n.name);
        if (q < 0) return n;
        names.push(`${n.name}#${names.length}`);
        owner.push(q);
        return { ...n, name: names[names.length - 1] };
      }
      case 'unary':
        return { ...n, arg: rename(n.arg) };
      case 'binary':
        return { ...n, left: rename(n.left), right: rename(n.right) };
      case 'call':
        return { ...n, args: n.args.map(rename) };
      case 'cond':
        return { ...n, test: rename(n.test), ifTrue: rename(n.ifTrue), ifFalse: rename(n.ifFalse) };
    }
  };
  return { node: rename(node), names, owner };
}

/**
 * Equal within 1e-12 relative to the larger of the result and `scale` (the size of the
 * terms it is a sum of), compared only where both are finite. Below 1e-290 (subnormal, or
 * nearly: the digits are gone whatever the order of operations) within 1e-290.
 */
function expectAgree(actual: number, expected: number, what: string, scale = 0): void {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return;
  const size = Math.max(Math.abs(actual), Math.abs(expected), Number.isFinite(scale) ? scale : 0);
  if (!(Math.abs(actual - expected) <= Math.max(1e-12 * size, 1e-290))) {
    expect.fail(`${what}: kernel ${actual}, engine ${expected}, terms of size ${scale}`);
  }
}

/** Bit-for-bit equal (NaN equals NaN): the forward pass does the very same arithmetic. */
function expectSame(actual: number, expected: number, what: string): void {
  if (!Object.is(actual, expected) && !(Number.isNaN(actual) && Number.isNaN(expected))) {
    expect.fail(`${what}: kernel ${actual}, engine ${expected}`);
  }
}

// ---- random cases ---------------------------------------------------------------------------

const PARAMS = ['a', 'b', 'k'];
const COLUMNS = ['x', 't'];
/** No subnormal inputs: products of them keep too few digits to compare at 1e-12. */
const normal = (v: number): number => (Math.abs(v) < 1e-100 ? 0 : v);
const value = fc.double({ min: -2, max: 2, noNaN: true }).map(normal);
const astNumbers = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 3, noNaN: true }).map(normal));

const rowCase = fc
  .record({ paramCount: fc.integer({ min: 2, max: 3 }), columnCount: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 5 }) })
  .chain(({ paramCount, columnCount, n }) => {
    const layout: KernelLayout = { params: PARAMS.slice(0, paramCount), columns: COLUMNS.slice(0, columnCount) };
    const rows = (min = -2): fc.Arbitrary<Float64Array> =>
      fc.array(fc.double({ min, max: 2, noNaN: true }).map(normal), { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
    return fc.record({
      layout: fc.constant(layout),
      node: arbitraryAst({ names: [...layout.params, ...layout.columns], numbers: astNumbers }),
      p: fc.array(value, { minLength: paramCount, maxLength: paramCount }).map((v) => Float64Array.from(v)),
      cols: fc.tuple(...layout.columns.map(() => rows())),
      y: rows(),
      w: fc.option(rows(0.1), { nil: null }),
    });
  });

describe('the kernel agrees with the engine on random expressions', () => {
  it('evaluate, residuals (with J) and sumSquares (with g)', () => {
    fc.assert(
      fc.property(rowCase, ({ layout, node, p, cols, y, w }) => {
        const n = y.length;
        const P = layout.params.length;
        const kernel = compileKernel(node, layout);
        const expected = oracle(node, layout, p, cols, y, w);

        const out = new Float64Array(n);
        kernel.evaluate(p, cols, n, out);
        out.forEach((v, i) => expectSame(v, expected.f[i], `f[${i}]`));

        const r = new Float64Array(n);
        const J = new Float64Array(n * P).fill(Number.NaN);
        kernel.residuals(p, cols, y, w, n, r, J);
        for (let i = 0; i < n; i++) {
          const wi = w === null ? 1 : w[i];
          expectSame(r[i], w === null ? expected.f[i] - y[i] : wi * (expected.f[i] - y[i]), `r[${i}]`);
          for (let q = 0; q < P; q++) {
            expectAgree(J[i + q * n], wi * expected.jac[q][i], `J[${i}, ${layout.params[q]}]`, wi * expected.jacScale[q][i]);
          }
        }

        const g = new Float64Array(P).fill(Number.NaN);
        expectAgree(kernel.sumSquares(p, cols, y, w, n, g), expected.loss, 'sum of squares');
        expectAgree(kernel.sumSquares(p, cols, y, w, n, null), expected.loss, 'sum of squares without g');
        for (let q = 0; q < P; q++) expectAgree(g[q], expected.lossGrad[q], `g[${layout.params[q]}]`, expected.lossGradScale[q]);
      }),
      { numRuns: 200 },
    );
  });

  it('valueGrad on expressions of parameters only', () => {
    const layout: KernelLayout = { params: PARAMS, columns: [] };
    const valueCase = fc.record({
      node: arbitraryAst({ names: PARAMS, numbers: astNumbers }),
      p: fc.array(value, { minLength: 3, maxLength: 3 }).map((v) => Float64Array.from(v)),
    });
    fc.assert(
      fc.property(valueCase, ({ node, p }) => {
        const leaves = PARAMS.map((name, q) => scalar(p[q], { requiresGrad: true, label: name }));
        const f = compile(node, (name) => leaves[PARAMS.indexOf(name)]);
        if (f.requiresGrad) f.backward();
        const { jacScale } = oracle(node, layout, p, [], new Float64Array(1), null);
        const g = new Float64Array(3).fill(Number.NaN);
        const v = compileKernel(node, layout).valueGrad(p, g);
        expectSame(v, f.item(), 'value');
        leaves.forEach((leaf, q) => expectAgree(g[q], leaf.grad?.[0] ?? 0, `g[${PARAMS[q]}]`, jacScale[q][0]));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- examples -----------------------------------------------------------------------------------

describe('examples', () => {
  it('Rosenbrock at (-1.2, 1): value 24.2, gradient (-215.6, -88)', () => {
    const kernel = compileKernel(parse('(1-x)^2 + 100*(y-x^2)^2'), { params: ['x', 'y'], columns: [] });
    const g = new Float64Array(2);
    expect(kernel.valueGrad(Float64Array.of(-1.2, 1), g)).toBeCloseTo(24.2, 12);
    expect(g[0]).toBeCloseTo(-215.6, 10);
    expect(g[1]).toBeCloseTo(-88, 10);
  });

  it('w*x+b: residuals and the Jacobian columns [x, 1]', () => {
    const kernel = compileKernel(parse('w*x+b'), { params: ['w', 'b'], columns: ['x'] });
    const x = Float64Array.of(1, 2, 3);
    const y = Float64Array.of(3, 5, 8);
    const r = new Float64Array(3);
    const J = new Float64Array(6);
    kernel.residuals(Float64Array.of(2, 1), [x], y, null, 3, r, J);
    expect([...r]).toEqual([0, 0, -1]);
    expect([...J]).toEqual([1, 2, 3, 1, 1, 1]);
  });

  it('weights multiply residuals and Jacobian rows; the sum of squares squares them', () => {
    const kernel = compileKernel(parse('a*x'), { params: ['a'], columns: ['x'] });
    const x = Float64Array.of(1, 2);
    const y = Float64Array.of(0, 0);
    const w = Float64Array.of(3, 0.5);
    const r = new Float64Array(2);
    const J = new Float64Array(2);
    kernel.residuals(Float64Array.of(2), [x], y, w, 2, r, J);
    expect([...r]).toEqual([6, 2]);
    expect([...J]).toEqual([3, 1]);
    const g = new Float64Array(1);
    expect(kernel.sumSquares(Float64Array.of(2), [x], y, w, 2, g)).toBe(40);
    expect(g[0]).toBe(2 * (6 * 3 + 2 * 1));
  });

  it('gives zero derivatives for parameters the expression does not use, overwriting J and g', () => {
    const kernel = compileKernel(parse('a*x'), { params: ['unused', 'a'], columns: ['x'] });
    const J = new Float64Array(4).fill(7);
    kernel.residuals(Float64Array.of(5, 2), [Float64Array.of(1, 2)], Float64Array.of(0, 0), null, 2, new Float64Array(2), J);
    expect([...J]).toEqual([0, 0, 1, 2]);
    const g = new Float64Array(2).fill(7);
    kernel.sumSquares(Float64Array.of(5, 2), [Float64Array.of(1, 2)], Float64Array.of(0, 0), null, 2, g);
    expect([...g]).toEqual([0, 2 * (2 * 1 + 4 * 2)]);
  });

  it('handles a model that reads no column (every row is the same)', () => {
    const kernel = compileKernel(parse('c^2'), { params: ['c'], columns: ['x'] });
    const r = new Float64Array(3);
    const J = new Float64Array(3);
    kernel.residuals(Float64Array.of(3), [new Float64Array(3)], Float64Array.of(1, 2, 3), null, 3, r, J);
    expect([...r]).toEqual([8, 7, 6]);
    expect([...J]).toEqual([6, 6, 6]);
  });

  it('follows the engine at the edges: abs\'(0) = 0, d/db a^b is 0 at a = 0 and NaN for a < 0', () => {
    const kernel = compileKernel(parse('abs(a) + x^b'), { params: ['a', 'b'], columns: ['x'] });
    const J = new Float64Array(4);
    kernel.residuals(Float64Array.of(0, 2), [Float64Array.of(0, -1)], new Float64Array(2), null, 2, new Float64Array(2), J);
    expect(J[0]).toBe(0);
    expect(J[2]).toBe(0);
    expect(J[3]).toBeNaN();
  });

  it('gives a branch of ?:, min or max not taken no derivative, even where its own is NaN or infinite', () => {
    // At x <= k the branch sqrt(x - k) is not taken; its derivative there is NaN or Infinity.
    const layout = { params: ['a', 'k'], columns: ['x'] };
    const x = Float64Array.of(-1, 0, 1, 5);
    const y = new Float64Array(4);
    const p = Float64Array.of(2, 1);
    for (const source of ['x > k ? a*sqrt(x - k) : 0', 'x <= k ? 0 : a*sqrt(x - k)', 'max(0, x - k) == 0 ? 0 : a*sqrt(max(0, x - k))']) {
      const node = parse(source);
      const kernel = compileKernel(node, layout);
      const J = new Float64Array(8);
      kernel.residuals(p, [x], y, null, 4, new Float64Array(4), J);
      const expected = oracle(node, layout, p, [x], y, null);
      const plain = (values: ArrayLike<number>): number[] => Array.from(values, (v) => v + 0); // -0 → 0
      expect(plain(J.subarray(0, 4))).toEqual([0, 0, 0, 2]);
      expect(plain(J.subarray(4))).toEqual([0, 0, 0, -0.5]);
      for (let q = 0; q < 2; q++) expect(plain(J.subarray(4 * q, 4 * q + 4))).toEqual(plain(expected.jac[q]));
      const g = new Float64Array(2);
      kernel.sumSquares(p, [x], y, null, 4, g);
      expect(plain(g)).toEqual(plain(expected.lossGrad));
    }
  });

  it('keeps a zero adjoint zero for a hoisted branch not taken on any row', () => {
    // sqrt(k) with k < 0 is NaN and so is its derivative; no row takes that branch.
    const node = parse('x > 0 ? sqrt(k) : a*x');
    const layout = { params: ['a', 'k'], columns: ['x'] };
    const kernel = compileKernel(node, layout);
    const p = Float64Array.of(3, -1);
    const x = Float64Array.of(-1, -2);
    const J = new Float64Array(4);
    kernel.residuals(p, [x], new Float64Array(2), null, 2, new Float64Array(2), J);
    expect([...J]).toEqual([-1, -2, 0, 0]);
    const g = new Float64Array(2);
    kernel.sumSquares(p, [x], new Float64Array(2), null, 2, g);
    expect([...g]).toEqual([2 * (-3 * -1) + 2 * (-6 * -2), 0]);
    expect([...g]).toEqual([...oracle(node, layout, p, [x], new Float64Array(2), null).lossGrad]);
  });

  it('keeps a zero adjoint zero in a sweep over parameters only (valueGrad)', () => {
    const layout = { params: ['k', 'a'], columns: [] };
    for (const source of ['k > 0 ? sqrt(k) : a^2', 'max(a^2, -1/(k + 1))', 'k <= 0 ? a^2 : sqrt(k)']) {
      const g = new Float64Array(2);
      expect(compileKernel(parse(source), layout).valueGrad(Float64Array.of(-1, 3), g)).toBe(9);
      expect([...g].map((v) => v + 0)).toEqual([0, 6]);
    }
  });

  it('computes erf, erfc and the comparisons as the engine does, to the bit', () => {
    const node = parse('erf(a*x) + erfc(x/k) * (x >= a) + (x != k || !a) - log10(k) * atan2(x, a)');
    const layout = { params: ['a', 'k'], columns: ['x'] };
    const x = Float64Array.from({ length: 50 }, (_, i) => (i - 25) / 5);
    const p = Float64Array.of(0.7, 1.3);
    const out = new Float64Array(50);
    compileKernel(node, layout).evaluate(p, [x], 50, out);
    const expected = oracle(node, layout, p, [x], new Float64Array(50), null).f;
    out.forEach((v, i) => expectSame(v, expected[i], `f[${i}]`));
  });

  it('computes what depends on parameters only once, before the loop over rows', () => {
    const source = compileKernel(parse('a*exp(-k*x) + sqrt(c)'), { params: ['a', 'k', 'c'], columns: ['x'] }).source;
    const evaluate = source.slice(0, source.indexOf('// residuals'));
    const loop = evaluate.indexOf('for (');
    expect(evaluate.indexOf('Math.sqrt')).toBeLessThan(loop);
    expect(evaluate.indexOf('Math.exp')).toBeGreaterThan(loop);
    expect(evaluate.slice(loop)).not.toContain('p[');
  });
});

// ---- what reaches the generated code ----------------------------------------------------------------

describe('generated code', () => {
  const hostile = ['constructor', '__proto__', 'toString', 'process', 'require', 'return', 'eval', 'Function', 'globalThis', 'this'];

  it('treats names like constructor, __proto__, process or return as plain names, never writing them into the code', () => {
    const params = hostile.slice(0, 5);
    const columns = hostile.slice(5);
    const source = `${params.join(' + ')} * (${columns.join(' - ')})`;
    const node = parse(source);
    const kernel = compileKernel(node, { params, columns });
    const p = Float64Array.of(1, 2, 3, 4, 5);
    const cols = columns.map((_, j) => Float64Array.of(j + 1, 10 * (j + 1)));
    const out = new Float64Array(2);
    kernel.evaluate(p, cols, 2, out);
    const x = (j: number, i: number): number => cols[j][i];
    for (let i = 0; i < 2; i++) {
      expect(out[i]).toBe(1 + 2 + 3 + 4 + 5 * (x(0, i) - x(1, i) - x(2, i) - x(3, i) - x(4, i)));
    }
    const generated = kernel.source;
    for (const name of hostile) expect(generated).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('writes only its own vocabulary: fixed keywords, numbered variables, Math functions and numbers', () => {
    const source = compileKernel(parse('A_very_long_name*exp(-rate*time) + sin(phase)^2 - 1.5e-7/offset'), {
      params: ['A_very_long_name', 'rate', 'phase', 'offset'],
      columns: ['time'],
    }).source;
    const code = source.replace(/^\/\/.*$/gm, '');
    const words = new Set(code.match(/[A-Za-z_$][\w$]*/g));
    const vocabulary = /^(use|strict|const|let|for|n|i|p|cols|y|w|out|deriv|m|res|r|s|wi|fill|NaN|Math|exp|log|sqrt|abs|sin|cos|tan|atan|tanh|e|[tadADgjoc]\d+(_\d+)?)$/;
    for (const word of words) expect(word).toMatch(vocabulary);
  });

  it('writes only its own vocabulary with every function and operator of the language', () => {
    const names = ['A_very_long_name', 'rate', 'phase', 'offset', 'min', 'erf'];
    const text = [
      'log10(A_very_long_name) + log2(rate) + sinh(phase) + cosh(offset) + asinh(min) + acosh(erf) + atanh(time)',
      'asin(rate) + acos(phase) + erf(offset) + erfc(time) + atan2(min, erf) + min(min, erf) + max(rate, time)',
      'hypot(phase, offset) + pow(rate, time) + (time < rate) + (min <= erf) + (time > phase) + (time >= 1)',
      '(min == erf) + (rate != time) + (min && erf || !time) + (time > 0 ? min : -erf) + rate^2 + phase^time',
    ].join(' + ');
    const source = compileKernel(parse(text), { params: names, columns: ['time'] }).source;
    const code = source.replace(/^\/\/.*$/gm, '');
    const words = new Set(code.match(/[A-Za-z_$][\w$]*/g));
    const vocabulary =
      /^(use|strict|const|let|for|n|i|p|cols|y|w|out|deriv|m|res|r|s|wi|fill|NaN|Math|log|log10|log2|LN10|LN2|sqrt|exp|sinh|cosh|asinh|acosh|atanh|asin|acos|atan2|min|max|hypot|pw|erf|erfc|[tadADgjoc]\d+(_\d+)?)$/;
    for (const word of words) expect(word).toMatch(vocabulary);
    for (const name of ['A_very_long_name', 'rate', 'phase', 'offset', 'time']) expect(code).not.toContain(name);
    // min and erf, written as names, become p[4] and p[5]; as functions, fixed code.
    expect(code).toContain('p[4]');
    expect(code).toContain('p[5]');
  });

  it('property: whatever the names and the tree, the code holds only its own vocabulary', () => {
    const vocabulary =
      /^(use|strict|const|let|for|n|i|p|cols|y|w|out|deriv|m|res|r|s|wi|fill|NaN|Math|exp|log|log10|log2|LN10|LN2|sqrt|abs|sin|cos|tan|atan|tanh|sinh|cosh|asinh|acosh|atanh|asin|acos|atan2|min|max|hypot|pw|erf|erfc|e|[tadADgjoc]\d+(_\d+)?)$/;
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/).filter((n) => n !== 'pi' && n !== 'e');
    const treeCase = fc.uniqueArray(name, { minLength: 2, maxLength: 5 }).chain((names) =>
      fc.record({ names: fc.constant(names), split: fc.integer({ min: 1, max: names.length - 1 }), node: arbitraryAst({ names, maxDepth: 5 }) }),
    );
    fc.assert(
      fc.property(treeCase, ({ names, split, node }) => {
        const code = compileKernel(node, { params: names.slice(0, split), columns: names.slice(split) }).source.replace(/^\/\/.*$/gm, '');
        for (const word of new Set(code.match(/[A-Za-z_$][\w$]*/g))) expect(word).toMatch(vocabulary);
      }),
      { numRuns: 150 },
    );
  });

  it('prints numbers so that they read back exactly', () => {
    const values = [0.1, 1 / 3, 1e-300, 5e-324, 1.7976931348623157e308, 123456789012345680000, 2 ** 53 + 2, -0.1, -0, -5e-324];
    for (const v of values) {
      const node: Node = { kind: 'num', value: v, span: { start: 0, end: 0 } };
      const out = new Float64Array(1);
      compileKernel(node, { params: [], columns: [] }).evaluate(new Float64Array(0), [], 1, out);
      expect(Object.is(out[0], v)).toBe(true);
    }
  });

  it('keeps large models in a scratch array and still agrees with the engine', () => {
    const terms = Array.from({ length: 600 }, (_, k) => `${k % 3 === 0 ? 'a' : 'b'}*sin(${k}*x)`);
    const node = parse(terms.join(' + '));
    const layout = { params: ['a', 'b'], columns: ['x'] };
    const kernel = compileKernel(node, layout);
    expect(kernel.source).toContain('m[');
    const p = Float64Array.of(0.5, -1.5);
    const cols = [Float64Array.of(0.1, 0.2, 0.3)];
    const y = Float64Array.of(1, 2, 3);
    const expected = oracle(node, layout, p, cols, y, null);
    const r = new Float64Array(3);
    const J = new Float64Array(6);
    kernel.residuals(p, cols, y, null, 3, r, J);
    r.forEach((v, i) => expectAgree(v, expected.f[i] - y[i], `r[${i}]`));
    for (let q = 0; q < 2; q++) for (let i = 0; i < 3; i++) expectAgree(J[i + 3 * q], expected.jac[q][i], `J[${i}, ${q}]`);
  });
});

// ---- errors -----------------------------------------------------------------------------------------------

describe('errors', () => {
  it('reports a name that is neither a parameter nor a column as an ExprError with its column', () => {
    const source = 'a*x + q';
    const call = (): unknown => compileKernel(parse(source), { params: ['a'], columns: ['x'] }, source);
    expect(call).toThrow(ExprError);
    expect(call).toThrow("unknown name 'q' at column 7: it is neither a parameter nor a data column");
  });

  it('rejects a layout that names something twice', () => {
    expect(() => compileKernel(parse('x'), { params: ['x'], columns: ['x'] })).toThrow(KernelLayoutError);
    expect(() => compileKernel(parse('x'), { params: ['x', 'x'], columns: [] })).toThrow(KernelLayoutError);
  });

  it('checks buffer sizes instead of reading past the end', () => {
    const kernel = compileKernel(parse('a*x'), { params: ['a'], columns: ['x'] });
    const p = Float64Array.of(1);
    expect(() => kernel.evaluate(p, [new Float64Array(2)], 3, new Float64Array(3))).toThrow(KernelInputError);
    expect(() => kernel.evaluate(p, [], 1, new Float64Array(1))).toThrow("column 0 ('x') is missing");
    expect(() => kernel.residuals(p, [new Float64Array(2)], new Float64Array(2), null, 2, new Float64Array(2), new Float64Array(1))).toThrow(
      'J has 1 entries but 2 are needed',
    );
    expect(() => kernel.evaluate(p, [new Float64Array(2)], 1.5, new Float64Array(2))).toThrow(KernelInputError);
  });

  it('refuses valueGrad for an expression that reads a column', () => {
    const kernel = compileKernel(parse('a*x'), { params: ['a'], columns: ['x'] });
    expect(() => kernel.valueGrad(Float64Array.of(1), new Float64Array(1))).toThrow('reads x');
  });
});
