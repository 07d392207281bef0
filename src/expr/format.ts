/**
 * Printing an AST back to canonical text with as few parentheses as the grammar needs
 * (`a + b*c`, `-x^2`, `(a - b)/c`, `2^-3`). Parsing the text gives back the same tree.
 * With options, the report layer prints a fitted model with parameters replaced by their
 * values; a negative value after `+`/`-` is folded into the operator (`c0 - 0.5*x`), and
 * a minus in front of one cancels it (`exp(-k*t)` with k = -0.1 prints `exp(0.1*t)`).
 */
import type { BinaryOp, Node } from './ast.js';
import { Precedence } from './precedence.js';
import { postOrder } from './walk.js';

/** How to print numbers and names. */
export interface FormatOptions {
  /** Text of a number (default: the shortest text that reads back as the same double). */
  formatNumber?: (value: number) => string;
  /** Text for a name, or a number to print in its place (default: the name itself). */
  formatIdent?: (name: string) => string | number;
}

interface Printed {
  text: string;
  precedence: Precedence;
  /** A negative number: parenthesised wherever a sign may not start an operand. */
  negativeLiteral: boolean;
  /** The text of −(this) without a leading sign, when this begins with a negative number factor. */
  negated: { text: string; precedence: Precedence } | null;
}

/** Canonical text of the expression; see the module comment. */
export function formatExpr(node: Node, opts: FormatOptions = {}): string {
  const formatNumber = opts.formatNumber ?? String;
  const formatIdent = opts.formatIdent;
  const printNumber = (value: number): Printed =>
    value < 0
      ? {
          text: formatNumber(value),
          precedence: Precedence.UNARY,
          negativeLiteral: true,
          negated: { text: formatNumber(-value), precedence: Precedence.ATOM },
        }
      : atom(formatNumber(value));

  const stack: Printed[] = [];
  for (const n of postOrder(node)) {
    switch (n.kind) {
      case 'num':
        stack.push(printNumber(n.value));
        break;
      case 'ident': {
        const shown = formatIdent === undefined ? n.name : formatIdent(n.name);
        stack.push(typeof shown === 'number' ? printNumber(shown) : atom(shown));
        break;
      }
      case 'unary': {
        const arg = pop(stack);
        if (n.op === '-' && arg.negated !== null) {
          stack.push(plain(arg.negated.text, arg.negated.precedence)); // -(-0.1*t) is 0.1*t
        } else {
          stack.push(plain(n.op + wrap(arg, arg.precedence <= Precedence.UNARY), Precedence.UNARY));
        }
        break;
      }
      case 'binary': {
        const right = pop(stack);
        const left = pop(stack);
        stack.push(printBinary(n.op, left, right));
        break;
      }
      case 'call': {
        const args = stack.splice(stack.length - n.args.length, n.args.length);
        stack.push(atom(`${n.name}(${args.map((a) => a.text).join(', ')})`));
        break;
      }
      case 'cond': {
        const ifFalse = pop(stack);
        const ifTrue = pop(stack);
        const test = pop(stack);
        // The test is parenthesised if it is itself a conditional, and so, for the reader,
        // is a conditional in the middle; a chain in the last place reads as it parses.
        const t = wrap(test, test.precedence <= Precedence.COND);
        const a = wrap(ifTrue, ifTrue.precedence <= Precedence.COND);
        stack.push(plain(`${t} ? ${a} : ${ifFalse.text}`, Precedence.COND));
        break;
      }
    }
  }
  return pop(stack).text;
}

function printBinary(op: BinaryOp, left: Printed, right: Printed): Printed {
  switch (op) {
    case '+':
    case '-': {
      const l = wrap(left, left.precedence < Precedence.TERM);
      if (right.negated !== null) {
        const flipped = op === '+' ? '-' : '+';
        return plain(`${l} ${flipped} ${right.negated.text}`, Precedence.TERM);
      }
      const r = wrap(right, right.precedence <= Precedence.TERM || right.negativeLiteral);
      return plain(`${l} ${op} ${r}`, Precedence.TERM);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
      // Comparisons do not chain, so an operand that is one is parenthesised on either side.
      return infix(op, left, right, Precedence.COMPARISON, Precedence.COMPARISON);
    case '&&':
      return infix(op, left, right, Precedence.AND, Precedence.AND - 1);
    case '||':
      return infix(op, left, right, Precedence.OR, Precedence.OR - 1);
    case '*':
    case '/': {
      const l = wrap(left, left.precedence < Precedence.FACTOR);
      const r = wrap(right, right.precedence <= Precedence.FACTOR || right.negativeLiteral);
      const negated =
        left.negated === null
          ? null
          : { text: `${wrap(left.negated, left.negated.precedence < Precedence.FACTOR)}${op}${r}`, precedence: Precedence.FACTOR };
      return { text: `${l}${op}${r}`, precedence: Precedence.FACTOR, negativeLiteral: false, negated };
    }
    case '^': {
      const l = wrap(left, left.precedence <= Precedence.POWER);
      const r = wrap(right, right.precedence < Precedence.UNARY || right.negativeLiteral);
      return plain(`${l}^${r}`, Precedence.POWER);
    }
  }
}

/**
 * `left op right` at `level`, spaced; the left operand is parenthesised at or below
 * `leftAtMost`, the right one at or below `level` (left-associative).
 */
function infix(op: BinaryOp, left: Printed, right: Printed, level: Precedence, leftAtMost: number): Printed {
  const l = wrap(left, left.precedence <= leftAtMost);
  const r = wrap(right, right.precedence <= level);
  return plain(`${l} ${op} ${r}`, level);
}

function atom(text: string): Printed {
  return plain(text, Precedence.ATOM);
}

function plain(text: string, precedence: Precedence): Printed {
  return { text, precedence, negativeLiteral: false, negated: null };
}

function wrap(printed: { text: string }, needsParens: boolean): string {
  return needsParens ? `(${printed.text})` : printed.text;
}

function pop(stack: Printed[]): Printed {
  const top = stack.pop();
  if (top === undefined) throw new Error('formatExpr: malformed AST (an operator is missing an operand)');
  return top;
}
