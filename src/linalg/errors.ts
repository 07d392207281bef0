/** Errors of the linear-algebra layer: a caller passed arrays that do not match the sizes given. */

/** A matrix or vector does not have the size its dimensions promise. */
export class DimensionError extends Error {
  override name = 'DimensionError';
}

/** Throw a DimensionError unless `values` holds at least `needed` numbers. */
export function requireLength(what: string, values: ArrayLike<number>, needed: number): void {
  if (values.length < needed) {
    throw new DimensionError(`${what} needs ${needed} values, got ${values.length}`);
  }
}

/** Throw a DimensionError unless m and n are non-negative integers. */
export function requireDimensions(what: string, m: number, n: number): void {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) {
    throw new DimensionError(`${what}: dimensions must be non-negative integers, got ${m}×${n}`);
  }
}
