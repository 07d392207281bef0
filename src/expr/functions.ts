/**
 * The functions an expression can call: the one list of their names, arities, the engine
 * op each compiles to, and the code the fused kernel emits for its value and derivative.
 * The derivative code follows the engine's rules exactly (src/engine/ops.ts).
 */
import { abs, atan, cos, exp, log, sin, sqrt, tan, tanh, type Tensor } from '../engine/index.js';

/** One callable function. */
export interface FunctionSpec {
  /** The name an expression calls it by. */
  readonly name: string;
  /** How many arguments it takes. */
  readonly arity: number;
  /** A few words for help text. */
  readonly summary: string;
  /** For an alias (`ln`), the function it stands for; null otherwise. */
  readonly aliasOf: string | null;
  /** The engine op that computes it on tensors, with its gradient. */
  readonly engineOp: (a: Tensor) => Tensor;
  /** JavaScript for f(a), given the variable holding a. Fixed text: never user input. */
  readonly forwardCode: (a: string) => string;
  /** JavaScript for f'(a), given the variables holding a and y = f(a). Fixed text. */
  readonly derivativeCode: (a: string, y: string) => string;
}

function fn(
  name: string,
  summary: string,
  engineOp: (a: Tensor) => Tensor,
  forwardCode: (a: string) => string,
  derivativeCode: (a: string, y: string) => string,
): FunctionSpec {
  return Object.freeze({ name, arity: 1, summary, aliasOf: null, engineOp, forwardCode, derivativeCode });
}

function alias(name: string, of: FunctionSpec): FunctionSpec {
  return Object.freeze({ ...of, name, aliasOf: of.name });
}

const LOG = fn('log', 'natural logarithm', log, (a) => `Math.log(${a})`, (a) => `1 / ${a}`);

const SPECS: readonly FunctionSpec[] = [
  fn('exp', 'e to the power', exp, (a) => `Math.exp(${a})`, (_a, y) => y),
  LOG,
  alias('ln', LOG),
  fn('sqrt', 'square root', sqrt, (a) => `Math.sqrt(${a})`, (_a, y) => `1 / (2 * ${y})`),
  fn('abs', 'absolute value', abs, (a) => `Math.abs(${a})`, (a) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : 0)`),
  fn('sin', 'sine (radians)', sin, (a) => `Math.sin(${a})`, (a) => `Math.cos(${a})`),
  fn('cos', 'cosine (radians)', cos, (a) => `Math.cos(${a})`, (a) => `-Math.sin(${a})`),
  fn('tan', 'tangent (radians)', tan, (a) => `Math.tan(${a})`, (_a, y) => `(1 + ${y} * ${y})`),
  fn('atan', 'arctangent', atan, (a) => `Math.atan(${a})`, (a) => `1 / (1 + ${a} * ${a})`),
  fn('tanh', 'hyperbolic tangent', tanh, (a) => `Math.tanh(${a})`, (_a, y) => `(1 - ${y} * ${y})`),
];

/** Every function by name (aliases included). A Map, so names like `constructor` are never found by accident. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((spec) => [spec.name, spec]));

/** The names of every function, aliases included, in a stable order for help text. */
export function functionNames(): string[] {
  return SPECS.map((spec) => spec.name);
}

/** The named constants: identifiers that are numbers, not variables. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);
