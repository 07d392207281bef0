/**
 * The Jacobian pass for least squares: d output_i / d param_k for every row i, from one
 * reverse sweep seeded with ones in which scalar nodes keep a per-row gradient. The fits run on
 * the fused kernel (src/expr/kernel.ts), which computes the same Jacobian in one loop; this pass
 * is the engine's readable reference for it, and the oracle its tests compare with.
 */
import { EngineError } from './errors.js';
import { reverseSweep } from './reverse-pass.js';
import { describeShape } from './shape.js';
import { isDetached, type Tensor } from './tensor.js';
import { topoOrder } from './topo.js';

/** Options of `jacobian`. */
export interface JacobianOptions {
  /**
   * Rows of the data, for a scalar output that stands for a column of identical rows
   * (a model such as "c" that uses no data column). Default: the output's size.
   */
  rows?: number;
}

/**
 * J[k][i] = d output_i / d params[k], for a row-wise model `output` (a column [n], or a
 * scalar with n = 1) and scalar `params`. A parameter broadcast over the rows gets its
 * per-row derivatives, not their sum, even through scalar-only ops (b^2, exp(k)) first.
 * A parameter the output does not depend on gets a column of zeros.
 * Does not read or write any `.grad`, and ignores `requiresGrad`.
 */
export function jacobian(output: Tensor, params: readonly Tensor[], options: JacobianOptions = {}): Float64Array[] {
  for (const p of params) {
    if (!p.isScalar) {
      throw new EngineError(`jacobian(): every parameter must be a scalar, but ${p.label ?? p.op} is ${describeShape(p.shape)}`);
    }
  }
  if (isDetached(output)) {
    throw new EngineError('jacobian(): the model was computed under noGrad, so its graph was not recorded; build it outside noGrad');
  }
  const rows = rowCount(output, options.rows);
  const order = topoOrder(output);
  const paramSet = new Set(params);
  const dependsOnParam = markDependents(order, paramSet);
  const ones = new Float64Array(rows).fill(1);
  const grads = reverseSweep({
    order,
    seed: ones,
    follows: (t) => dependsOnParam.has(t),
    gradLength: () => rows,
    keeps: (t) => paramSet.has(t),
  });
  const handedOut = new Set<Float64Array>();
  return params.map((p) => {
    const col = grads.get(p);
    if (col === undefined) return new Float64Array(rows);
    if (handedOut.has(col)) return col.slice();
    handedOut.add(col);
    return col;
  });
}

function rowCount(output: Tensor, rows: number | undefined): number {
  if (rows === undefined) return output.size;
  if (!Number.isInteger(rows) || rows < 0) {
    throw new EngineError(`jacobian(): rows must be a whole number ≥ 0, got ${rows}`);
  }
  if (!output.isScalar && rows !== output.size) {
    throw new EngineError(`jacobian(): rows is ${rows} but the model output is ${describeShape(output.shape)}`);
  }
  return rows;
}

/**
 * The tensors that depend on a parameter (the parameters included). Each must be computed
 * row by row: a reduction on such a path mixes rows, and the per-row Jacobian is undefined.
 */
function markDependents(order: readonly Tensor[], params: ReadonlySet<Tensor>): Set<Tensor> {
  const dependents = new Set<Tensor>();
  for (const t of order) {
    if (params.has(t)) {
      dependents.add(t);
      continue;
    }
    if (!t.inputs.some((input) => dependents.has(input))) continue;
    if (t.rule !== null && !t.rule.rowWise) {
      throw new EngineError(
        `jacobian(): the model is not row-wise: '${t.op}' combines rows after a parameter is used; write the model so each row's value depends only on that row`,
      );
    }
    dependents.add(t);
  }
  return dependents;
}
