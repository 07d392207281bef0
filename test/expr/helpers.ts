/** Shared test helpers for the expression language: AST shapes and random ASTs. */
import fc from 'fast-check';
import type { Node } from '../../src/expr/ast.js';
import { functionNames } from '../../src/expr/functions.js';

/** An AST without spans, as nested arrays: easy to read in an expectation. */
export type Shape = number | string | [string, ...Shape[]];

/**
 * The tree without spans: a number, a name, `[op, operands...]` for operators
 * (`['neg', x]`, `['pos', x]` for the unary signs) and `[fn, args...]` for calls.
 */
export function shape(node: Node): Shape {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'ident':
      return node.name;
    case 'unary':
      return [node.op === '-' ? 'neg' : 'pos', shape(node.arg)];
    case 'binary':
      return [node.op, shape(node.left), shape(node.right)];
    case 'call':
      return [`${node.name}()`, ...node.args.map(shape)];
  }
}

const NO_SPAN = { start: 0, end: 0 };

/** Options of arbitraryAst. */
export interface AstOptions {
  /** Identifiers the leaves may use (pi and e are added). */
  names: readonly string[];
  /** Non-negative numbers the leaves may use. */
  numbers?: fc.Arbitrary<number>;
  /** Maximum nesting. */
  maxDepth?: number;
}

/** Random well-formed ASTs (spans are dummies) over the given names, pi, e and numbers. */
export function arbitraryAst(options: AstOptions): fc.Arbitrary<Node> {
  const numbers = options.numbers ?? fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 3, noNaN: true }));
  const leaf: fc.Arbitrary<Node> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...options.names).map((name): Node => ({ kind: 'ident', name, span: NO_SPAN })) },
    { weight: 2, arbitrary: numbers.map((value): Node => ({ kind: 'num', value, span: NO_SPAN })) },
    { weight: 1, arbitrary: fc.constantFrom('pi', 'e').map((name): Node => ({ kind: 'ident', name, span: NO_SPAN })) },
  );
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { maxDepth: options.maxDepth ?? 4, depthSize: 'small' },
      leaf,
      fc
        .tuple(fc.constantFrom<'-' | '+'>('-', '+'), tie('node'))
        .map(([op, arg]): Node => ({ kind: 'unary', op, arg, span: NO_SPAN })),
      fc
        .tuple(fc.constantFrom<'+' | '-' | '*' | '/' | '^'>('+', '-', '*', '/', '^'), tie('node'), tie('node'))
        .map(([op, left, right]): Node => ({ kind: 'binary', op, left, right, span: NO_SPAN })),
      fc
        .tuple(fc.constantFrom(...functionNames()), tie('node'))
        .map(([name, arg]): Node => ({ kind: 'call', name, args: [arg], span: NO_SPAN, nameSpan: NO_SPAN })),
    ),
  }));
  return node;
}
