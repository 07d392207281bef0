/** Binding strength of operators, shared by the parser and the printer (low to high). */
export const Precedence = {
  /** Tokens that do not continue an expression: `)`, `,`, `:`, the end. */
  NONE: 0,
  /** `c ? a : b` (right-associative) */
  COND: 1,
  /** `||` */
  OR: 2,
  /** `&&` */
  AND: 3,
  /** `< <= > >= == !=` (they do not chain: `a < b < c` is an error) */
  COMPARISON: 4,
  /** `+ -` (binary) */
  TERM: 5,
  /** `* /` */
  FACTOR: 6,
  /** unary `- + !` */
  UNARY: 7,
  /** `^` (right-associative; its right operand may be unary) */
  POWER: 8,
  /** numbers, names, calls, parenthesised expressions */
  ATOM: 9,
} as const;

/** One of the Precedence levels. */
export type Precedence = (typeof Precedence)[keyof typeof Precedence];
