/**
 * Long flat chains work end to end: the parser's loop builds them without recursion, and
 * every walker (identifiers, printing, compiling, the kernel) is iterative.
 */
import { describe, expect, it } from 'vitest';
import { column, scalar } from '../../src/engine/index.js';
import { compile } from '../../src/expr/compile.js';
import { formatExpr } from '../../src/expr/format.js';
import { freeIdentifiers } from '../../src/expr/identifiers.js';
import { compileKernel } from '../../src/expr/kernel.js';
import { parse } from '../../src/expr/parser.js';

const TERMS = 50_000;
const chain = Array.from({ length: TERMS }, () => 'x').join('+');

describe(`a chain of ${TERMS.toLocaleString('en')} terms, x+x+...+x`, () => {
  const node = parse(chain);

  it('is 100,000 characters long and parses', () => {
    expect(chain.length).toBe(2 * TERMS - 1);
    expect(node.kind).toBe('binary');
  });

  it('has one free identifier and prints back to the same text', () => {
    expect(freeIdentifiers(node)).toEqual(['x']);
    expect(formatExpr(node)).toBe(Array.from({ length: TERMS }, () => 'x').join(' + '));
  });

  it('compiles onto the engine and runs backward', () => {
    const x = scalar(0.5, { requiresGrad: true, label: 'x' });
    const y = compile(node, () => x);
    expect(y.item()).toBe(TERMS / 2);
    y.backward();
    expect(x.grad?.[0]).toBe(TERMS);
  });

  it('compiles into a kernel over parameters', () => {
    const g = new Float64Array(1);
    expect(compileKernel(node, { params: ['x'], columns: [] }).valueGrad(Float64Array.of(0.5), g)).toBe(TERMS / 2);
    expect(g[0]).toBe(TERMS);
  });

  it('compiles into a kernel over a data column, with derivatives', () => {
    const kernel = compileKernel(parse(chain.replaceAll('x', 'a*x')), { params: ['a'], columns: ['x'] });
    const x = Float64Array.of(1, 2);
    const r = new Float64Array(2);
    const J = new Float64Array(2);
    kernel.residuals(Float64Array.of(3), [x], Float64Array.of(0, 0), null, 2, r, J);
    expect([...r]).toEqual([3 * TERMS, 6 * TERMS]);
    expect([...J]).toEqual([TERMS, 2 * TERMS]);
    const expected = compile(parse(chain), () => column(x)).data;
    expect([...expected]).toEqual([TERMS, 2 * TERMS]);
  });
});
