/** The contract between an op's definition and the generic reverse pass. */
import type { Tensor } from './tensor.js';

/** An op's gradient rule, as the reverse pass sees it. */
export interface OpRule {
  /** The op's name, also the output tensor's `op`. */
  readonly name: string;
  /**
   * True when row i of the output depends only on row i of the inputs (elementwise ops,
   * with scalars broadcast); false for reductions. The Jacobian pass needs row-wise ops.
   */
  readonly rowWise: boolean;
  /**
   * Adds input `k`'s share of the output gradient into `inputGrad`.
   *
   * `outGrad` has one entry per output value, or, in the Jacobian pass, one per data row
   * even for a scalar output. `inputGrad` has the same length as `outGrad` (a column
   * input, or any input in the Jacobian pass) or length 1 (a scalar input in an ordinary
   * backward pass, whose gradient is then the sum over rows).
   */
  pushGrad(out: Tensor, k: number, outGrad: Float64Array, inputGrad: Float64Array): void;
}
