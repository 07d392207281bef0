/** The free identifiers of an expression: the names a caller must bind. */
import type { Node } from './ast.js';
import { CONSTANTS } from './functions.js';
import { postOrder } from './walk.js';

/**
 * Identifiers in order of first appearance, each once, without the constants `pi` and `e`
 * (unless `shadowed` names them: a fit model's parameter `e`, fit/model.ts).
 */
export function freeIdentifiers(node: Node, shadowed: ReadonlySet<string> = NONE): string[] {
  const seen = new Set<string>();
  for (const n of postOrder(node)) {
    if (n.kind === 'ident' && (!CONSTANTS.has(n.name) || shadowed.has(n.name))) seen.add(n.name);
  }
  return [...seen];
}

const NONE: ReadonlySet<string> = new Set();
