/**
 * Decimal to double, correctly rounded, for a mantissa of up to 19 digits: the Eisel–Lemire
 * algorithm (Lemire, "Number parsing at a gigabyte per second", 2021), as Go's strconv writes it
 * (`eiselLemire64`), in plain JavaScript numbers.
 *
 * w·10^q is computed as w (shifted to fill 64 bits) times the top 64 bits of a 128-bit truncation
 * of 10^q (the bits of 5^q), and the next 64 bits join in when the product's low bits are too close
 * to a carry. The top 54 bits of the product are then the double's mantissa and rounding bit,
 * unless a carry could still reach them or the value sits exactly half way between two doubles
 * with the even one below; in those rare cases the function declines (returns false) and the
 * caller asks `Number()`. It also declines for results that would be subnormal or overflow, and
 * for q outside the table (where every w of up to 19 digits underflows or overflows anyway).
 *
 * 64-bit words are pairs of 32-bit halves held in doubles (all integers below 2^53 are exact);
 * a 32×32-bit product takes its low half from `Math.imul` and its high half from the rounded
 * double product, which is within 2^12 of the exact one. (The halves go to `Math.imul` as `h | 0`,
 * the same 32 bits: given doubles of 2^31 or more after compiling it with smaller ones, V8 threw
 * the compiled code away at each such call, as `lost precision`.)
 */

/** Smallest and largest power of ten in the table. */
export const MIN_POWER = -342;
export const MAX_POWER = 308;

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
const TWO52 = 4503599627370496;
const TWO53 = 9007199254740992;

/**
 * 10^q as a normalised 128-bit mantissa (top bit set), rounded down: four 32-bit words, most
 * significant first, at [4(q − MIN_POWER), +4). A row of zeros is an entry not computed yet
 * (entries are made when first needed, so a file whose numbers use a few exponents pays for those).
 */
const POWERS = new Float64Array((MAX_POWER - MIN_POWER + 1) * 4);

/**
 * 2^(e − 1075) at index e, for the biased exponents e = 1..2046 of normal doubles (index 0 unused);
 * filled with the first row of POWERS, which every use of the table waits for (a process that
 * never needs it, reading a small file, does not pay for the loop at start-up).
 */
const SCALE = new Float64Array(2047);

/** Compute the table row of 10^q (see POWERS), and SCALE if it is still empty. */
function computePower(q: number): void {
  if (SCALE[2046] === 0) for (let e = 1, v = 2 ** -1074; e < 2047; e++, v *= 2) SCALE[e] = v;
  const p = 5n ** BigInt(Math.abs(q));
  const bits = p.toString(2).length;
  // 10^q = 5^q · 2^q: the power of two only moves the binary point, so the bits are those of 5^q
  // (or of 1/5^-q, taken to 128 bits by a long division, rounded down).
  const v = q >= 0 ? (bits >= 128 ? p >> BigInt(bits - 128) : p << BigInt(128 - bits)) : (1n << BigInt(127 + bits)) / p;
  const at = (q - MIN_POWER) * 4;
  for (let k = 0; k < 4; k++) POWERS[at + k] = Number((v >> BigInt(96 - 32 * k)) & 0xffffffffn);
}

/** The 128-bit table entry of 10^q, most significant word first (for tests). */
export function powerOfTenWords(q: number): number[] {
  const at = (q - MIN_POWER) * 4;
  if (POWERS[at] === 0) computePower(q);
  return Array.from(POWERS.subarray(at, at + 4));
}

/** Upper 32 bits of the exact product of two 32-bit unsigned integers, given its lower 32 bits. */
function mulHigh(a: number, b: number, low: number): number {
  return Math.round((a * b - low) * INV_TWO32);
}

/**
 * Store at `out[index]` the double nearest to w·10^q, negated when `negative`, and return true; or
 * return false, storing nothing, when the fast algorithm cannot decide it (see the module comment).
 * w, not zero, is given as its 32-bit halves: `mantissa[0]` the high one, `mantissa[1]` the low one.
 * (Doubles come and go through arrays because V8 passes and returns them boxed from a function too
 * large to inline: an allocation per number.)
 */
