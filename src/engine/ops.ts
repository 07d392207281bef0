/**
 * The differentiable ops. Each is one definition: its forward function and, beside it,
 * the derivative with respect to each input (a, b: input values; y: the output value).
 * All work on scalars and columns; a scalar broadcasts over a column.
 */
import { binaryOp, unaryOp } from './elementwise.js';
import { compensatedSum, reductionOp } from './reduce.js';
import { power } from './power.js';

// ---- binary -------------------------------------------------------------------------

/** a + b */
export const add = binaryOp('add', (a, b) => a + b, () => 1, () => 1);

/** a − b */
export const sub = binaryOp('sub', (a, b) => a - b, () => 1, () => -1);

/** a · b */
export const mul = binaryOp('mul', (a, b) => a * b, (_a, b) => b, (a) => a);

/** a / b. Division by zero gives ±Infinity or NaN, never an error. */
export const div = binaryOp('div', (a, b) => a / b, (_a, b) => 1 / b, (_a, b, y) => -y / b);

/**
 * a ^ b, with a tensor exponent too. d/da = b·a^(b−1) (0 when b = 0, as in PyTorch);
 * d/db = y·ln(a) for a > 0, 0 for a = 0 (tfjs's guard), NaN for a < 0 (not real-differentiable).
 */
export const pow = binaryOp(
  'pow',
  (a, b) => power(a, b),
  (a, b) => (b === 0 ? 0 : b * power(a, b - 1)),
  (a, _b, y) => (a > 0 ? y * Math.log(a) : a === 0 ? 0 : Number.NaN),
);

// ---- unary --------------------------------------------------------------------------

/** −a */
export const neg = unaryOp('neg', (a) => -a, () => -1);

/** e^a */
export const exp = unaryOp('exp', Math.exp, (_a, y) => y);

/** Natural logarithm; log(0) = −Infinity and log of a negative number is NaN. */
export const log = unaryOp('log', Math.log, (a) => 1 / a);

/** Square root; sqrt'(0) = +Infinity, and sqrt of a negative number is NaN. */
export const sqrt = unaryOp('sqrt', Math.sqrt, (_a, y) => 1 / (2 * y));

/** |a|, with abs'(0) = 0. */
export const abs = unaryOp('abs', Math.abs, (a) => (a > 0 ? 1 : a < 0 ? -1 : 0));

/** sin a */
export const sin = unaryOp('sin', Math.sin, (a) => Math.cos(a));

/** cos a */
export const cos = unaryOp('cos', Math.cos, (a) => -Math.sin(a));

/** tan a */
export const tan = unaryOp('tan', Math.tan, (_a, y) => 1 + y * y);

/** arctan a */
export const atan = unaryOp('atan', Math.atan, (a) => 1 / (1 + a * a));

/** tanh a */
export const tanh = unaryOp('tanh', Math.tanh, (_a, y) => 1 - y * y);

// ---- reductions to a scalar ---------------------------------------------------------

/** Sum of all values (a scalar's sum is itself). */
export const sum = reductionOp('sum', compensatedSum, () => 1);

/** Mean of all values (NaN for an empty column). */
export const mean = reductionOp('mean', (x) => compensatedSum(x) / x.length, (x) => 1 / x.length);
