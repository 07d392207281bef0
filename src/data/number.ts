/**
 * Turning the bytes of one cell into a number.
 *
 * Functions that must agree bit for bit on every input:
 * - `cellNumber` is the reference: decode, trim, check the grammar, `Number()`.
 * - `readNumber` is the fast path of the byte scanner: it parses a plain ASCII decimal in place,
 *   correctly rounded without making a string, and `scanDecimal` is the same for a whole cell.
 *   A mantissa of up to 19 significant digits is exact in two words; then
 *   - Clinger's fast path: when it is below 2^53 and the power of ten is at most 22 (both exact
 *     doubles), one IEEE multiplication or division, hence one rounding, is the answer;
 *   - otherwise Eisel–Lemire (eisel-lemire.ts), which decides all but rare near-halfway cases;
 *   - and `Number()` on the number's bytes for what is left: longer mantissas, those rare cases,
 *     subnormals and overflows.
 *   The first numbers a thread reads (`COLD_NUMBERS`) go straight to `Number()` once their grammar
 *   is checked: until V8 has compiled the code above, interpreting it costs several microseconds a
 *   number, a few times what `Number()` costs. Both are correctly rounded, so the value is the same.
 */
import { eiselLemire } from './eisel-lemire.js';

/** What a user writes: sign, digits with an optional point, optional exponent. Nothing else. */
export const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Exact powers of ten: every one of these literals is a double without rounding. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Significant digits that fit the fast path's 64-bit mantissa (10^19 < 2^64). */
const MAX_DIGITS = 19;

/** Exponents this large or larger (in magnitude) are left to `Number()`. */
const EXPONENT_LIMIT = 100_000;

/**
 * Numbers converted by `Number()` before the code here takes over: enough to cover a small file
 * (where this is most of the reading) and the start of a large one, on every thread.
 */
const COLD_NUMBERS = 4096;

/** Numbers this thread has still to convert with `Number()` (see COLD_NUMBERS). */
let coldNumbers = COLD_NUMBERS;

/**
 * Numbers that take every path of the conversion in `readNumber`: Clinger's with each kind of
 * power, mantissas of 16 to 19 digits, Eisel–Lemire's wider product (three of them, so that its
 * sums are seen to leave the int32 range) and its carry into the next power of two, and what is
 * left to Number() (a tie, a subnormal, more than 19 digits). A thread converts them once, after
 * its first PRIME_AFTER numbers (still among its cold ones), so that V8 compiles `readNumber`
 * knowing every path: compiled on the cold numbers alone, it was thrown away at the first number
 * that took a new path and compiled again, three times a thread (35, 18 and 10 ms of a core).
 */
const PRIME =
  '0 -0.0 7 12345 1.5 -3e10 12e30 1e40 123456789e-30 123e-30 -2.9311826783144834 14.27996382253098 123456789012345678 ' +
  '1234567890123456789 9999999999999999999 989303394420387268e-9 476615071060863533e-7 40928294900994125e-2 ' +
  '9999999999999999999e-19 9007199254740993 1e-310 ' +
  '1.2345678901234567890123 +6.02214076E23';

/** After this many cold numbers, a thread converts PRIME (a file this long is likely to go on). */
const PRIME_AFTER = 256;

/** Convert PRIME with the code of the warm numbers (the values are thrown away). */
function primeConversion(): void {
  const cold = coldNumbers;
  coldNumbers = 0;
  const bytes = Buffer.from(PRIME, 'latin1');
  const out = new Float64Array(1);
  for (let i = 0; i < bytes.length; i++) {
    const end = bytes.indexOf(32, i);
    i = readNumber(bytes, i, end < 0 ? bytes.length : end, out, 0);
  }
  coldNumbers = cold;
}

/** For tests: how many of the next numbers `readNumber` converts with `Number()` (0: none). */
export function setColdNumbers(count: number): void {
  coldNumbers = count;
}

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
const TWO53 = 9007199254740992;

/** Made when a cell first needs it: making one costs a tenth of a millisecond at start-up. */
let utf8: InstanceType<typeof TextDecoder> | null = null;

/** Node's fastest byte-to-string copy for one-byte characters; works on any Uint8Array. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

/** `bytes[start, end)` as a string of one-byte characters. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return latin1Slice.call(bytes, start, end);
}

/** The cell as text: bytes below 0x80 one to one, anything else decoded as UTF-8 (bad bytes become U+FFFD). */
export function cellText(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) return (utf8 ??= new TextDecoder('utf-8')).decode(bytes);
  }
  return latin1(bytes, 0, bytes.length);
}

/**
 * The reference conversion: the finite number a cell holds, or NaN when it holds none
 * (empty, text, NaN/inf spelled out, hex, a decimal comma, or a value that overflows).
 * Surrounding whitespace (as JavaScript's `trim` knows it) is ignored.
 */
