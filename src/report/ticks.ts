/** Axis tick positions: round numbers a person would choose. */
import { formatNumber } from './format.js';

/**
 * About `count` ticks at multiples of 1, 2 or 5 × 10^k inside [min, max]
 * (`niceTicks(0, 9.3, 5)` is [0, 2, 4, 6, 8]). A degenerate or non-finite range gives its ends.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || !(max > min)) return Number.isFinite(min) ? [min] : [];
  const span = max - min;
  if (!Number.isFinite(span)) return [min, max];
  const step = niceStep(span / Math.max(1, count));
  if (!(step > 0 && Number.isFinite(step))) return [min, max];
  // A hair of slack so that 0.35 / 0.05 = 6.999999999999999 still counts as 7.
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last && ticks.length <= 4 * count; k++) ticks.push(Number((k * step).toPrecision(12)) + 0); // + 0: no -0
  return ticks;
}

/** 1, 2 or 5 × 10^k, the nearest such to `raw` (on a log scale). */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  const factor = scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10;
  return factor * power;
}

/**
 * Ticks for a log10 axis spanning [minExp, maxExp] (exponents): 1, 2 and 5 of each decade
 * when it spans two decades or fewer, every decade or every k-th when there are more; within
 * less than one whole decade, round values (niceTicks of 10^minExp..10^maxExp).
 */
export function logTicks(minExp: number, maxExp: number, count = 5): number[] {
  const decades: number[] = [];
  const lo = Math.ceil(minExp) + 0;
  const hi = Math.floor(maxExp);
  if (hi - lo + 1 < 2) {
    // Less than a whole decade: round values, placed on the log axis.
    return niceTicks(10 ** minExp, 10 ** maxExp, count)
      .filter((v) => v > 0)
      .map(Math.log10);
  }
  if (hi - lo + 1 <= 2) {
    // Two decades or fewer: 1, 2 and 5 in each.
    for (let e = Math.floor(minExp); e <= hi; e++) {
      for (const m of [1, 2, 5]) {
        const t = e + Math.log10(m);
        if (t >= minExp && t <= maxExp) decades.push(t);
      }
    }
    return decades;
  }
  const stride = Math.max(1, Math.ceil((hi - lo + 1) / (count + 1)));
  for (let e = lo; e <= hi; e += stride) decades.push(e);
  return decades;
}

/** A log10 axis: its range and its ticks, all as exponents (3 is 1000). */
export interface LogAxis {
  min: number;
  max: number;
  ticks: number[];
}

/**
 * A log10 axis that covers the exponents [minExp, maxExp] and has a tick at each end, so the
 * smallest and the largest values both have a labelled line at or beyond them: whole decades
 * when the data spans more than two, ending at the 1, 2 or 5 × 10^k next to the data when it
 * spans at most four (`logAxis(3.62, 6.06)` runs from 2×10³ to 2×10⁶ with ticks there and at
 * 10⁴, 10⁵, 10⁶), at every k-th decade beyond (the range stretched to a whole number of
 * strides); 1, 2 and 5 of each decade when it spans two or fewer; within less than a decade,
 * round values, the range extended to the round value below and above (the bottom stays at
 * the data when the round value below is 0).
 * A non-finite or inverted range gives itself with `logTicks`.
 */
