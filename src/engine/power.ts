/**
 * a^b as the engine and the fused kernel both compute it. Small positive whole exponents (the
 * powers of a polynomial) are products — Math.pow costs some 20–40 ns a call, which dominated
 * a polynomial fit over a million rows — and every other exponent goes to `**`. Both users
 * call this one function, so their values agree to the bit.
 */
export function power(a: number, b: number): number {
  if (b === 2) return a * a;
  if (b === 3) return a * a * a;
  if (Number.isInteger(b) && b > 3 && b <= 16) {
    // Binary exponentiation: at most 8 multiplications, a few ulps at worst.
    let result = 1;
    let base = a;
    let k = b;
    while (k > 0) {
      if (k & 1) result *= base;
      base *= base;
      k >>= 1;
    }
    return result;
  }
  return a ** b;
}
