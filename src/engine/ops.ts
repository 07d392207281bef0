/**
 * The differentiable ops. Each is one definition: its forward function and, beside it,
 * the derivative with respect to each input (a, b: input values; y: the output value).
 * All work on scalars and columns; a scalar broadcasts over a column.
 */
import { binaryOp, ternaryOp, unaryOp } from './elementwise.js';
import { compensatedSum, reductionOp } from './reduce.js';
import { power } from './power.js';
import { erf as erfValue, erfc as erfcValue, TWO_OVER_SQRT_PI } from './special.js';

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

/** atan2(a, b): the angle of the point (b, a), as Math.atan2(y, x). NaN derivatives at the origin. */
export const atan2 = binaryOp(
  'atan2',
  Math.atan2,
  (a, b) => b / (a * a + b * b),
  (a, b) => -a / (a * a + b * b),
);

/** The smaller of a and b; at a tie each gets half the gradient (as in PyTorch). */
export const min = binaryOp(
  'min',
  Math.min,
  (a, b) => (a < b ? 1 : a === b ? 0.5 : 0),
  (a, b) => (b < a ? 1 : a === b ? 0.5 : 0),
);

/** The larger of a and b; at a tie each gets half the gradient. */
export const max = binaryOp(
  'max',
  Math.max,
  (a, b) => (a > b ? 1 : a === b ? 0.5 : 0),
  (a, b) => (b > a ? 1 : a === b ? 0.5 : 0),
);

/** √(a² + b²) without overflow (Math.hypot); derivatives a/y and b/y, 0 at the origin. */
export const hypot = binaryOp(
  'hypot',
  Math.hypot,
  (a, _b, y) => (y === 0 ? 0 : a / y),
  (_a, b, y) => (y === 0 ? 0 : b / y),
);

// ---- comparisons and logic: 1 or 0, constant in their inputs ---------------------------

/** a < b as 1 or 0 (0 when either is NaN). No gradient flows through a comparison. */
export const lt = binaryOp('lt', (a, b) => (a < b ? 1 : 0), null, null);
/** a ≤ b as 1 or 0. */
export const le = binaryOp('le', (a, b) => (a <= b ? 1 : 0), null, null);
/** a > b as 1 or 0. */
export const gt = binaryOp('gt', (a, b) => (a > b ? 1 : 0), null, null);
/** a ≥ b as 1 or 0. */
export const ge = binaryOp('ge', (a, b) => (a >= b ? 1 : 0), null, null);
/** a = b as 1 or 0. */
export const eq = binaryOp('eq', (a, b) => (a === b ? 1 : 0), null, null);
/** a ≠ b as 1 or 0 (1 when either is NaN). */
export const ne = binaryOp('ne', (a, b) => (a !== b ? 1 : 0), null, null);
/** 1 when both a and b are nonzero (NaN counts as nonzero, as in C), else 0. */
export const and = binaryOp('and', (a, b) => (a !== 0 && b !== 0 ? 1 : 0), null, null);
/** 1 when a or b is nonzero, else 0. */
export const or = binaryOp('or', (a, b) => (a !== 0 || b !== 0 ? 1 : 0), null, null);
/** 1 when a is zero, else 0. */
export const not = unaryOp('not', (a) => (a === 0 ? 1 : 0), null);

/**
 * where(c, a, b) = c ? a : b row by row: a where c is nonzero (NaN counts as nonzero, as in
 * C), else b. The gradient goes to the chosen input only; none to c.
 */
export const where = ternaryOp('where', (c, a, b) => (c !== 0 ? a : b), [
  null,
  (c) => (c !== 0 ? 1 : 0),
  (c) => (c !== 0 ? 0 : 1),
]);

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

/** Base-10 logarithm. */
export const log10 = unaryOp('log10', Math.log10, (a) => 1 / (a * Math.LN10));

/** Base-2 logarithm. */
export const log2 = unaryOp('log2', Math.log2, (a) => 1 / (a * Math.LN2));

/** sinh a */
export const sinh = unaryOp('sinh', Math.sinh, (a) => Math.cosh(a));

/** cosh a */
export const cosh = unaryOp('cosh', Math.cosh, (a) => Math.sinh(a));

/** arsinh a */
export const asinh = unaryOp('asinh', Math.asinh, (a) => 1 / Math.sqrt(a * a + 1));

/** arcosh a (a ≥ 1; the derivative is +Infinity at 1). */
export const acosh = unaryOp('acosh', Math.acosh, (a) => 1 / Math.sqrt((a - 1) * (a + 1)));

/** artanh a (|a| < 1). */
export const atanh = unaryOp('atanh', Math.atanh, (a) => 1 / ((1 - a) * (1 + a)));

/** arcsin a (|a| ≤ 1). */
export const asin = unaryOp('asin', Math.asin, (a) => 1 / Math.sqrt((1 - a) * (1 + a)));

/** arccos a (|a| ≤ 1). */
export const acos = unaryOp('acos', Math.acos, (a) => -1 / Math.sqrt((1 - a) * (1 + a)));

/** The error function; erf'(a) = (2/√π)·e^(−a²). Our own implementation (special.ts). */
export const erf = unaryOp('erf', erfValue, (a) => TWO_OVER_SQRT_PI * Math.exp(-a * a));

/** The complementary error function 1 − erf(a), accurate far into the tail. */
export const erfc = unaryOp('erfc', erfcValue, (a) => -TWO_OVER_SQRT_PI * Math.exp(-a * a));

// ---- reductions to a scalar ---------------------------------------------------------

/** Sum of all values (a scalar's sum is itself). */
export const sum = reductionOp('sum', compensatedSum, () => 1);

/** Mean of all values (NaN for an empty column). */
export const mean = reductionOp('mean', (x) => compensatedSum(x) / x.length, (x) => 1 / x.length);
