/**
 * Where the data, not the parameters, put a model outside its domain: the smallest part of the
 * expression that involves no parameter (log(x), sqrt(T - 273), 1/x) and is not finite at a
 * row, where the model itself is not finite whatever the parameters. No start can fix such a
 * row; only leaving it out can (--where).
 */
import { compile, formatExpr, freeIdentifiers, postOrder, replaceIdents, type Node } from '../expr/index.js';
import { constant, noGrad } from '../engine/index.js';
import { modelConstantsShadowed } from './model.js';

/**
 * At a row: the value of a part of the model with the data columns at `values` and every other
 * name at `param`, and whether a part involves data columns and nothing else.
 */
function atRow(data: readonly string[], values: readonly number[], shadowed: ReadonlySet<string>) {
  const at = new Map(data.map((name, k) => [name, values[k]]));
  return {
    valueOf: (node: Node, param: number) => noGrad(() => compile(node, (name) => constant(at.get(name) ?? param), undefined, shadowed).item()),
    dataOnly: (node: Node) => {
      const names = freeIdentifiers(node, shadowed);
      return names.length > 0 && names.every((name) => at.has(name));
    },
  };
}

/** Values every parameter takes in turn to see whether the model is finite anywhere at the row. */
const TRIES = [1, -0.5, 2.7, 1e-3];

/**
 * The data-only part of `ast` that is not finite at a row (`values`: each data column's value
 * there), when the whole model is not finite there at any of a few parameter values; else null.
 */
export function dataOutsideDomain(ast: Node, data: readonly string[], values: readonly number[]): { expr: string; value: number; node: Node; divides: boolean } | null {
  const { valueOf, dataOnly } = atRow(data, values, modelConstantsShadowed(ast));
  // (A part the model steps around, as in `x > 0 ? log(x) : b`, is not to blame.)
  if (TRIES.some((p) => Number.isFinite(valueOf(ast, p)))) return null;
  for (const node of postOrder(ast)) {
    if (node.kind === 'num' || node.kind === 'ident') continue;
    // A division by a data-only part that is 0 there (a/(x - 2) at x = 2).
    if (node.kind === 'binary' && node.op === '/' && dataOnly(node.right) && valueOf(node.right, NaN) === 0) {
      return { expr: formatExpr(node.right), value: 0, node, divides: true };
    }
    if (!dataOnly(node)) continue;
    const value = valueOf(node, NaN);
    if (!Number.isFinite(value)) return { expr: formatExpr(node), value, node, divides: false };
  }
  return null;
}

/**
 * A power of a data-only base that is negative at a row, with a parameter in its exponent
 * (`x^b` at x = -3): real only for whole exponents, and even then its derivative with respect to
 * the exponent (x^b·log x) is not. Returns the base and the exponent as written, or null.
 */
export function negativeBase(ast: Node, data: readonly string[], values: readonly number[]): { base: string; exponent: string; value: number } | null {
  const shadowed = modelConstantsShadowed(ast);
  const { valueOf, dataOnly } = atRow(data, values, shadowed);
  for (const node of postOrder(ast)) {
    if (node.kind !== 'binary' || node.op !== '^' || !dataOnly(node.left)) continue;
    // (An exponent of data alone, or of numbers, is no parameter's to blame.)
    if (freeIdentifiers(node.right, shadowed).every((name) => data.includes(name))) continue;
    const value = valueOf(node.left, NaN);
    if (value < 0) return { base: formatExpr(node.left), exponent: formatExpr(node.right), value };
  }
  return null;
}

/**
 * A --where condition that keeps the rows where `node` (a data-only part found not finite) is
 * defined — log(D): D > 0, sqrt(D): D >= 0, a division by D: D != 0 — written with the columns'
 * names (`x` stands for the -x column, named `xName`); null when there is none to suggest.
 */
export function keepCondition(node: Node, xName: string): string | null {
  const named = (d: Node): string | null => {
    const renamed = replaceIdents(d, (id) => (id.name === 'x' ? { ...id, name: xName } : id));
    return freeIdentifiers(renamed).every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) ? formatExpr(renamed) : null;
  };
  const condition = (d: Node, test: string): string | null => {
    const text = named(d);
    return text === null ? null : `${text} ${test}`;
  };
  if (node.kind === 'call' && node.args.length === 1) {
    const arg = node.args[0];
    if (['log', 'ln', 'log10', 'log2'].includes(node.name)) return condition(arg, '> 0');
    if (node.name === 'sqrt') return condition(arg, '>= 0');
  }
  if (node.kind === 'binary' && node.op === '/') return condition(node.right, '!= 0');
  return null;
}
