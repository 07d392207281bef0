/** Series resampling for charts whose width is a number of points. */

/**
 * `values` linearly interpolated at `n` evenly spaced positions from the first to the last
 * (n ≥ 1): stretched when there are fewer values than `n`, thinned when there are more.
 * A single value is repeated; no values give an empty array.
 */
export function resampleLinear(values: ArrayLike<number>, n: number): number[] {
  const count = values.length;
  if (count === 0 || n < 1) return [];
  if (count === 1 || n === 1) return new Array<number>(n).fill(values[0]);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = (i * (count - 1)) / (n - 1);
    const lo = Math.floor(t);
    const hi = Math.min(count - 1, lo + 1);
    const frac = t - lo;
    out[i] = frac === 0 ? values[lo] : values[lo] * (1 - frac) + values[hi] * frac;
  }
  return out;
}

/**
 * `values` with every non-finite entry replaced by the nearest finite value before it (or after
 * it, at the start), and how many were replaced. All non-finite: an empty series.
 */
export function fillNonFinite(values: readonly number[]): { series: number[]; replaced: number } {
  const first = values.findIndex((v) => Number.isFinite(v));
  if (first < 0) return { series: [], replaced: values.length };
  let last = values[first];
  let replaced = 0;
  const series = values.map((v) => {
    if (Number.isFinite(v)) return (last = v);
    replaced++;
    return last;
  });
  return { series, replaced };
}
