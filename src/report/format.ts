/** Numbers as text: rounded for people, full precision for machines. */

/** Largest and smallest magnitudes written without an exponent by `formatNumber`. */
const FIXED_MAX_EXPONENT = 5;
const FIXED_MIN_EXPONENT = -4;

/**
 * `v` rounded to `digits` significant digits (clamped to 1..17) for people to read:
 * `formatNumber(1.17127749, 4)` is `"1.171"`, `750.24, 4` is `"750.2"`, `123456.7, 4` is
 * `"123457"` (integer digits are never rounded away below 1e6), `1.5e-7, 4` is `"1.5e-7"`,
 * `2.5e9, 4` is `"2.5e+9"`. No more digits than the shortest exact text has (3.14159 at 17
 * digits stays `"3.14159"`), trailing zeros dropped, `-0` as `"0"`, and the non-finite
 * values as `"NaN"`, `"inf"`, `"-inf"`.
 */
export function formatNumber(v: number, digits: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return '0';
  // Never more digits than the shortest exact text has: 3.14159 at 17 digits is not 3.1415899999999999.
  const d = Math.min(clampDigits(digits), significantDigits(v));
  const exponential = v.toExponential(d - 1);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  if (exponent > FIXED_MAX_EXPONENT || exponent < FIXED_MIN_EXPONENT) {
    const [mantissa, exp] = exponential.split('e') as [string, string];
    return `${trimFraction(mantissa)}e${exp}`;
  }
  const decimals = Math.max(0, d - 1 - exponent);
  return trimFraction(v.toFixed(decimals));
}

/**
 * The shortest text that reads back as exactly `v` (JavaScript's `String(v)`), with `-0` as
 * `"0"`: for results at full precision (grad output, --quiet lines, CSV, traces).
 */
export function formatFull(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** Significant digits in the shortest text that reads back as v (3.14159 → 6). */
function significantDigits(v: number): number {
  const mantissa = v.toExponential().split('e')[0];
  return mantissa.replace(/[-.]/g, '').length;
}

function clampDigits(digits: number): number {
  if (!Number.isFinite(digits)) return 6;
  return Math.min(17, Math.max(1, Math.round(digits)));
}

/** "1.2500" → "1.25", "3.000" → "3", "12" → "12". */
function trimFraction(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/\.?0+$/, '');
}
