/** The free identifiers of an expression: the names a caller must bind. */
import type { Node } from './ast.js';
import { CONSTANTS } from './functions.js';
import { postOrder } from './walk.js';

/** Identifiers in order of first appearance, each once, without the constants `pi` and `e`. */
export function freeIdentifiers(node: Node): string[] {
  const seen = new Set<string>();
  for (const n of postOrder(node)) {
    if (n.kind === 'ident' && !CONSTANTS.has(n.name)) seen.add(n.name);
  }
  return [...seen];
}
