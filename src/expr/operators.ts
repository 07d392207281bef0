/**
 * The operator table: every operation an expression can perform — the operators, the
 * functions, the conditional — as one entry each. An entry holds the engine op that
 * computes it on tensors (with its gradient rule, in src/engine/ops.ts) and, side by side,
 * the JavaScript the fused kernel emits for its value and for its derivative with respect
 * to each operand. The kernel's rules follow the engine's exactly; the engine stays the
 * independent oracle the tests compare the kernel with. Adding a function is one entry
 * here and one op in the engine.
 *
 * The code snippets are fixed text: they are given the names of generated variables
 * (`t3`, `m[12]`) and never see anything the user wrote.
 */
import type { BinaryOp, Node, UnaryOp } from './ast.js';
import { power } from '../engine/power.js';
import * as ops from '../engine/index.js';
import type { Tensor } from '../engine/index.js';


/** What a rule's code is written from. */
export interface CodeArgs {
  /** The variables holding the operands' values, left to right. */
  readonly v: readonly string[];
  /** The variable holding the node's own value. */
  readonly y: string;
  /** The value of operand i when it is a number written in the expression, else undefined. */
  literal(i: number): number | undefined;
}

/** One operation; see the module comment. */
export interface OperatorSpec {
  /** Its name in the table (and in messages): `add`, `neg`, `exp`, ... */
  readonly name: string;
  /** How many operands it takes. */
  readonly arity: number;
  /** The engine op that computes it on tensors, with its gradient. */
  readonly engine: (...args: Tensor[]) => Tensor;
  /** JavaScript for its value. */
  readonly code: (c: CodeArgs) => string;
  /**
   * JavaScript for ∂value/∂operand k, for the operands not in `constantIn`. Exactly `'1'`
   * and `'-1'` are applied without a multiplication.
   */
  readonly derivative: (k: number, c: CodeArgs) => string;
  /** The operands whose derivative is zero everywhere (a comparison's, a condition's). */
  readonly constantIn: readonly number[];
  /**
   * Whether its derivative selects among its operands (0 for the ones not chosen, as in
   * `c ? a : b`, min, max): below such an operand a zero adjoint stays zero even where that
   * operand's own derivative is infinite or NaN, as in the engine.
   */
  readonly selects: boolean;
}

/** A function an expression can call by name. */
export interface FunctionSpec extends OperatorSpec {
  /** A few words for help text. */
  readonly summary: string;
  /** For an alias (`ln`), the function it stands for; null otherwise. */
  readonly aliasOf: string | null;
}

/**
 * The helpers generated code may call, passed to it as parameters of these names. Fixed
 * functions of this project, never user input.
 */
export const KERNEL_HELPERS = Object.freeze({ pw: power });

interface Options {
  constantIn?: readonly number[];
  selects?: boolean;
}

function op(
  name: string,
  arity: number,
  engine: (...args: Tensor[]) => Tensor,
  code: (c: CodeArgs) => string,
  derivative: (k: number, c: CodeArgs) => string,
  options: Options = {},
): OperatorSpec {
  return Object.freeze({ name, arity, engine, code, derivative, constantIn: options.constantIn ?? [], selects: options.selects ?? false });
}

/** A one-argument function from its engine op, the code of f(a) and of f'(a) (y = f(a)). */
function unary(
  name: string,
  summary: string,
  engine: (a: Tensor) => Tensor,
  code: (a: string) => string,
  derivative: (a: string, y: string) => string,
): FunctionSpec {
  return fn(
    op(
      name,
      1,
      engine,
      (c) => code(c.v[0]),
      (_k, c) => derivative(c.v[0], c.y),
    ),
    summary,
  );
}

function fn(spec: OperatorSpec, summary: string): FunctionSpec {
  return Object.freeze({ ...spec, summary, aliasOf: null });
}

function alias(name: string, of: FunctionSpec): FunctionSpec {
  return Object.freeze({ ...of, name, aliasOf: of.name });
}

// ---- operators ---------------------------------------------------------------------------

const ADD = op('add', 2, ops.add, (c) => `${c.v[0]} + ${c.v[1]}`, () => '1');
const SUB = op('sub', 2, ops.sub, (c) => `${c.v[0]} - ${c.v[1]}`, (k) => (k === 0 ? '1' : '-1'));
const MUL = op('mul', 2, ops.mul, (c) => `${c.v[0]} * ${c.v[1]}`, (k, c) => c.v[1 - k]);
const DIV = op(
  'div',
  2,
  ops.div,
  (c) => `${c.v[0]} / ${c.v[1]}`,
  (k, c) => (k === 0 ? `1 / ${c.v[1]}` : `-${c.y} / ${c.v[1]}`),
);