export function eiselLemire(mantissa: Float64Array, q: number, negative: boolean, out: Float64Array, index: number): boolean {
  if (q < MIN_POWER || q > MAX_POWER) return false;
  const w1 = mantissa[0];
  const w0 = mantissa[1];

  // Normalise: shift w left until its top bit is set.
  let n1: number;
  let n0: number;
  let clz: number;
  if (w1 !== 0) {
    clz = Math.clz32(w1);
    if (clz === 0) {
      n1 = w1;
      n0 = w0;
    } else {
      n1 = ((w1 << clz) | (w0 >>> (32 - clz))) >>> 0;
      n0 = (w0 << clz) >>> 0;
    }
  } else {
    const z = Math.clz32(w0);
    clz = 32 + z;
    n1 = (w0 << z) >>> 0;
    n0 = 0;
  }
  // floor(q · log2(10)) + 64 + bias − clz; 217706 / 2^16 ≈ log2(10), exact over the table's range.
  let exponent = ((217706 * q) >> 16) + 1087 - clz;

  const at = (q - MIN_POWER) * 4;
  if (POWERS[at] === 0) computePower(q);
  // x = n × t (the upper 64 bits of the table entry): 128 bits in words x3..x0.
  multiply(n1, n0, POWERS[at], POWERS[at + 1], product);
  let x3 = product[0];
  let x2 = product[1];
  let x1 = product[2];
  let x0 = product[3];

  // Wider approximation: the low 9 bits are all ones and adding the rest of the product could
  // carry into them. Look at the lower 64 bits of the table entry too.
  if ((x2 & 0x1ff) === 0x1ff && carriesOut(x1, x0, n1, n0)) {
    // (product still holds x.)
    if (!widen(n1, n0, at)) return false;
    x3 = product[0];
    x2 = product[1];
    x1 = product[2];
    x0 = product[3];
  }

  // Take 54 bits from the top (the top bit of x is bit 127 or 126): 53 bits and a rounding bit.
  const msb = x3 >>> 31;
  const shift = msb + 9;
  const roundBit = (x2 >>> shift) & 1;
  const low = (x2 >>> (shift + 1)) & 1;
  exponent -= 1 ^ msb;

  // Exactly half way, with the even neighbour below: only exact arithmetic can tell.
  if (x1 === 0 && x0 === 0 && (x2 & 0x1ff) === 0 && roundBit === 1 && low === 0) return false;

  // Round half up (ties reaching here are odd below, so this is round half to even).
  let bits = x3 * (msb === 1 ? 2097152 : 4194304) + (x2 >>> (shift + 1)) + roundBit;
  if (bits === TWO53) {
    bits = TWO52;
    exponent++;
  }
  // A subnormal result or an overflow: leave it to Number().
  if (exponent <= 0 || exponent >= 0x7ff) return false;
  const value = bits * SCALE[exponent];
  out[index] = negative ? -value : value;
  return true;
}

/** 128-bit products as four 32-bit words, most significant first: x (also handed to and from `widen`), and y. */
const product = new Float64Array(4);
const lower = new Float64Array(4);

/**
 * The 128-bit product of n (halves n1, n0) and a 64-bit word of the table (halves t1, t0), into
 * `into` (four 32-bit words, most significant first). Each 32×32-bit partial product takes its
 * low half from `Math.imul` and its high half from `mulHigh`.
 */
function multiply(n1: number, n0: number, t1: number, t0: number, into: Float64Array): void {
  const l00 = Math.imul(n0 | 0, t0 | 0) >>> 0;
  const h00 = mulHigh(n0, t0, l00);
  const l01 = Math.imul(n0 | 0, t1 | 0) >>> 0;
  const h01 = mulHigh(n0, t1, l01);
  const l10 = Math.imul(n1 | 0, t0 | 0) >>> 0;
  const h10 = mulHigh(n1, t0, l10);
  const l11 = Math.imul(n1 | 0, t1 | 0) >>> 0;
  const h11 = mulHigh(n1, t1, l11);
  const column1 = h00 + l01 + l10;
  const w1 = column1 >>> 0;
  const column2 = h01 + h10 + l11 + (column1 - w1) * INV_TWO32;
  const w2 = column2 >>> 0;
  into[0] = h11 + (column2 - w2) * INV_TWO32;
  into[1] = w2;
  into[2] = w1;
  into[3] = l00;
}

/**
 * Wider approximation, when the low 9 bits of x are all ones and adding the rest of the product
 * could carry into them: x (in `product`) plus the product of n and the lower 64 bits of the
 * table entry at `at`, shifted down 64 bits. Returns false when even that cannot decide. (A
 * function of its own: rare, so that `eiselLemire` compiles small, and its deoptimisations on
 * values it has not seen cost this function's code, not the hot path's.)
 */
function widen(n1: number, n0: number, at: number): boolean {
  const x3 = product[0];
  const x2 = product[1];
  const x1 = product[2];
  const x0 = product[3];
  // y = n × (the lower 64 bits of the table entry): only its words y3..y0 are needed.
  multiply(n1, n0, POWERS[at + 2], POWERS[at + 3], lower);
  const y3 = lower[0];
  const y2 = lower[1];
  const y1 = lower[2];
  const y0 = lower[3];
  // merged = x + (y >> 64): add y's upper half to x's lower half, carrying up.
  const s0 = x0 + y2;
  const r0 = s0 >>> 0;
  const s1 = x1 + y3 + (s0 - r0) * INV_TWO32;
  const r1 = s1 >>> 0;
  const s2 = x2 + (s1 - r1) * INV_TWO32;
  const r2 = s2 >>> 0;
  const r3 = x3 + (s2 - r2) * INV_TWO32;
  if ((r2 & 0x1ff) === 0x1ff && r1 === 0xffffffff && r0 === 0xffffffff && carriesOut(y1, y0, n1, n0)) return false;
  product[0] = r3;
  product[1] = r2;
  product[2] = r1;
  product[3] = r0;
  return true;
}

/** Whether (a1, a0) + (b1, b0), two 64-bit words as 32-bit halves, reaches 2^64. */
function carriesOut(a1: number, a0: number, b1: number, b0: number): boolean {
  const s0 = a0 + b0;
  return a1 + b1 + (s0 >= TWO32 ? 1 : 0) >= TWO32;
}
