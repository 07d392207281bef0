/** The expression AST. Every node carries the span of source text it came from. */

/** Half-open character range [start, end) into the source string. */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | ComparisonOp | '&&' | '||';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type UnaryOp = '-' | '+' | '!';

export type Node =
  | { kind: 'num'; value: number; span: Span }
  | { kind: 'ident'; name: string; span: Span }
  | { kind: 'unary'; op: UnaryOp; arg: Node; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node; span: Span }
  | { kind: 'call'; name: string; args: Node[]; span: Span; nameSpan: Span }
  /** `test ? ifTrue : ifFalse`: ifTrue where test is nonzero, else ifFalse. */
  | { kind: 'cond'; test: Node; ifTrue: Node; ifFalse: Node; span: Span };
