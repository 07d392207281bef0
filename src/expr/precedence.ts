/** Binding strength of operators, shared by the parser and the printer (low to high). */
export const Precedence = {
  /** Tokens that do not continue an expression: `)`, `,`, the end. */
  NONE: 0,
  /** `+ -` (binary) */
  TERM: 1,
  /** `* /` */
  FACTOR: 2,
  /** unary `- +` */
  UNARY: 3,
  /** `^` (right-associative; its right operand may be unary) */
  POWER: 4,
  /** numbers, names, calls, parenthesised expressions */
  ATOM: 5,
} as const;

/** One of the Precedence levels. */
export type Precedence = (typeof Precedence)[keyof typeof Precedence];
