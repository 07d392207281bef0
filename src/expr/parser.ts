/**
 * A Pratt parser for the expression language, driven by one table of
 * {prefix, infix, precedence} rules per token kind, as in clox's compiler.
 *
 * Precedence, low to high: `?:` < `||` < `&&` < comparisons `< <= > >= == !=` < `+ -` <
 * `* /` < unary `- + !` < `^`. `c ? a : b` is right-associative (`a ? b : c ? d : e`), as in
 * C; comparisons do not chain (`a < b < c` is an error that suggests `&&`). `^` (alias `**`) is
 * right-associative and binds tighter than a unary minus on its left (`-x^2` is -(x^2)),
 * and its right operand may itself be unary (`2^-3`). Left-associative chains such as
 * `x+x+...+x` are built by the loop in parsePrecedence, so they need no recursion; only
 * real nesting recurses, and that is capped at MAX_NESTING levels with a clear error.
 */
import type { BinaryOp, Node, Span } from './ast.js';
import { ExprError, columnOf } from './errors.js';
import { CONSTANTS, FUNCTIONS, functionNames } from './functions.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';
import { Precedence } from './precedence.js';
import { nearestName } from './suggest.js';

/** Deepest nesting the parser accepts (parentheses, unary signs, `^` chains, calls). */
export const MAX_NESTING = 1000;

/** Longest piece of source quoted inside an error message. */
const MAX_QUOTE = 24;

type PrefixRule = (parser: Parser, token: Token) => Node;
type InfixRule = (parser: Parser, left: Node, operator: Token, start: number) => Node;

interface ParseRule {
  prefix: PrefixRule | null;
  infix: InfixRule | null;
  precedence: Precedence;
}

/** Parses expression text into an AST with source spans. Throws ExprError, and only ExprError. */
export function parse(source: string): Node {
  try {
    return new Parser(source, tokenize(source)).parseWhole();
  } catch (error) {
    // MAX_NESTING keeps the recursion far from the stack limit; should a caller already be
    // deep in the stack when it calls parse, the overflow still becomes the same clear error.
    if (error instanceof RangeError) {
      throw new ExprError(
        `expression is nested too deeply (more than the stack allows)`,
        { start: 0, end: source.length },
        source,
      );
    }
    throw error;
  }
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseWhole(): Node {
    if (this.peek().kind === 'end') {
      throw new ExprError('empty expression', { start: 0, end: this.source.length }, this.source);
    }
    const node = this.parsePrecedence(Precedence.COND);
    const next = this.peek();
    if (next.kind !== 'end') throw this.unexpectedTrailing(next);
    return node;
  }

  /** Parses an expression whose operators bind at least as tightly as `precedence`. */
  parsePrecedence(precedence: Precedence): Node {
    const first = this.peek();
    if (++this.depth > MAX_NESTING) {
      throw new ExprError(
        `expression is nested too deeply (more than ${MAX_NESTING} levels) at column ${columnOf(first.start)}`,
        spanOf(first),
        this.source,
      );
    }
    const prefix = RULES[first.kind].prefix;
    if (prefix === null) throw this.expectedExpression(first);
    this.advance();
    let left = prefix(this, first);
    this.rejectJuxtaposition(first.start);
    for (;;) {
      const rule = RULES[this.peek().kind];
      if (rule.infix === null || precedence > rule.precedence) break;
      const operator = this.advance();
      left = rule.infix(this, left, operator, first.start);
      this.rejectJuxtaposition(first.start);
    }
    this.depth--;
    return left;
  }

  peek(): Token {
    return this.tokens[this.position];
  }

  previous(): Token {
    return this.tokens[this.position - 1];
  }

  advance(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== 'end') this.position++;
    return token;
  }

  /** The span from `start` to the end of the last consumed token. */
  spanFrom(start: number): Span {
    return { start, end: this.previous().end };
  }

  /** Consumes the `)` matching `open`, or explains that it is missing. */
  expectClosing(open: Token): void {
    const next = this.peek();
    if (next.kind === ')') {
      this.advance();
      return;
    }
    throw new ExprError(
      `expected ')' to close '(' opened at column ${columnOf(open.start)}, found ${describeToken(next)}`,
      spanOf(next),
      this.source,
    );
  }

  error(message: string, span: Span): ExprError {
    return new ExprError(message, span, this.source);
  }

  private expectedExpression(found: Token): ExprError {
    const after = this.position > 0 ? ` after '${quote(this.previous().text)}'` : '';
    return this.error(`expected an expression${after}, found ${describeToken(found)}`, spanOf(found));
  }

  private unexpectedTrailing(token: Token): ExprError {
    const at = `at column ${columnOf(token.start)}`;
    if (token.kind === ')') return this.error(`unexpected ')' ${at}: there is no '(' for it to close`, spanOf(token));
    if (token.kind === ',') {
      return this.error(`unexpected ',' ${at} (a comma only separates the arguments of a function)`, spanOf(token));
    }
    if (token.kind === ':') {
      return this.error(`unexpected ':' ${at}: there is no '?' for it to go with (write c ? a : b)`, spanOf(token));
    }
    return this.error(`unexpected '${quote(token.text)}' ${at}`, spanOf(token));
  }

  /**
   * A complete operand followed directly by a number, a name or `(` (as in `2x`) is
   * implicit multiplication, which the language does not have: say so and show the fix.
   */
  private rejectJuxtaposition(start: number): void {
    const next = this.peek();
    if (next.kind !== 'num' && next.kind !== 'ident' && next.kind !== '(') return;
    const left = this.source.slice(start, this.previous().end).replace(/\s+/g, ' ');
    const right = next.kind === '(' || FUNCTIONS.has(next.text) ? `${next.kind === '(' ? '' : next.text}(...)` : next.text;
    const at = `at column ${columnOf(next.start)}`;
    const message =
      left.length <= MAX_QUOTE && right.length <= MAX_QUOTE
        ? `expected an operator between '${left}' and '${quote(next.text)}' ${at} (write ${left}*${right})`
        : `expected an operator before '${quote(next.text)}' ${at} (write * to multiply)`;
    throw this.error(message, spanOf(next));
  }
}

