/**
 * Builders for elementwise ops: given a forward function and its partial derivatives,
 * make the op (with scalar broadcasting) and its gradient rule. The loops here are generic
 * and shared by every elementwise op.
 *
 * A partial derivative may be null: the op is constant in that input (a comparison), and
 * nothing flows into it. A zero output gradient contributes zero, whatever the derivative
 * (0·∞ and 0·NaN count as 0): the branch `c ? a : b` did not take gets no gradient, even
 * where its own derivative is infinite or NaN.
 */
import type { OpRule } from './rule.js';
import { broadcastShapes } from './shape.js';
import { opResult, type Tensor } from './tensor.js';

/** y = f(a). */
export type UnaryForward = (a: number) => number;
/** dy/da at input a, where y = f(a) is passed in so rules like exp' = y can reuse it. */
export type UnaryDerivative = (a: number, y: number) => number;
/** y = f(a, b). */
export type BinaryForward = (a: number, b: number) => number;
/** A partial derivative (dy/da or dy/db) at (a, b), with y = f(a, b) passed in. */
export type BinaryDerivative = (a: number, b: number, y: number) => number;
/** y = f(a, b, c). */
export type TernaryForward = (a: number, b: number, c: number) => number;
/** A partial derivative of a three-input op at (a, b, c). */
export type TernaryDerivative = (a: number, b: number, c: number) => number;

/** Makes a one-input elementwise op from its forward function and derivative. */
export function unaryOp(name: string, forward: UnaryForward, derivative: UnaryDerivative | null): (a: Tensor) => Tensor {
  const rule: OpRule = {
    name,
    rowWise: true,
    pushGrad(out, _k, outGrad, inputGrad) {
      if (derivative === null) return;
      pushUnaryGrad(derivative, out.inputs[0].data, out.data, outGrad, inputGrad);
    },
  };
  return (a) => {
    const x = a.data;
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = forward(x[i]);
    return opResult(rule, y, a.shape, [a]);
  };
}

/**
 * Makes a two-input elementwise op from its forward function and its two partial
 * derivatives. A scalar input broadcasts over a column input.
 */
export function binaryOp(
  name: string,
  forward: BinaryForward,
  dA: BinaryDerivative | null,
  dB: BinaryDerivative | null,
): (a: Tensor, b: Tensor) => Tensor {
  const rule: OpRule = {
    name,
    rowWise: true,
    pushGrad(out, k, outGrad, inputGrad) {
      const [a, b] = out.inputs;
      const derivative = k === 0 ? dA : dB;
      if (derivative === null) return;
      pushBinaryGrad(derivative, a.data, b.data, out.data, outGrad, inputGrad);
    },
  };
  return (a, b) => {
    const shape = broadcastShapes(a.shape, b.shape, name);
    const ad = a.data;
    const bd = b.data;
    const n = shape.length === 0 ? 1 : shape[0];
    const sa = a.isScalar ? 0 : 1;
    const sb = b.isScalar ? 0 : 1;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = forward(ad[i * sa], bd[i * sb]);
    return opResult(rule, y, shape, [a, b]);
  };
}

/**
 * Makes a three-input elementwise op (the conditional) from its forward function and its
 * partial derivatives (null where it is constant in an input). Scalars broadcast.
 */
export function ternaryOp(
  name: string,
  forward: TernaryForward,
  partials: readonly [TernaryDerivative | null, TernaryDerivative | null, TernaryDerivative | null],
): (a: Tensor, b: Tensor, c: Tensor) => Tensor {
  const rule: OpRule = {
    name,
    rowWise: true,
    pushGrad(out, k, outGrad, inputGrad) {
      const derivative = partials[k];
      if (derivative === null) return;
      const [a, b, c] = out.inputs.map((t) => t.data);
      const [sa, sb, sc] = [stride(a), stride(b), stride(c)];
      const rows = outGrad.length;
      const sum = inputGrad.length === 1 && rows !== 1;
      let total = 0;
      for (let i = 0; i < rows; i++) {
        const g = outGrad[i];
        if (g === 0) continue;
        const contribution = g * derivative(a[i * sa], b[i * sb], c[i * sc]);
        if (sum) total += contribution;
        else inputGrad[i] += contribution;
      }
      if (sum) inputGrad[0] += total;
    },
  };
  return (a, b, c) => {
    const shape = broadcastShapes(broadcastShapes(a.shape, b.shape, name), c.shape, name);
    const n = shape.length === 0 ? 1 : shape[0];
    const [ad, bd, cd] = [a.data, b.data, c.data];
    const [sa, sb, sc] = [stride(ad), stride(bd), stride(cd)];
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = forward(ad[i * sa], bd[i * sb], cd[i * sc]);
    return opResult(rule, y, shape, [a, b, c]);
  };
}

/** Index step for a value array read row by row: 0 for a scalar, which broadcasts. */
function stride(values: Float64Array): number {
  return values.length === 1 ? 0 : 1;
}

/** inputGrad += outGrad ⊙ d(a, y), row by row (a unary op's input has its output's shape). */
function pushUnaryGrad(
  derivative: UnaryDerivative,
  a: Float64Array,
  y: Float64Array,
  outGrad: Float64Array,
  inputGrad: Float64Array,
): void {
  const rows = outGrad.length;
  const sa = stride(a);
  const sy = stride(y);
  for (let i = 0; i < rows; i++) {
    const g = outGrad[i];
    if (g !== 0) inputGrad[i] += g * derivative(a[i * sa], y[i * sy]);
  }
}

/**
 * inputGrad += outGrad ⊙ d(a, b, y), row by row. A scalar value (length 1) is read for every
 * row; a scalar gradient buffer (length 1) receives the sum over rows, as broadcasting
 * demands in an ordinary backward pass (the Jacobian pass gives scalars a per-row buffer).
 */
function pushBinaryGrad(
  derivative: BinaryDerivative,
  a: Float64Array,
  b: Float64Array,
  y: Float64Array,
  outGrad: Float64Array,
  inputGrad: Float64Array,
): void {
  const rows = outGrad.length;
  const sa = stride(a);
  const sb = stride(b);
  const sy = stride(y);
  if (inputGrad.length === 1 && rows !== 1) {
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const g = outGrad[i];
      if (g !== 0) total += g * derivative(a[i * sa], b[i * sb], y[i * sy]);
    }
    inputGrad[0] += total;
  } else {
    for (let i = 0; i < rows; i++) {
      const g = outGrad[i];
      if (g !== 0) inputGrad[i] += g * derivative(a[i * sa], b[i * sb], y[i * sy]);
    }
  }
}
