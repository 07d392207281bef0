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
export const KERNEL_HELPERS = Object.freeze({ pw: ops.power, erf: ops.erfValue, erfc: ops.erfcValue });

/** 2/√π as the engine's erf derivative has it (a shortest round-tripping literal). */
const TWO_OVER_SQRT_PI = String(ops.TWO_OVER_SQRT_PI);

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

/** A comparison or logical operator: 1 or 0, constant in its operands. */
function test(name: string, engine: (a: Tensor, b: Tensor) => Tensor, code: (a: string, b: string) => string): OperatorSpec {
  return op(name, 2, engine, (c) => `(${code(c.v[0], c.v[1])} ? 1 : 0)`, () => '0', { constantIn: [0, 1] });
}

const NEG = op('neg', 1, ops.neg, (c) => `-${c.v[0]}`, () => '-1');
const NOT = op('not', 1, ops.not, (c) => `(${c.v[0]} === 0 ? 1 : 0)`, () => '0', { constantIn: [0] });

/** `c ? a : b`: the operands are the condition and the two branches; the gradient goes to the chosen one. */
export const CONDITIONAL: OperatorSpec = op(
  'where',
  3,
  ops.where,
  (c) => `${c.v[0]} !== 0 ? ${c.v[1]} : ${c.v[2]}`,
  (k, c) => (k === 1 ? `${c.v[0]} !== 0 ? 1 : 0` : `${c.v[0]} !== 0 ? 0 : 1`),
  { constantIn: [0], selects: true },
);
/** Unary plus: no engine node, no code. */
const POS = op('pos', 1, (a) => a, (c) => c.v[0], () => '1');

/** The binary operators of the AST. */
export const BINARY_OPERATORS: ReadonlyMap<BinaryOp, OperatorSpec> = new Map<BinaryOp, OperatorSpec>([
  ['+', ADD],
  ['-', SUB],
  ['*', MUL],
  ['/', DIV],
  ['^', POW],
  ['<', test('lt', ops.lt, (a, b) => `${a} < ${b}`)],
  ['<=', test('le', ops.le, (a, b) => `${a} <= ${b}`)],
  ['>', test('gt', ops.gt, (a, b) => `${a} > ${b}`)],
  ['>=', test('ge', ops.ge, (a, b) => `${a} >= ${b}`)],
  ['==', test('eq', ops.eq, (a, b) => `${a} === ${b}`)],
  ['!=', test('ne', ops.ne, (a, b) => `${a} !== ${b}`)],
  ['&&', test('and', ops.and, (a, b) => `${a} !== 0 && ${b} !== 0`)],
  ['||', test('or', ops.or, (a, b) => `${a} !== 0 || ${b} !== 0`)],
]);

/** The unary operators of the AST. */
export const UNARY_OPERATORS: ReadonlyMap<UnaryOp, OperatorSpec> = new Map<UnaryOp, OperatorSpec>([
  ['-', NEG],
  ['+', POS],
  ['!', NOT],
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
  unary('log10', 'base-10 logarithm', ops.log10, (a) => `Math.log10(${a})`, (a) => `1 / (${a} * Math.LN10)`),
  unary('log2', 'base-2 logarithm', ops.log2, (a) => `Math.log2(${a})`, (a) => `1 / (${a} * Math.LN2)`),
  unary('sinh', 'hyperbolic sine', ops.sinh, (a) => `Math.sinh(${a})`, (a) => `Math.cosh(${a})`),
  unary('cosh', 'hyperbolic cosine', ops.cosh, (a) => `Math.cosh(${a})`, (a) => `Math.sinh(${a})`),
  unary('asinh', 'inverse hyperbolic sine', ops.asinh, (a) => `Math.asinh(${a})`, (a) => `1 / Math.sqrt(${a} * ${a} + 1)`),
  unary('acosh', 'inverse hyperbolic cosine', ops.acosh, (a) => `Math.acosh(${a})`, (a) => `1 / Math.sqrt((${a} - 1) * (${a} + 1))`),
  unary('atanh', 'inverse hyperbolic tangent', ops.atanh, (a) => `Math.atanh(${a})`, (a) => `1 / ((1 - ${a}) * (1 + ${a}))`),
  unary('asin', 'arcsine', ops.asin, (a) => `Math.asin(${a})`, (a) => `1 / Math.sqrt((1 - ${a}) * (1 + ${a}))`),
  unary('acos', 'arccosine', ops.acos, (a) => `Math.acos(${a})`, (a) => `-1 / Math.sqrt((1 - ${a}) * (1 + ${a}))`),
  unary('erf', 'error function', ops.erf, (a) => `erf(${a})`, (a) => `${TWO_OVER_SQRT_PI} * Math.exp(-${a} * ${a})`),
  unary('erfc', 'complementary error function, 1 - erf', ops.erfc, (a) => `erfc(${a})`, (a) => `-${TWO_OVER_SQRT_PI} * Math.exp(-${a} * ${a})`),
  fn(
    op(
      'atan2',
      2,
      ops.atan2,
      (c) => `Math.atan2(${c.v[0]}, ${c.v[1]})`,
      (k, c) => {
        const [a, b] = c.v;
        return k === 0 ? `${b} / (${a} * ${a} + ${b} * ${b})` : `-${a} / (${a} * ${a} + ${b} * ${b})`;
      },
    ),
    'atan2(y, x): the angle of the point (x, y)',
  ),
  fn(
    op(
      'min',
      2,
      ops.min,
      (c) => `Math.min(${c.v[0]}, ${c.v[1]})`,
      (k, c) => {
        const [a, b] = k === 0 ? c.v : [c.v[1], c.v[0]];
        return `${a} < ${b} ? 1 : ${a} === ${b} ? 0.5 : 0`;
      },
      { selects: true },
    ),
    'the smaller of two',
  ),
  fn(
    op(
      'max',
      2,
      ops.max,
      (c) => `Math.max(${c.v[0]}, ${c.v[1]})`,
      (k, c) => {
        const [a, b] = k === 0 ? c.v : [c.v[1], c.v[0]];
        return `${a} > ${b} ? 1 : ${a} === ${b} ? 0.5 : 0`;
      },
      { selects: true },
    ),
    'the larger of two',
  ),
  fn(
    op(
      'hypot',
      2,
      ops.hypot,
      (c) => `Math.hypot(${c.v[0]}, ${c.v[1]})`,
      (k, c) => `${c.y} === 0 ? 0 : ${c.v[k]} / ${c.y}`,
    ),
    'hypot(a, b) = sqrt(a^2 + b^2), without overflow',
  ),
  fn(POW, 'pow(a, b) is a^b'),
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
    case 'cond':
      return CONDITIONAL;
  }
}
