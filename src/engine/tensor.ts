/** The tensor: values, shape, and the node it is in the computational graph. */
import { backward } from './backward.js';
import { EngineError } from './errors.js';
import { isGradEnabled } from './grad-mode.js';
import type { OpRule } from './rule.js';
import { SCALAR_SHAPE, describeShape, sizeOf, type Shape } from './shape.js';

/** How a tensor came to be. Ops build this through `opResult`; users call scalar/column/constant. */
export interface TensorOrigin {
  /** 'leaf', 'const', or the name of the op that produced it. */
  op: string;
  inputs?: readonly Tensor[];
  /** The op's gradient rule; null for leaves, constants and tensors made under noGrad. */
  rule?: OpRule | null;
  requiresGrad?: boolean;
  label?: string | null;
}

/**
 * A scalar or a column of float64 values, and its node in the graph: the op that made it,
 * its inputs, and (for leaves that require grad) the gradient accumulated by `backward`.
 */
export class Tensor {
  /** The values (one for a scalar). A leaf's values may be updated in place by an optimiser. */
  readonly data: Float64Array;
  /** `[]` for a scalar, `[n]` for a column. */
  readonly shape: Shape;
  /** Accumulated gradient, same length as `data`; null until a backward pass reaches it. */
  grad: Float64Array | null = null;
  /** Whether backward computes a gradient for this tensor. */
  requiresGrad: boolean;
  /** 'leaf', 'const', or the op that produced it: 'add', 'mul', 'pow', 'exp', 'sum', ... */
  readonly op: string;
  /** The tensors this one was computed from (none for leaves, constants and noGrad results). */
  readonly inputs: readonly Tensor[];
  /** The op's forward/gradient definition; null when there is nothing to differentiate through. */
  readonly rule: OpRule | null;
  /** A leaf's name ('x', 'w'), shown by the graph printer. */
  label: string | null;

  /** Low level: use scalar(), column(), constant() or the ops instead. */
  constructor(data: Float64Array, shape: Shape, origin: TensorOrigin) {
    if (data.length !== sizeOf(shape)) {
      throw new EngineError(`a tensor of shape ${describeShape(shape)} needs ${sizeOf(shape)} values, got ${data.length}`);
    }
    this.data = data;
    this.shape = shape;
    this.op = origin.op;
    this.inputs = origin.inputs ?? [];
    this.rule = origin.rule ?? null;
    this.requiresGrad = origin.requiresGrad ?? false;
    this.label = origin.label ?? null;
  }

  /** Number of values: 1 for a scalar, n for a column. */
  get size(): number {
    return this.data.length;
  }

  /** True for shape `[]`. */
  get isScalar(): boolean {
    return this.shape.length === 0;
  }

  /** The value of a scalar. */
  item(): number {
    if (!this.isScalar) {
      throw new EngineError(`item() needs a scalar but this is ${describeShape(this.shape)}; reduce it with sum() or mean() first`);
    }
    return this.data[0];
  }

  /**
   * Computes the gradient of this tensor with respect to every leaf that requires grad,
   * adding it into the leaf's `.grad` (PyTorch semantics: call zeroGrad() to reset).
   * A scalar's seed defaults to 1; a column needs an explicit seed of its length.
   */
  backward(seed?: Float64Array): void {
    backward(this, seed);
  }

  /** Sets `.grad` to zeros, in place when it already exists (PyTorch's `.grad.zero_()`). */
  zeroGrad(): void {
    if (this.grad === null) this.grad = new Float64Array(this.size);
    else this.grad.fill(0);
  }
}

/** Options of a leaf tensor. */
export interface LeafOptions {
  /** Track gradients for this leaf (default false). */
  requiresGrad?: boolean;
  /** Its name in graph printouts. */
  label?: string;
}

/** A scalar leaf: a variable (with requiresGrad) or a fixed input. */
export function scalar(value: number, opts: LeafOptions = {}): Tensor {
  return new Tensor(Float64Array.of(value), SCALAR_SHAPE, {
    op: 'leaf',
    requiresGrad: opts.requiresGrad ?? false,
    label: opts.label ?? null,
  });
}

/** A column leaf. A Float64Array is used as is (not copied); a number array is copied. */
export function column(values: Float64Array | readonly number[], opts: LeafOptions = {}): Tensor {
  const data = values instanceof Float64Array ? values : Float64Array.from(values);
  return new Tensor(data, [data.length], {
    op: 'leaf',
    requiresGrad: opts.requiresGrad ?? false,
    label: opts.label ?? null,
  });
}

/** A scalar constant (a number written in an expression): op 'const', never requires grad. */
export function constant(value: number): Tensor {
  return new Tensor(Float64Array.of(value), SCALAR_SHAPE, { op: 'const' });
}

/**
 * The output of an op: records `inputs` and `rule` in the graph when grad is enabled, and
 * requires grad iff one of the inputs does. Under noGrad it records nothing.
 */
export function opResult(rule: OpRule, data: Float64Array, shape: Shape, inputs: readonly Tensor[]): Tensor {
  if (!isGradEnabled()) return new Tensor(data, shape, { op: rule.name });
  return new Tensor(data, shape, {
    op: rule.name,
    inputs,
    rule,
    requiresGrad: inputs.some((input) => input.requiresGrad),
  });
}

/** True for a tensor made by an op under noGrad: it has an op name but no recorded inputs. */
export function isDetached(t: Tensor): boolean {
  return t.op !== 'leaf' && t.op !== 'const' && t.rule === null;
}
