/**
 * The range of a data column: its smallest and largest value and largest magnitude, found in one
 * pass and remembered for the array (columns are not changed once read). Several steps of a fit
 * ask for these (the subnormal check, the response scale, the polynomial's basis and its power
 * check, R²); on a million rows each pass of its own cost 5 to 8 ms, most of it before V8 had
 * optimised the loop.
 */
export interface ColumnRange {
  min: number;
  max: number;
  /** The largest |value|. */
  absMax: number;
}

const known = new WeakMap<Float64Array, ColumnRange>();

/** NaN anywhere makes every field NaN (as Math.min and Math.max do). */
export function columnRange(c: Float64Array): ColumnRange {
  let range = known.get(c);
  if (range === undefined) {
    let min = Infinity;
    let max = -Infinity;
    let absMax = 0;
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      min = Math.min(min, v);
      max = Math.max(max, v);
      absMax = Math.max(absMax, Math.abs(v));
    }
    range = { min, max, absMax };
    known.set(c, range);
  }
  return range;
}
