/**
 * Building expressions directly as trees, for models gradfit writes itself (a polynomial of
 * degree N, a parameter held at a value): never printed and parsed back, since a number's text is
 * not always the number (1/xs of data spanning 1e-320 is Infinity, which reads back as a name).
 * The nodes have an empty span: they point at no text the user wrote.
 */
import type { BinaryOp, Node } from './ast.js';

const NO_SPAN = { start: 0, end: 0 };

export const build = {
  num: (value: number): Node => ({ kind: 'num', value, span: NO_SPAN }),
  ident: (name: string): Node => ({ kind: 'ident', name, span: NO_SPAN }),
  binary: (op: BinaryOp, left: Node, right: Node): Node => ({ kind: 'binary', op, left, right, span: NO_SPAN }),
};
