/** Builder for reductions of a tensor to a scalar, and an accurate summation. */
import type { OpRule } from './rule.js';
import { SCALAR_SHAPE } from './shape.js';
import { opResult, type Tensor } from './tensor.js';

/** The reduced value of all the input's values. */
export type ReduceForward = (values: Float64Array) => number;
/** d y / d x_i, the same for every element i (true of sum and mean). */
export type ReduceDerivative = (values: Float64Array) => number;

/** Makes a reduction op from its forward function and its (uniform) derivative. */
export function reductionOp(name: string, forward: ReduceForward, derivative: ReduceDerivative): (a: Tensor) => Tensor {
  const rule: OpRule = {
    name,
    rowWise: false,
    pushGrad(out, _k, outGrad, inputGrad) {
      const share = outGrad[0] * derivative(out.inputs[0].data);
      for (let i = 0; i < inputGrad.length; i++) inputGrad[i] += share;
    },
  };
  return (a) => opResult(rule, Float64Array.of(forward(a.data)), SCALAR_SHAPE, [a]);
}

/**
 * Sum of the values with Neumaier's compensation, so long columns keep their digits.
 * Infinities and NaN give the plain sum's Infinity or NaN.
 */
export function compensatedSum(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + compensation : sum;
}
