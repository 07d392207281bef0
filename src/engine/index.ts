/**
 * The autograd engine: scalar and column tensors, differentiable ops with their gradient
 * rules, backward() with PyTorch's accumulation semantics, noGrad, and the Jacobian pass.
 */
export { EngineError } from './errors.js';
export type { Shape } from './shape.js';
export { Tensor, scalar, column, constant, type LeafOptions } from './tensor.js';
export { noGrad, isGradEnabled } from './grad-mode.js';
export {
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  exp,
  log,
  sqrt,
  abs,
  sin,
  cos,
  tan,
  atan,
  tanh,
  log10,
  log2,
  sinh,
  cosh,
  asinh,
  acosh,
  atanh,
  asin,
  acos,
  erf,
  erfc,
  atan2,
  min,
  max,
  hypot,
  lt,
  le,
  gt,
  ge,
  eq,
  ne,
  and,
  or,
  not,
  where,
  sum,
  mean,
} from './ops.js';
export { topoOrder } from './topo.js';
export { jacobian, type JacobianOptions } from './jacobian.js';
export { power } from './power.js';
export { erf as erfValue, erfc as erfcValue, TWO_OVER_SQRT_PI } from './special.js';
