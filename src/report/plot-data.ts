/** What the pictures of a fit are drawn from; the CLI builds it from the data and the model. */
export interface PlotData {
  /** The data, in file order (any order is fine). */
  x: Float64Array;
  y: Float64Array;
  /** The fitted curve sampled across the data's x range (any order; it is sorted for drawing). */
  curveX: Float64Array;
  curveY: Float64Array;
  /** Axis names. */
  xName: string;
  yName: string;
  /**
   * The model at each data x (for residuals in the SVG). Optional: when absent, residuals use
   * the curve interpolated linearly at each x, which is close when the curve is sampled densely.
   */
  fitted?: Float64Array;
  /** The confidence band's ends at each curve point (curveX's order), and its level, when known. */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  bandLevel?: number;
}

/** "95% confidence band" for the legends. */
export function bandName(level: number | undefined): string {
  return `${Number(((level ?? 0.95) * 100).toPrecision(4))}% confidence band`;
}

/** Finite (x, y) pairs sorted by x (stable), and how many pairs were dropped as non-finite. */
export function finitePairsByX(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[]; dropped: number } {
  const n = Math.min(x.length, y.length);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) order.push(i);
  order.sort((a, b) => x[a] - x[b] || a - b);
  return { x: order.map((i) => x[i]), y: order.map((i) => y[i]), dropped: n - order.length };
}

/** y of the polyline through sorted (xs, ys) at `at`; NaN outside its x range or when empty. */
export function interpolateSorted(xs: readonly number[], ys: readonly number[], at: number): number {
  const n = xs.length;
  if (n === 0 || !(at >= xs[0] && at <= xs[n - 1])) return NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= at) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo];
  const x1 = xs[hi];
  if (x1 === x0) return ys[lo];
  const t = (at - x0) / (x1 - x0);
  return ys[lo] * (1 - t) + ys[hi] * t;
}
