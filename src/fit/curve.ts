/** The data and the fitted curve, for charts and pictures. */
import type { Kernel } from '../expr/index.js';
import type { Dataset } from './dataset.js';
import type { ModelSpec } from './model.js';
import type { Band } from './bands.js';

export interface FitCurve {
  x: Float64Array;
  y: Float64Array;
  /** Points of the fitted curve, sorted by x. */
  curveX: Float64Array;
  curveY: Float64Array;
  /** The model at each data row (residuals are y - fitted). */
  fitted: Float64Array;
  xName: string;
  yName: string;
  /** The confidence band at the curve's points (at the fit's --level), when the covariance is known. */
  band?: Band;
  /** The band's confidence level. */
  bandLevel?: number;
}

/** The fitted curve: a smooth grid for one-variable models, the fitted rows otherwise. */
export function fittedCurve(kernel: Kernel, spec: ModelSpec, data: Dataset, params: Float64Array, bandAt: ((cols: Float64Array[], n: number) => Band) | null): FitCurve {
  const fitted = new Float64Array(data.n);
  kernel.evaluate(params, data.cols, data.n, fitted);
  const base = { x: data.x, y: data.y, fitted, xName: data.names.x, yName: data.names.y };
  if (data.n === 0) return { ...base, curveX: new Float64Array(0), curveY: new Float64Array(0) };
  if (spec.data.length === 1 && spec.data[0] === 'x') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of data.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const k = hi > lo ? 400 : 1;
    const curveX = Float64Array.from({ length: k }, (_, i) => (k === 1 ? lo : lo + ((hi - lo) * i) / (k - 1)));
    const curveY = new Float64Array(k);
    kernel.evaluate(params, [curveX], k, curveY);
    return bandAt ? { ...base, curveX, curveY, band: bandAt([curveX], k) } : { ...base, curveX, curveY };
  }
  const order = Array.from({ length: data.n }, (_, i) => i).sort((a, b) => data.x[a] - data.x[b]);
  const curve = {
    ...base,
    curveX: Float64Array.from(order, (i) => data.x[i]),
    curveY: Float64Array.from(order, (i) => fitted[i]),
  };
  if (!bandAt) return curve;
  const atRows = bandAt(data.cols, data.n);
  const sorted = (v: Float64Array) => Float64Array.from(order, (i) => v[i]);
  return { ...curve, band: { fit: sorted(atRows.fit), lower: sorted(atRows.lower), upper: sorted(atRows.upper) } };
}