/**
 * a^b through the engine's power(), so values agree to the bit. `a^2` is written `a * a`
 * (derivative `2 * a`): the same doubles as power's `a * a` and `2 * a ** 1`, without a call.
 */
const POW = op(
  'pow',
  2,
  ops.pow,
  (c) => (c.literal(1) === 2 ? `${c.v[0]} * ${c.v[0]}` : `pw(${c.v[0]}, ${c.v[1]})`),
  (k, c) => {
    const [a, b] = c.v;
    if (k === 0) return c.literal(1) === 2 ? `2 * ${a}` : `${b} === 0 ? 0 : ${b} * pw(${a}, ${b} - 1)`;
    return `${a} > 0 ? ${c.y} * Math.log(${a}) : ${a} === 0 ? 0 : NaN`;
  },
);

const NEG = op('neg', 1, ops.neg, (c) => `-${c.v[0]}`, () => '-1');
/** Unary plus: no engine node, no code. */
const POS = op('pos', 1, (a) => a, (c) => c.v[0], () => '1');

/** The binary operators of the AST. */
export const BINARY_OPERATORS: ReadonlyMap<BinaryOp, OperatorSpec> = new Map<BinaryOp, OperatorSpec>([
  ['+', ADD],
  ['-', SUB],
  ['*', MUL],
  ['/', DIV],
  ['^', POW],
]);

/** The unary operators of the AST. */
export const UNARY_OPERATORS: ReadonlyMap<UnaryOp, OperatorSpec> = new Map<UnaryOp, OperatorSpec>([
  ['-', NEG],
  ['+', POS],
]);

// ---- functions ---------------------------------------------------------------------------

const LOG = unary('log', 'natural logarithm', ops.log, (a) => `Math.log(${a})`, (a) => `1 / ${a}`);

const FUNCTION_SPECS: readonly FunctionSpec[] = [
  unary('exp', 'e to the power', ops.exp, (a) => `Math.exp(${a})`, (_a, y) => y),
  LOG,
  alias('ln', LOG),
  unary('sqrt', 'square root', ops.sqrt, (a) => `Math.sqrt(${a})`, (_a, y) => `1 / (2 * ${y})`),
  unary('abs', 'absolute value', ops.abs, (a) => `Math.abs(${a})`, (a) => `${a} > 0 ? 1 : ${a} < 0 ? -1 : 0`),
  unary('sin', 'sine (radians)', ops.sin, (a) => `Math.sin(${a})`, (a) => `Math.cos(${a})`),
  unary('cos', 'cosine (radians)', ops.cos, (a) => `Math.cos(${a})`, (a) => `-Math.sin(${a})`),
  unary('tan', 'tangent (radians)', ops.tan, (a) => `Math.tan(${a})`, (_a, y) => `1 + ${y} * ${y}`),
  unary('atan', 'arctangent', ops.atan, (a) => `Math.atan(${a})`, (a) => `1 / (1 + ${a} * ${a})`),
  unary('tanh', 'hyperbolic tangent', ops.tanh, (a) => `Math.tanh(${a})`, (_a, y) => `1 - ${y} * ${y}`),
];

/** Every function by name (aliases included). A Map, so names like `constructor` are never found by accident. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTION_SPECS.map((spec) => [spec.name, spec]));

/** The names of every function, aliases included, in a stable order for help text. */
export function functionNames(): string[] {
  return FUNCTION_SPECS.map((spec) => spec.name);
}

/** The named constants: identifiers that are numbers, not variables. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** The table entry of an operator or call node; null for a leaf (or an unknown function). */
export function operatorOf(node: Node): OperatorSpec | null {
  switch (node.kind) {
    case 'num':
    case 'ident':
      return null;
    case 'unary':
      return UNARY_OPERATORS.get(node.op) ?? null;
    case 'binary':
      return BINARY_OPERATORS.get(node.op) ?? null;
    case 'call': {
      const spec = FUNCTIONS.get(node.name);
      return spec !== undefined && spec.arity === node.args.length ? spec : null;
    }
  }
}
