/**
 * gradfit as a library: `import { fit, fitCsv, minimize, grad } from 'gradfit'`.
 *
 * Each function returns the plain object whose serialisation is the command's `--json` output
 * (docs/CLI.md), and throws typed errors (`GradfitError` and its subclasses, with a `kind`)
 * instead of printing or exiting. Nothing here writes to stdout or stderr.
 */
export { fit, fitCsv } from './api/fit.js';
export type { FitOptions, ArrayData, CsvData, Numbers } from './api/fit.js';
export { minimize, grad } from './api/minimize.js';
export type { MinimizeOptions } from './api/minimize.js';
export { GradfitError, InputError } from './errors.js';
export type { ErrorKind, ErrorHint, DataPosition } from './errors.js';
export { DataError } from './data/errors.js';
export { ExprError } from './expr/errors.js';
export { OptimisationError } from './api/errors.js';
export type { FitResult, FitStats, RankInfo } from './fit/result.js';
export type { MinimizeResult, MinimizeSearch, GradResult } from './minimize/result.js';
export type { Check } from './checks/check.js';
export type { Failure, Remedy } from './optim/index.js';
export { wordRemedies, failureText } from './report/remedies.js';
export type { SearchReport } from './fit/search.js';
export type { StepInfo } from './optim/index.js';
export type { FitMethod } from './fit/fit.js';
export type { MinimizeMethod } from './minimize/minimize.js';
export type { LossName } from './fit/loss.js';
