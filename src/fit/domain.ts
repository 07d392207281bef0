/**
 * Where the data, not the parameters, put a model outside its domain: the smallest part of the
 * expression that involves no parameter (log(x), sqrt(T - 273), 1/x) and is not finite at a
 * row. No start can fix such a row; only leaving it out can (--where).
 */
import { compile, formatExpr, freeIdentifiers, postOrder, type Node } from '../expr/index.js';
import { constant, noGrad } from '../engine/index.js';

/** The data-only part of `ast` that is not finite at a row (`values`: each data column's value there), or null. */
export function dataOutsideDomain(ast: Node, data: readonly string[], values: readonly number[]): { expr: string; value: number } | null {
  const at = new Map(data.map((name, k) => [name, values[k]]));
  for (const node of postOrder(ast)) {
    if (node.kind === 'num' || node.kind === 'ident') continue;
    const names = freeIdentifiers(node);
    if (names.length === 0 || !names.every((name) => at.has(name))) continue;
    const value = noGrad(() => compile(node, (name) => constant(at.get(name) ?? NaN)).item());
    if (!Number.isFinite(value)) return { expr: formatExpr(node), value };
  }
  return null;
}
