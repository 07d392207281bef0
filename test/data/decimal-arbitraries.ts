/**
 * Decimal text that is hard to convert correctly: doubles in every notation JavaScript prints,
 * long random mantissas, exact and near midpoints between neighbouring doubles, and the edges of
 * the double range. Shared by the number-parsing tests.
 */
import fc from 'fast-check';

const bits = new BigUint64Array(1);
const float = new Float64Array(bits.buffer);

/** The largest finite double's bits. */
const MAX_BITS = 0x7fefffffffffffffn;

/** The double `steps` doubles above (or below) finite x ≥ 0, kept within [0, DBL_MAX]. */
export function stepped(x: number, steps: number): number {
  float[0] = x;
  const moved = bits[0] + BigInt(steps);
  bits[0] = moved < 0n ? 0n : moved > MAX_BITS ? MAX_BITS : moved;
  return float[0];
}

/** A finite double x ≥ 0 as integer·2^exponent, exactly. */
function binary(x: number): { integer: bigint; exponent: number } {
  float[0] = x;
  const raw = bits[0];
  const biased = Number((raw >> 52n) & 0x7ffn);
  const fraction = raw & ((1n << 52n) - 1n);
  return biased === 0 ? { integer: fraction, exponent: -1074 } : { integer: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** integer·2^exponent written exactly in decimal, as digits·10^power. */
function exactly(integer: bigint, exponent: number): { digits: string; power: number } {
  if (exponent >= 0) return { digits: (integer << BigInt(exponent)).toString(), power: 0 };
  // 2^-k = 5^k / 10^k
  return { digits: (integer * 5n ** BigInt(-exponent)).toString(), power: exponent };
}

/** The number exactly half way between finite x ≥ 0 and the next double up, as digits·10^power. */
export function midpoint(x: number): { digits: string; power: number } {
  const { integer, exponent } = binary(x);
  return exactly(2n * integer + 1n, exponent - 1);
}

/** digits·10^power in positional notation ("0.00123", "123.45", "12300"). */
export function positional(digits: string, power: number): string {
  if (power >= 0) return digits + '0'.repeat(power);
  const point = digits.length + power;
  return point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
}

/** Add leading zeros to the mantissa and trailing zeros to its fraction: the value stays. */
export function padZeros(text: string, leading: number, trailing: number): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+)?$/.exec(text);
  if (!m) return text;
  const [, sign, integer, fraction, exponent] = m;
  const point = fraction !== undefined || trailing > 0 ? `.${fraction ?? ''}${'0'.repeat(trailing)}` : '';
  return `${sign}${'0'.repeat(leading)}${integer}${point}${exponent ?? ''}`;
}

const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const positiveDouble = fc.double({ min: 0, noNaN: true, noDefaultInfinity: true, max: Number.MAX_VALUE });

/** Doubles as JavaScript prints them: shortest, with 1–21 significant digits, exponential, fixed. */
const printedDouble = fc.tuple(finiteDouble, fc.integer({ min: 1, max: 21 }), fc.integer({ min: 0, max: 20 }), fc.nat(3)).map(([x, precision, decimals, how]) => {
  if (how === 0) return String(x);
  if (how === 1) return x.toPrecision(precision);
  if (how === 2) return x.toExponential(decimals);
  return Math.abs(x) < 1e21 ? x.toFixed(decimals) : String(x);
});

/** 1–25 random digits, a point anywhere (or none), an exponent from −330 to 330 (or none). */
const randomDigits = fc
  .tuple(fc.stringMatching(/^[0-9]{1,25}$/), fc.nat(25), fc.boolean(), fc.constantFrom('e', 'E'), fc.integer({ min: -330, max: 330 }))
  .map(([digits, at, point, e, exponent]) => {
    const cut = Math.min(at, digits.length);
    const mantissa = point ? `${digits.slice(0, cut)}.${digits.slice(cut)}` : digits;
    return at % 3 === 0 ? mantissa : `${mantissa}${e}${exponent}`;
  });

/**
 * Midpoints between neighbouring doubles, written exactly (a tie: round half to even decides), and
 * the same cut to 15–20 significant digits and nudged by one in the last digit (just above or
 * below a tie).
 */
const halfway = fc.tuple(positiveDouble, fc.boolean(), fc.integer({ min: 15, max: 20 }), fc.constantFrom(-1n, 0n, 1n)).map(([x, exact, keep, nudge]) => {
  const { digits, power } = midpoint(x);
  if (exact || digits.length <= keep) return power === 0 ? digits : `${digits}e${power}`;
  const cut = BigInt(digits.slice(0, keep)) + nudge;
  return `${cut}e${power + digits.length - keep}`;
});

/** Integer midpoints of large doubles (below 2^64 they have at most 20 digits), positional. */
const integerHalfway = fc.tuple(fc.integer({ min: 53, max: 66 }), fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true })).map(([power, scale]) => {
  const { digits, power: p } = midpoint(2 ** power * scale);
  return positional(digits, p);
});

/** The edges: a few doubles either side of 2^53, 2^63, 2^64, 10^19, DBL_MAX, the smallest normal, subnormals, 1. */
const edges = fc
  .tuple(fc.constantFrom(2 ** 53, 2 ** 63, 2 ** 64, 1e19, Number.MAX_VALUE, 2 ** -1022, 2 ** -1050, Number.MIN_VALUE, 1, 1e23, 0.1), fc.integer({ min: -40, max: 40 }), fc.nat(2))
  .map(([anchor, steps, how]) => {
    const x = stepped(anchor, steps);
    return how === 0 ? String(x) : how === 1 ? x.toPrecision(17) : x.toPrecision(19);
  });

/** Integers next to 2^53 (where exact integer doubles end) and just below 10^19 (the longest fast-path mantissa). */
const bigIntegers = fc.tuple(fc.constantFrom(2n ** 53n, 10n ** 19n, 2n ** 64n), fc.integer({ min: -2000, max: 2000 })).map(([anchor, k]) => (anchor + BigInt(k)).toString());

/** Texts a hand picks. */
const special = fc.constantFrom(
  '0', '-0', '+0', '0.0', '-0.0e-999', '0e999', '.0', '0.',
  '9007199254740993', '9007199254740992.5', '9007199254740993.0000000000001', '18446744073709551615', '18446744073709551616', '9999999999999999999', '10000000000000000000',
  '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623158079e308', '1.797693134862315807937e308', '1.7976931348623159e308',
  '2.2250738585072014e-308', '2.2250738585072011e-308', '2.2250738585072012e-308', '4.9406564584124654e-324', '2.4703282292062327e-324', '2.4703282292062328e-324',
  '1e-400', '1e400', '1e-342', '1e-343', '1e308', '1e309', '123456789012345678e-360', '1234567890123456789e289',
  '0.1', '0.3', '1e23', '8.589973e9', '5e-324', '0.000000000000000000000000000000000000001234567890123456789',
);

/** A decimal to test a parser on: any of the above, with a sign and zero padding now and then. */
export const hardDecimal = fc
  .tuple(
    fc.oneof(printedDouble, randomDigits, halfway, integerHalfway, edges, bigIntegers, special),
    fc.constantFrom('', '', '', '-', '+'),
    fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 25 }) }),
    fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 25 }) }),
  )
  .map(([text, sign, leading, trailing]) => padZeros(/^[+-]/.test(text) ? text : sign + text, leading, trailing));