export function cellNumber(bytes: Uint8Array, point = 46): number {
  let text = cellText(bytes).trim();
  if (point === 44) {
    // A decimal comma (--decimal ,): the same grammar with ',' for '.'; a '.' is then no number.
    if (text.includes('.')) return NaN;
    text = text.replace(',', '.');
  }
  if (!NUMBER_PATTERN.test(text)) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

/** A mantissa of up to 64 bits as its 32-bit halves (high, low), as `eiselLemire` takes it. */
const halves = new Float64Array(2);

/** a·m + b into `halves`, exactly: a, m, b are below 2^32 and the result below 2^64. */
function mulAdd(a: number, m: number, b: number): void {
  const low = Math.imul(a, m) >>> 0;
  const high = Math.round((a * m - low) * INV_TWO32);
  const sum = low + b;
  const carry = sum >= TWO32 ? 1 : 0;
  halves[0] = high + carry;
  halves[1] = sum - carry * TWO32;
}

/**
 * Read the plain decimal that starts exactly at `buf[start]` (sign, digits with an optional point,
 * optional exponent; no padding), store its value at `out[index]` and return the offset just past
 * it. Returns -1, storing nothing, when no such number starts there or its value is not finite.
 * The caller decides whether what follows the number may end the cell.
 */
export function readNumber(buf: Uint8Array, start: number, end: number, out: Float64Array, index: number, point = 46): number {
  let i = start;
  // An optional sign, without a branch (in data, signs come as they please: a branch would be
  // mispredicted half the time). '+' is 43 and '-' is 45: a sign leaves 0 or 2 after subtracting 43.
  const first = i < end ? buf[i] : 0;
  const negative = first === 45;
  i += ((first - 43) & ~2) === 0 ? 1 : 0;
  // Significant digits (after any leading zeros) go nine at a time into an int32 `chunk` (integer
  // arithmetic: a short dependency chain per digit); a full chunk moves to `top` (digits 1–9) or
  // `middle` (digits 10–18). `full` counts full chunks.
  let chunk = 0;
  let chunkDigits = 0;
  let full = 0;
  let top = 0;
  let middle = 0;
  const integerStart = i;
  while (i < end && buf[i] === 48) i++;
  while (i < end) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    chunk = (chunk * 10 + d) | 0;
    if (++chunkDigits === 9) {
      if (full === 0) top = chunk;
      else if (full === 1) middle = chunk;
      full++;
      chunk = 0;
      chunkDigits = 0;
    }
    i++;
  }
  let digits = i - integerStart;
  let scale = 0;
  if (i < end && buf[i] === point) {
    i++;
    const fractionStart = i;
    if (full === 0 && chunkDigits === 0) while (i < end && buf[i] === 48) i++;
    while (i < end) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      chunk = (chunk * 10 + d) | 0;
      if (++chunkDigits === 9) {
        if (full === 0) top = chunk;
        else if (full === 1) middle = chunk;
        full++;
        chunk = 0;
        chunkDigits = 0;
      }
      i++;
    }
    scale = fractionStart - i;
    digits += i - fractionStart;
  }
  if (digits === 0) return -1;
  let exponent = 0;
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let exponentNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      exponentNegative = buf[i] === 45;
      i++;
    }
    const exponentStart = i;
    while (i < end) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      // Past any exponent that matters, stop counting (Number() reads the rest).
      if (exponent < EXPONENT_LIMIT) exponent = exponent * 10 + d;
      i++;
    }
    if (i === exponentStart) return -1;
    if (exponentNegative) exponent = -exponent;
  }

  if (coldNumbers > 0) {
    if (--coldNumbers === COLD_NUMBERS - PRIME_AFTER) primeConversion();
    return numberOf(buf, start, i, out, index, point);
  }
  const significant = full * 9 + chunkDigits;
  if (significant <= MAX_DIGITS && exponent < EXPONENT_LIMIT && exponent > -EXPONENT_LIMIT) {
    const power = exponent + scale;
    const shift = POW10[chunkDigits];
    // The mantissa as a double: exact whenever it is below 2^53 (and then it says so).
    const w = full === 0 ? chunk : full === 1 ? top * shift + chunk : (top * 1e9 + middle) * shift + chunk;
    if (w === 0) {
      out[index] = negative ? -0 : 0;
      return i;
    }
    if (w < TWO53) {
      let value = NaN;
      if (power >= 0) {
        if (power <= 22) {
          value = w * POW10[power];
        } else if (power <= 44) {
          // Move digits into the mantissa while it stays exact, then one rounding.
          const shifted = w * POW10[power - 22];
          if (shifted < TWO53) value = shifted * 1e22;
        }
      } else if (power >= -22) {
        value = w / POW10[-power];
      }
      if (value === value) {
        out[index] = negative ? -value : value;
        return i;
      }
      const w1 = Math.floor(w * INV_TWO32);
      halves[0] = w1;
      halves[1] = w - w1 * TWO32;
      if (eiselLemire(halves, power, negative, out, index)) return i;
    } else {
      // 16 to 19 digits: w rebuilt exactly in 32-bit halves.
      if (full === 1) {
        mulAdd(top, shift, chunk);
      } else {
        mulAdd(top, 1e9, middle);
        if (chunkDigits === 1) {
          const bottom = halves[1] * 10 + chunk;
          const carry = Math.floor(bottom * INV_TWO32);
          halves[0] = halves[0] * 10 + carry;
          halves[1] = bottom - carry * TWO32;
        }
      }
      if (eiselLemire(halves, power, negative, out, index)) return i;
    }
  }
  return numberOf(buf, start, i, out, index, point);
}

/** readNumber's last resort: `Number()` on the bytes of a number whose grammar is checked. */
function numberOf(buf: Uint8Array, start: number, end: number, out: Float64Array, index: number, point: number): number {
  const text = latin1(buf, start, end);
  const value = Number(point === 46 ? text : text.replace(String.fromCharCode(point), '.'));
  if (!Number.isFinite(value)) return -1;
  out[index] = value;
  return end;
}

/** Where `scanDecimal` puts the number before returning it. */
const scratch = new Float64Array(1);

/**
 * Parse the cell `buf[start, end)` on the fast path. Returns the number, or NaN when the cell is
 * not a plain ASCII decimal (optionally padded with spaces/tabs) or overflows; the caller then
 * asks `cellNumber` for the final word.
 */
export function scanDecimal(buf: Uint8Array, start: number, end: number, point = 46): number {
  let i = start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  i = readNumber(buf, i, end, scratch, 0, point);
  if (i < 0) return NaN;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  return i === end ? scratch[0] : NaN;
}
