/**
 * Whether a fit's solution can be reported at all: within the range of double precision.
 */
import type { Kernel } from '../expr/index.js';
import { InputError } from '../errors.js';
import { shownName } from '../names.js';
import type { Dataset } from './dataset.js';
import type { ModelSpec } from './model.js';

/**
 * A solution the range of doubles cannot hold is refused, never reported with exit 0: a fitted
 * parameter that overflowed (responses of both signs near 1.8e308 whose line's intercept is
 * beyond it), or a fitted curve or residual that does at a data row (the line through 1e308,
 * 1.5e308, 1.7e308 weighted by 1/x² passes 1.8e308 at x = 3). `rss` is the sum of squares in
 * the scaled units it was solved in, finite for any representable solution.
 */
export function checkRepresentable(spec: ModelSpec, kernel: Kernel, data: Dataset, params: Float64Array, rss: number): void {
  // (The advice scans every column: only when it is given, not on every fit.)
  const rescale = () => `rescale ${hugeColumns(spec, data)} (other units, e.g. divided by 1e300) and fit again`;
  const k = params.findIndex((v) => !Number.isFinite(v));
  if (k >= 0) {
    throw new InputError(`the least-squares solution is beyond the range of double precision (${spec.params[k]} comes out ${params[k]}; ${shownName(data.names.y)} reaches ${rangeOf(data.y)}): ${rescale()}`);
  }
  if (Number.isFinite(rss)) return;
  const n = data.n;
  const f = new Float64Array(n);
  kernel.evaluate(params, data.cols, n, f);
  let row = 0;
  while (row < n - 1 && Number.isFinite(f[row]) && Number.isFinite(f[row] - data.y[row])) row++;
  const x = spec.data.length > 0 ? ` (${shownName(spec.data[0] === 'x' ? data.names.x : spec.data[0])} = ${data.cols[0][row]})` : '';
  throw new InputError(`the fitted curve is ${f[row]} at data row ${row + 1}${x} against ${shownName(data.names.y)} = ${data.y[row]}: its residuals are beyond the range of double precision; ${rescale()}`);
}

/** The largest |value| of a column, as a short number. */
function rangeOf(y: Float64Array): string {
  return absMax(y).toPrecision(3);
}

function absMax(values: Float64Array): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return max;
}

/** The columns whose values are large enough for their squares to overflow (y when none is). */
function hugeColumns(spec: ModelSpec, data: Dataset): string {
  const named = [
    { name: data.names.y, values: data.y },
    ...spec.data.map((id, k) => ({ name: id === 'x' ? data.names.x : id, values: data.cols[k] })),
  ];
  const huge = named.filter((c) => c.values !== undefined && absMax(c.values) > 1e150).map((c) => shownName(c.name));
  return huge.length > 0 ? [...new Set(huge)].join(' and ') : shownName(data.names.y);
}
