/**
 * Turning the bytes of one cell into a number.
 *
 * Two functions that must agree bit for bit on every input:
 * - `cellNumber` is the reference: decode, trim, check the grammar, `Number()`.
 * - `scanDecimal` is the fast path of the byte scanner: it parses plain ASCII decimals itself,
 *   correctly rounded (Clinger's fast path: an exact integer mantissa of at most 15 digits times
 *   or divided by an exact power of ten up to 1e22 is one IEEE operation, hence one rounding),
 *   and hands anything else to `Number()` on the substring or back to `cellNumber`.
 */

/** What a user writes: sign, digits with an optional point, optional exponent. Nothing else. */
export const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Exact powers of ten: every one of these literals is a double without rounding. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Mantissas up to this many significant digits are exact integers (10^15 < 2^53). */
const EXACT_DIGITS = 15;

const utf8 = new TextDecoder('utf-8');

/** Node's fastest byte-to-string copy for one-byte characters; works on any Uint8Array. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

/** `bytes[start, end)` as a string of one-byte characters. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return latin1Slice.call(bytes, start, end);
}

/** The cell as text: bytes below 0x80 one to one, anything else decoded as UTF-8 (bad bytes become U+FFFD). */
export function cellText(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) return utf8.decode(bytes);
  }
  return latin1(bytes, 0, bytes.length);
}

/**
 * The reference conversion: the finite number a cell holds, or NaN when it holds none
 * (empty, text, NaN/inf spelled out, hex, a decimal comma, or a value that overflows).
 * Surrounding whitespace (as JavaScript's `trim` knows it) is ignored.
 */
export function cellNumber(bytes: Uint8Array): number {
  const text = cellText(bytes).trim();
  if (!NUMBER_PATTERN.test(text)) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/**
 * Parse the cell `buf[start, end)` on the fast path. Returns the number, or NaN when the cell is
 * not a plain ASCII decimal (optionally padded with spaces/tabs) or overflows; the caller then
 * asks `cellNumber` for the final word.
 */
export function scanDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  const numberStart = i;
  let negative = false;
  if (i < end) {
    const c = buf[i];
    if (c === 45) {
      negative = true;
      i++;
    } else if (c === 43) {
      i++;
    }
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  while (i < end) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    if (significant > 0 || d !== 0) significant++;
    digits++;
    i++;
  }
  if (i < end && buf[i] === 46) {
    i++;
    while (i < end) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      if (significant > 0 || d !== 0) significant++;
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let exponentNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      exponentNegative = buf[i] === 45;
      i++;
    }
    let exponentDigits = 0;
    while (i < end) {
      const d = buf[i]! - 48;
      if (d < 0 || d > 9) break;
      if (exponent < 100_000) exponent = exponent * 10 + d;
      exponentDigits++;
      i++;
    }
    if (exponentDigits === 0) return NaN;
    if (exponentNegative) exponent = -exponent;
  }
  const numberEnd = i;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  if (i !== end) return NaN;

  if (significant <= EXACT_DIGITS) {
    if (mantissa === 0) return negative ? -0 : 0;
    const power = exponent + scale;
    let value = NaN;
    if (power >= 0) {
      if (power <= 22) {
        value = mantissa * POW10[power]!;
      } else if (significant + power - 22 <= EXACT_DIGITS) {
        // Shift digits into the mantissa while it stays an exact integer, then one rounding.
        value = mantissa * POW10[power - 22]! * 1e22;
      }
    } else if (power >= -22) {
      value = mantissa / POW10[-power]!;
    }
    if (value === value) return negative ? -value : value;
  }
  const value = Number(latin1(buf, numberStart, numberEnd));
  return Number.isFinite(value) ? value : NaN;
}
