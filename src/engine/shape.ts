/** Tensor shapes: a scalar `[]` or a column `[n]`, and how two of them combine. */
import { EngineError } from './errors.js';

/** `[]` for a scalar, `[n]` for a column of n values. */
export type Shape = readonly [] | readonly [number];

/** The shape `[]`. */
export const SCALAR_SHAPE: Shape = Object.freeze([]) as Shape;

/** Number of values a tensor of this shape holds. */
export function sizeOf(shape: Shape): number {
  return shape.length === 0 ? 1 : shape[0];
}

/** "a scalar" or "a column of n values", for error messages. */
export function describeShape(shape: Shape): string {
  if (shape.length === 0) return 'a scalar';
  return `a column of ${shape[0]} ${shape[0] === 1 ? 'value' : 'values'}`;
}

/**
 * The shape of an elementwise op's result: scalar∘scalar → scalar, scalar∘[n] → [n],
 * [n]∘[n] → [n]. Columns of different lengths are an EngineError.
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): Shape {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  if (a[0] === b[0]) return a;
  throw new EngineError(
    `${op}: cannot combine ${describeShape(a)} with ${describeShape(b)}; columns must have the same length`,
  );
}