// ---- prefix rules --------------------------------------------------------------------

function numberLiteral(_parser: Parser, token: Token): Node {
  return { kind: 'num', value: token.value, span: spanOf(token) };
}

/**
 * A name: a function call when `(` follows, else a variable or a constant (`pi`, `e`). So a
 * data column or parameter may be named like a function (`min`, `erf`): `min` alone is the
 * name, `min(a, b)` the call. A function name followed directly by an operand (`sin x`) is
 * a call missing its parentheses, and says so.
 */
function nameOrCall(parser: Parser, token: Token): Node {
  const name = token.text;
  const next = parser.peek();
  if (next.kind === '(') return call(parser, token);
  if (FUNCTIONS.has(name) && (next.kind === 'num' || next.kind === 'ident')) {
    throw parser.error(`expected '(' after function '${name}', found ${describeToken(next)}`, spanOf(next));
  }
  return { kind: 'ident', name, span: spanOf(token) };
}

function call(parser: Parser, nameToken: Token): Node {
  const name = nameToken.text;
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) throw notAFunction(parser, nameToken);
  const open = parser.advance();
  const args: Node[] = [];
  if (parser.peek().kind !== ')') {
    for (;;) {
      args.push(parser.parsePrecedence(Precedence.COND));
      if (parser.peek().kind !== ',') break;
      parser.advance();
    }
  }
  parser.expectClosing(open);
  const span = parser.spanFrom(nameToken.start);
  if (args.length !== spec.arity) {
    throw parser.error(
      `${name} takes ${spec.arity} argument${spec.arity === 1 ? '' : 's'}, got ${args.length} (call at column ${columnOf(span.start)})`,
      span,
    );
  }
  return { kind: 'call', name, args, span, nameSpan: spanOf(nameToken) };
}

function notAFunction(parser: Parser, token: Token): ExprError {
  const name = token.text;
  const at = `at column ${columnOf(token.start)}`;
  const suggestion = nearestName(name, functionNames());
  if (suggestion !== null) {
    return parser.error(`unknown function '${quote(name)}' ${at}; did you mean '${suggestion}'?`, spanOf(token));
  }
  if (CONSTANTS.has(name) || name.length <= 2 || /[0-9_]/.test(name)) {
    const shown = quote(name);
    return parser.error(`'${shown}' is not a function (${at}); to multiply, write ${shown}*(...)`, spanOf(token));
  }
  return parser.error(
    `unknown function '${quote(name)}' ${at}; the functions are ${functionNames().join(', ')}`,
    spanOf(token),
  );
}

function grouping(parser: Parser, open: Token): Node {
  const inner = parser.parsePrecedence(Precedence.COND);
  parser.expectClosing(open);
  return inner;
}

function unary(parser: Parser, operator: Token): Node {
  const arg = parser.parsePrecedence(Precedence.UNARY);
  const op = operator.kind === '-' ? '-' : operator.kind === '!' ? '!' : '+';
  return { kind: 'unary', op, arg, span: parser.spanFrom(operator.start) };
}

// ---- infix rules ---------------------------------------------------------------------

