/** The Euclidean norm, computed without overflow or destructive underflow. */

/**
 * The Euclidean norm of `v[start..end)`: the largest magnitude is factored out before squaring,
 * so vectors with entries near 1e200 or 1e-200 still get an accurate norm (MINPACK's enorm does
 * the same job with three accumulators). A NaN entry gives NaN; an infinite one gives Infinity.
 */
export function enorm(v: ArrayLike<number>, start = 0, end = v.length): number {
  // Fast path: one pass of plain squares, kept when it neither overflowed nor came near underflow.
  let plain = 0;
  for (let i = start; i < end; i++) plain += v[i] * v[i];
  if (plain < Infinity && plain > 1e-280) return Math.sqrt(plain);
  if (Number.isNaN(plain)) return NaN;
  let big = 0;
  for (let i = start; i < end; i++) {
    const a = Math.abs(v[i]);
    if (a > big || Number.isNaN(a)) big = a;
    if (Number.isNaN(a)) return NaN;
  }
  if (big === 0 || !Number.isFinite(big)) return big;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const t = v[i] / big;
    sum += t * t;
  }
  return big * Math.sqrt(sum);
}
