/** The library's error for a run that failed: the result is still there to read. */
import { GradfitError } from '../errors.js';
import type { FitResult } from '../fit/result.js';
import type { MinimizeResult } from '../minimize/result.js';

/**
 * Thrown by `fit`, `fitCsv` and `minimize` when the optimisation failed (the CLI's exit code 3):
 * a non-finite loss or gradient, an expression with no minimum, a fit the search shows is not
 * the best one. `result` is the whole result (with `result.failure` saying where, what and what
 * to try), as `--json` prints it for a failed run.
 */
export class OptimisationError extends GradfitError {
  override readonly name: string = 'OptimisationError';
  readonly result: FitResult | MinimizeResult;

  constructor(result: FitResult | MinimizeResult) {
    super('optimisation', result.failure ? `${result.failure.message} (at step ${result.failure.step})` : result.message);
    this.result = result;
  }
}