/** `+ - * / && ||`: left-associative, so the right operand binds one level tighter. */
function binary(parser: Parser, left: Node, operator: Token, start: number): Node {
  const right = parser.parsePrecedence((RULES[operator.kind].precedence + 1) as Precedence);
  return { kind: 'binary', op: binaryOp(operator), left, right, span: parser.spanFrom(start) };
}

/** `< <= > >= == !=`: one comparison at a time; `a < b < c` is an error that shows the fix. */
function comparison(parser: Parser, left: Node, operator: Token, start: number): Node {
  const right = parser.parsePrecedence((Precedence.COMPARISON + 1) as Precedence);
  const next = parser.peek();
  if (RULES[next.kind].precedence === Precedence.COMPARISON) {
    const middle = parser.source.slice(right.span.start, right.span.end).replace(/\s+/g, ' ');
    const fix = middle.length <= MAX_QUOTE ? `... ${operator.text} ${middle} && ${middle} ${next.text} ...` : `&& between them`;
    throw parser.error(
      `comparisons do not chain: unexpected '${next.text}' at column ${columnOf(next.start)} after a comparison (write ${fix})`,
      spanOf(next),
    );
  }
  return { kind: 'binary', op: binaryOp(operator), left, right, span: parser.spanFrom(start) };
}

/** `test ? ifTrue : ifFalse`, right-associative: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`. */
function conditional(parser: Parser, test: Node, question: Token, start: number): Node {
  const ifTrue = parser.parsePrecedence(Precedence.COND);
  const colon = parser.peek();
  if (colon.kind !== ':') {
    throw parser.error(
      `expected ':' to go with '?' at column ${columnOf(question.start)}, found ${describeToken(colon)}`,
      spanOf(colon),
    );
  }
  parser.advance();
  const ifFalse = parser.parsePrecedence(Precedence.COND);
  return { kind: 'cond', test, ifTrue, ifFalse, span: parser.spanFrom(start) };
}

function binaryOp(operator: Token): BinaryOp {
  const kind = operator.kind;
  if (BINARY_TOKENS.has(kind)) return kind as BinaryOp;
  throw new Error(`parser: '${kind}' is not a binary operator`);
}

const BINARY_TOKENS: ReadonlySet<TokenKind> = new Set<TokenKind>(['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||']);

/** `^`: right-associative, and its right operand may start with a unary sign (`2^-3`). */
function power(parser: Parser, left: Node, _operator: Token, start: number): Node {
  const right = parser.parsePrecedence(Precedence.UNARY);
  return { kind: 'binary', op: '^', left, right, span: parser.spanFrom(start) };
}

const RULES: Readonly<Record<TokenKind, ParseRule>> = {
  num: { prefix: numberLiteral, infix: null, precedence: Precedence.NONE },
  ident: { prefix: nameOrCall, infix: null, precedence: Precedence.NONE },
  '(': { prefix: grouping, infix: null, precedence: Precedence.NONE },
  ')': { prefix: null, infix: null, precedence: Precedence.NONE },
  ',': { prefix: null, infix: null, precedence: Precedence.NONE },
  end: { prefix: null, infix: null, precedence: Precedence.NONE },
  '+': { prefix: unary, infix: binary, precedence: Precedence.TERM },
  '-': { prefix: unary, infix: binary, precedence: Precedence.TERM },
  '*': { prefix: null, infix: binary, precedence: Precedence.FACTOR },
  '/': { prefix: null, infix: binary, precedence: Precedence.FACTOR },
  '^': { prefix: null, infix: power, precedence: Precedence.POWER },
  '<': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '<=': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '>': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '>=': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '==': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '!=': { prefix: null, infix: comparison, precedence: Precedence.COMPARISON },
  '&&': { prefix: null, infix: binary, precedence: Precedence.AND },
  '||': { prefix: null, infix: binary, precedence: Precedence.OR },
  '!': { prefix: unary, infix: null, precedence: Precedence.NONE },
  '?': { prefix: null, infix: conditional, precedence: Precedence.COND },
  ':': { prefix: null, infix: null, precedence: Precedence.NONE },
};

// ---- helpers -------------------------------------------------------------------------

function spanOf(token: Token): Span {
  return { start: token.start, end: token.end };
}

/** How an error message names a token: `'x' at column 5`, or `end of expression`. */
function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of expression' : `'${quote(token.text)}' at column ${columnOf(token.start)}`;
}

/** Source text as quoted in a message, cut short when very long. */
function quote(text: string): string {
  return text.length <= MAX_QUOTE ? text : `${text.slice(0, MAX_QUOTE - 1)}…`;
}
