/**
 * One solver per kind of model (model.ts decides it once) and method, each returning a
 * SolveOutcome:
 *
 * | kind       | lm                                   | gd, momentum, adam, lbfgs              |
 * | ---------- | ------------------------------------ | -------------------------------------- |
 * | polynomial | exact: QR in centred x (solve-exact) | --degree: descent on standardised data; |
 * |            |                                      | a --model: as linear, run as written    |
 * | linear     | exact: QR (solve-exact)              | start search, descent (solve-iterative) |
 * | nonlinear  | start search, LM (solve-iterative)   | start search, descent (solve-iterative) |
 *
 * With bounds or a robust loss, every kind goes to solve-constrained. An exact solve is the
 * global minimum: --global does not change it.
 */
import type { Kernel } from '../expr/index.js';
import type { Box } from './bounds.js';
import type { Dataset } from './dataset.js';
import type { LossName } from './loss.js';
import type { ModelSpec } from './model.js';
import type { SolveOutcome } from './outcome.js';
import type { FitSettings } from './settings.js';
import { checkPowers, solveLinearModel, solvePolynomial } from './solve-exact.js';
import { descendPolynomial, solveIteratively } from './solve-iterative.js';
import { solveConstrained } from './solve-constrained.js';

/** The constrained problem, when there is one: the box, the loss and its scale on the solved rows. */
export interface Constrained {
  box: Box | undefined;
  loss: LossName;
  fScale: number;
  /** The response-scaled rows and scale the statistics are computed on. */
  stats: { data: Dataset; fScale: number };
}

export function solve(kernel: Kernel, spec: ModelSpec, data: Dataset, settings: FitSettings, constrained: Constrained | null): SolveOutcome {
  if (constrained) return solveConstrained(kernel, spec, data, settings, constrained.box, constrained.loss, constrained.fScale, constrained.stats);
  const lm = settings.method === 'lm';
  switch (spec.kind) {
    case 'polynomial':
      checkPowers(data.cols[0], spec.degree, spec.data[0] === 'x' ? data.names.x : spec.data[0]);
      if (lm) return solvePolynomial(kernel, spec.degree, spec.powers, data);
      return spec.byDegree ? descendPolynomial(kernel, spec, data, settings) : solveIteratively(kernel, spec, data, settings);
    case 'linear':
      // (null when the solve does not reproduce its own fit: then iteratively.)
      return (lm ? solveLinearModel(kernel, spec.params.length, data) : null) ?? solveIteratively(kernel, spec, data, settings);
    case 'nonlinear':
      return solveIteratively(kernel, spec, data, settings);
  }
}