export function logAxis(minExp: number, maxExp: number, count = 5): LogAxis {
  if (!(Number.isFinite(minExp) && Number.isFinite(maxExp) && maxExp > minExp)) return { min: minExp, max: maxExp, ticks: logTicks(minExp, maxExp, count) };
  const lo = Math.ceil(minExp) + 0;
  const hi = Math.floor(maxExp);
  const wholeDecades = hi - lo + 1;
  if (wholeDecades > 2) {
    const bottom = Math.floor(minExp);
    const stride = Math.max(1, Math.ceil((Math.ceil(maxExp) - bottom + 1) / (count + 1)));
    const top = bottom + stride * Math.ceil((Math.ceil(maxExp) - bottom) / stride);
    const ticks: number[] = [];
    for (let e = bottom; e <= top; e += stride) ticks.push(e);
    if (stride > 1 || top - bottom > NARROW_DECADES) return { min: bottom, max: top, ticks };
    // Few decades: end at the 1, 2 or 5 next to the data rather than waste most of an end decade.
    const below = oneTwoFive(minExp, 'below');
    const above = oneTwoFive(maxExp, 'above');
    const decades = ticks.filter((e) => e > below && e < above);
    return { min: below, max: above, ticks: [below, ...decades, above] };
  }
  if (wholeDecades === 2 || (wholeDecades === 1 && maxExp - minExp > 0.7)) {
    // Up to about two decades: 1, 2 and 5 of each, from the one at or below the data to the one at or above.
    const steps: number[] = [];
    for (let e = Math.floor(minExp) - 1; e <= Math.ceil(maxExp); e++) for (const m of [1, 2, 5]) steps.push(e + Math.log10(m));
    const below = oneTwoFive(minExp, 'below');
    const above = oneTwoFive(maxExp, 'above');
    return { min: below, max: above, ticks: steps.filter((t) => t >= below && t <= above) };
  }
  // Within a decade or so: round values of the values themselves.
  const v0 = 10 ** minExp;
  const v1 = 10 ** maxExp;
  const step = niceStep((v1 - v0) / Math.max(1, count));
  if (!(v0 > 0 && step > 0 && Number.isFinite(v1) && Number.isFinite(step))) return { min: minExp, max: maxExp, ticks: logTicks(minExp, maxExp, count) };
  const first = Math.floor(v0 / step + 1e-9);
  const last = Math.ceil(v1 / step - 1e-9);
  const ticks: number[] = [];
  if (first <= 0) ticks.push(minExp); // no round value above 0 below the data: the bottom is the data
  for (let k = Math.max(1, first); k <= last; k++) ticks.push(Math.log10(Number((k * step).toPrecision(15))));
  // A rounding hair inside the data still counts as the end.
  ticks[0] = Math.min(ticks[0], minExp);
  ticks[ticks.length - 1] = Math.max(ticks.at(-1)!, maxExp);
  return { min: ticks[0], max: ticks.at(-1)!, ticks };
}

/** Up to this many decades, a log axis may end at a 2 or a 5 rather than at a power of ten. */
const NARROW_DECADES = 4;

/** The exponent of the largest 1, 2 or 5 × 10^k at or below 10^exp ('below'), or the smallest at or above it. */
function oneTwoFive(exp: number, side: 'below' | 'above'): number {
  const candidates = [-1, 0, 1].flatMap((d) => [1, 2, 5].map((m) => Math.floor(exp) + d + Math.log10(m)));
  return side === 'below' ? candidates.filter((t) => t <= exp + 1e-12).at(-1)! : candidates.find((t) => t >= exp - 1e-12)!;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * Labels for the ticks of a log10 axis (given as exponents), all in one notation: plain numbers
 * when every tick lies within 0.001..100000 (`0.01`, `500`, `20000`), otherwise powers of ten
 * (`10³`, `2×10⁴`, `10⁻⁶`), so one axis never mixes `100000` with `1e+6`; three significant
 * digits, more when the ticks need them to differ.
 */
export function logTickLabeller(ticks: readonly number[]): (exp: number) => string {
  const plain = ticks.every((e) => e >= -3 - 1e-9 && e <= 5 + 1e-9);
  const label = (e: number, digits: number): string => {
    if (plain) return formatNumber(10 ** e, digits);
    let k = Math.floor(e + 1e-9);
    let mantissa = formatNumber(10 ** (e - k), digits);
    if (mantissa === '10') {
      k += 1;
      mantissa = '1';
    }
    const power = `10${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
    return mantissa === '1' ? power : `${mantissa}×${power}`;
  };
  // Three significant digits, or as many more as it takes to tell the ticks apart.
  let digits = 3;
  while (digits < 15 && new Set(ticks.map((e) => label(e, digits))).size < ticks.length) digits++;
  return (e) => label(e, digits);
}
