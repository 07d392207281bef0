/**
 * What the response itself says about where a model's parameters live: the rows it singles out
 * (its peaks and dips, the furthest point from its median, where it changes fastest, where it
 * crosses its mid-range) and the widths of its features (how far from its largest deviation it
 * falls to half of it). Read in the order of the first data column, smoothed over a few rows.
 */
import type { FitRows } from './jacobian-factor.js';

export interface Features {
  /** Row indices worth trying as locations, most telling first. */
  rows: number[];
  /** Widths of features, in units of the first data column (positive). */
  widths: number[];
  /** Rows in increasing order of the first data column. */
  order: number[];
}

/** At most this many peaks and dips are offered. */
const PEAKS = 3;
const DIPS = 2;

export function dataFeatures(rows: FitRows): Features {
  const { y, n } = rows;
  const x = rows.cols[0];
  if (n === 0 || !x) return { rows: [], widths: [], order: [] };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const half = Math.max(1, Math.floor(n / 60));
  const smooth = order.map((_, k) => {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, k - half); j <= Math.min(n - 1, k + half); j++, c++) s += y[order[j]];
    return s / c;
  });
  const sorted = Float64Array.from(y).sort();
  const median = sorted[n >> 1];
  const out: number[] = [];
  const add = (k: number) => {
    if (k >= 0 && k < n && !out.includes(order[k])) out.push(order[k]);
  };

  // Peaks and dips of the smoothed response, the most prominent first: by how far each rises
  // above the higher of the lowest points between it and a higher one on either side (the data's
  // edge where there is none), so that a second peak comes before the noise on the first one.
  const extrema = (sign: number) => {
    const found: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = sign * smooth[k];
      const left = k > 0 ? sign * smooth[k - 1] : -Infinity;
      const right = k + 1 < n ? sign * smooth[k + 1] : -Infinity;
      if (v > left && v >= right) found.push(k);
    }
    const prominence = new Map<number, number>();
    for (const k of found) {
      const v = sign * smooth[k];
      const lowest = (step: number) => {
        let low = v;
        for (let j = k + step; j >= 0 && j < n && sign * smooth[j] <= v; j += step) low = Math.min(low, sign * smooth[j]);
        return low;
      };
      prominence.set(k, v - Math.max(lowest(-1), lowest(1)));
    }
    return found.sort((a, b) => prominence.get(b)! - prominence.get(a)! || sign * (smooth[b] - smooth[a]));
  };
  const peaks = extrema(1);
  const dips = extrema(-1);
  // The largest deviation from the median first (a peak, or a dip for a negative feature).
  const far = order.reduce((best, i, k) => (Math.abs(smooth[k] - median) > Math.abs(smooth[best] - median) ? k : best), 0);
  add(far);
  peaks.slice(0, PEAKS).forEach(add);
  dips.slice(0, DIPS).forEach(add);

  // The steepest change and the first crossing of the mid-range.
  let steepest = -1;
  let kSteep = -1;
  for (let k = 1; k < n; k++) {
    const dx = x[order[k]] - x[order[k - 1]];
    const slope = dx > 0 ? Math.abs(smooth[k] - smooth[k - 1]) / dx : 0;
    if (slope > steepest) {
      steepest = slope;
      kSteep = k;
    }
  }
  add(kSteep);
  let top = -Infinity;
  let bottom = Infinity;
  for (const v of smooth) {
    top = Math.max(top, v);
    bottom = Math.min(bottom, v);
  }
  const mid = (top + bottom) / 2;
  for (let k = 1; k < n; k++) {
    if ((smooth[k - 1] - mid) * (smooth[k] - mid) <= 0) {
      add(k);
      break;
    }
  }

  // Widths: from the largest deviation to where it falls to half, either side that has it.
  const widths: number[] = [];
  const baseline = Math.abs(smooth[0] - smooth[far]) > Math.abs(smooth[n - 1] - smooth[far]) ? smooth[0] : smooth[n - 1];
  const level = (smooth[far] + baseline) / 2;
  const above = (k: number) => (smooth[far] - level) * (smooth[k] - level) > 0;
  for (const step of [-1, 1]) {
    let k = far;
    while (k + step >= 0 && k + step < n && above(k + step)) k += step;
    const w = Math.abs(x[order[k]] - x[order[far]]);
    if (k + step >= 0 && k + step < n && w > 0) widths.push(w);
  }
  return { rows: out, widths: [...new Set(widths)], order };
}
