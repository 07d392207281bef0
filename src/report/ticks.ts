/** Axis tick positions: round numbers a person would choose. */

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
function niceStep(raw: number): number {
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
