/** Shared test helpers for the expression language: AST shapes and random ASTs. */
import fc from 'fast-check';
import type { BinaryOp, Node } from '../../src/expr/ast.js';
import { FUNCTIONS, functionNames } from '../../src/expr/functions.js';

/** An AST without spans, as nested arrays: easy to read in an expectation. */
export type Shape = number | string | [string, ...Shape[]];

/**
 * The tree without spans: a number, a name, `[op, operands...]` for operators
 * (`['neg', x]`, `['pos', x]`, `['not', x]` for the unary operators), `[fn, args...]` for
 * calls and `['?:', test, ifTrue, ifFalse]` for a conditional.
 */
export function shape(node: Node): Shape {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'ident':
      return node.name;
    case 'unary':
      return [node.op === '-' ? 'neg' : node.op === '!' ? 'not' : 'pos', shape(node.arg)];
    case 'binary':
      return [node.op, shape(node.left), shape(node.right)];
    case 'call':
      return [`${node.name}()`, ...node.args.map(shape)];
    case 'cond':
      return ['?:', shape(node.test), shape(node.ifTrue), shape(node.ifFalse)];
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

/** Every binary operator of the grammar. */
export const BINARY_OPS: readonly BinaryOp[] = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||'];

/**
 * Random well-formed ASTs (spans are dummies) over the given names, pi, e and numbers, with
 * every operator, every function (one- and two-argument) and the conditional.
 */
export function arbitraryAst(options: AstOptions): fc.Arbitrary<Node> {
  const numbers = options.numbers ?? fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 3, noNaN: true }));
  const leaf: fc.Arbitrary<Node> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...options.names).map((name): Node => ({ kind: 'ident', name, span: NO_SPAN })) },
    { weight: 2, arbitrary: numbers.map((value): Node => ({ kind: 'num', value, span: NO_SPAN })) },
    { weight: 1, arbitrary: fc.constantFrom('pi', 'e').map((name): Node => ({ kind: 'ident', name, span: NO_SPAN })) },
  );
  const unaryFunctions = functionNames().filter((name) => FUNCTIONS.get(name)?.arity === 1);
  const binaryFunctions = functionNames().filter((name) => FUNCTIONS.get(name)?.arity === 2);
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { maxDepth: options.maxDepth ?? 4, depthSize: 'small' },
      leaf,
      fc
        .tuple(fc.constantFrom<'-' | '+' | '!'>('-', '+', '!'), tie('node'))
        .map(([op, arg]): Node => ({ kind: 'unary', op, arg, span: NO_SPAN })),
      fc
        .tuple(fc.constantFrom(...BINARY_OPS), tie('node'), tie('node'))
        .map(([op, left, right]): Node => ({ kind: 'binary', op, left, right, span: NO_SPAN })),
      fc
        .tuple(fc.constantFrom(...unaryFunctions), tie('node'))
        .map(([name, arg]): Node => ({ kind: 'call', name, args: [arg], span: NO_SPAN, nameSpan: NO_SPAN })),
      fc
        .tuple(fc.constantFrom(...binaryFunctions), tie('node'), tie('node'))
        .map(([name, a, b]): Node => ({ kind: 'call', name, args: [a, b], span: NO_SPAN, nameSpan: NO_SPAN })),
      fc
        .tuple(tie('node'), tie('node'), tie('node'))
        .map(([test, ifTrue, ifFalse]): Node => ({ kind: 'cond', test, ifTrue, ifFalse, span: NO_SPAN })),
    ),
  }));
  return node;
}
