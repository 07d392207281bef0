/** Mapping values onto a drawing: ranges and positions within them. */

/** [min, max] of finite values, widened when empty or of zero width so that max > min. */
export function paddedRange(values: Iterable<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    const lo = min - pad;
    const hi = max + pad;
    return [Number.isFinite(lo) ? lo : min, Number.isFinite(hi) ? hi : max];
  }
  return [min, max];
}

/** Where v lies in [min, max], as a fraction (not clamped); safe when max − min overflows. */
export function fraction(v: number, min: number, max: number): number {
  const range = max - min;
  if (Number.isFinite(range)) return (v - min) / range;
  return (v / 2 - min / 2) / (max / 2 - min / 2);
}

/** `fraction` clamped to [0, 1] (0 when undefined). */
export function clampedFraction(v: number, min: number, max: number): number {
  const t = fraction(v, min, max);
  return Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
}

/** The smallest finite value, or NaN when there is none (no spread: fine for long series). */
export function minFinite(values: Iterable<number>): number {
  let min = NaN;
  for (const v of values) if (Number.isFinite(v) && !(v >= min)) min = v;
  return min;
}

/** The data's range, widened towards the curve's by at most half the data's span on each side. */
export function rangeTowards(data: readonly number[], curve: readonly number[]): [number, number] {
  if (data.length === 0) return paddedRange(curve);
  const [lo, hi] = paddedRange(data);
  const [cLo, cHi] = curve.length > 0 ? paddedRange(curve) : [lo, hi];
  const allowance = (hi - lo) / 2;
  return [Math.max(Math.min(lo, cLo), lo - allowance), Math.min(Math.max(hi, cHi), hi + allowance)];
}

/** [min, max] widened by `margin` of its span on each side, so marks at the ends are not cut. */
export function widen([min, max]: [number, number], margin: number): [number, number] {
  const pad = (max - min) * margin;
  const lo = min - pad;
  const hi = max + pad;
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [min, max];
}
