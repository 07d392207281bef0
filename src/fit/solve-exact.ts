/**
 * The exact solvers: a model linear in its parameters is one least-squares problem, solved by
 * column-scaled QR of its folded Jacobian (a second pass refines an ill-conditioned one); a
 * polynomial is solved in centred, scaled x and mapped back to powers of x.
 */
import { compileKernel, type Kernel } from '../expr/index.js';
import { lstsq } from '../linalg/index.js';
import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { foldJacobian, sumOfSquares, type FitRows } from './jacobian-factor.js';
import type { SolveOutcome } from './outcome.js';
import { fromStandard, fromStandardMatrix, polynomialSumSquares, rangeStandardisation, standardPolynomial, type Standardisation } from './polynomial.js';
import { roundingFloor } from './response-scale.js';
import { columnRange } from './column-range.js';

/** A model linear in all its parameters, solved exactly; null when the solve does not reproduce its own fit. */
export function solveLinearModel(kernel: Kernel, P: number, data: Dataset): SolveOutcome | null {
  const solved = solveLinear(kernel, P, data, 2);
  const rss = sumOfSquares(kernel, solved.params, data);
  if (!Number.isFinite(rss) || !solved.params.every(Number.isFinite)) return null;
  const message =
    solved.rank === P
      ? 'linear in its parameters: solved exactly by column-scaled QR'
      : `linear in its parameters: solved by column-scaled QR, but the design has rank ${solved.rank} of ${P}`;
  return {
    params: solved.params,
    factor: { R: solved.R, rss },
    method: 'linear',
    run: { iterations: 1, evaluations: solved.passes + 1, converged: true, reason: 'exact', message, history: [], failure: null },
  };
}

/** Refuses a polynomial whose highest power overflows on the data. */
export function checkPowers(x: Float64Array, degree: number, name: string): void {
  checkPowersUpTo(columnRange(x).absMax, degree, name);
}

/** The same check from the largest |x| (a fold knows it without the rows). */
export function checkPowersUpTo(xmax: number, degree: number, name: string): void {
  if (!Number.isFinite(xmax ** degree)) {
    throw new InputError(`x^${degree} overflows for ${name} values as large as ${xmax}: rescale the ${name} column (other units) before fitting`);
  }
  // x^N below the smallest normal double has lost significant bits (or is 0): its coefficient
  // cannot be represented or determined.
  if (degree > 1 && xmax > 0 && xmax ** degree < 2 ** -1022) {
    throw new InputError(`x^${degree} underflows for ${name} values no larger than ${xmax}: rescale the ${name} column (other units) before fitting`);
  }
}

/**
 * A polynomial in x by least squares, solved in z = (x − xm)/xs, where the design is well
 * conditioned (the raw Vandermonde matrix of Filip's degree 10 has a condition number near 1e15),
 * and the coefficients and their covariance mapped back to powers of x. Even a design that
 * column scaling makes passable in x loses digits there when the residuals are large (the
 * error grows with the condition number squared: Wampler4 and 5). `order[k]` is the index of the
 * parameter of x^k in the kernel's parameters. A design that is rank-deficient is solved in x,
 * which names the coefficients it cannot determine.
 */
export function solvePolynomial(kernel: Kernel, degree: number, order: number[], data: Dataset): SolveOutcome {
  const P = degree + 1;
  // The polynomial's variable: the model's one data column (the -x column for --degree).
  const x = data.cols[0];
  const rows = { cols: [x], y: data.y, w: data.w, n: data.n };
  const rawSolveOutcome = (solved: LinearSolution) => ({
    params: solved.params,
    factor: { R: solved.R, rss: sumOfSquares(kernel, solved.params, rows) },
  });
  const result = (outcome: Pick<SolveOutcome, 'params' | 'factor'>, passes: number, message: string): SolveOutcome => ({
    ...outcome,
    method: 'linear',
    run: { iterations: 1, evaluations: passes, converged: true, reason: 'exact', message, history: [], failure: null },
  });

  const map = rangeStandardisation(x);
  const powers = Array.from({ length: P }, (_, k) => `c${k}`);
  const zKernel = compileKernel(standardPolynomial(degree, map), { params: powers, columns: ['x'] });
  const centred = solveLinear(zKernel, P, rows, 2);
  let mapped: Pick<SolveOutcome, 'params' | 'factor'> | null = null;
  let rssInX = Infinity;
  let passes = centred.passes;
  if (centred.rank === P) {
    const { params, transform } = mappedToPowers(centred.params, degree, map, order);
    // The coefficients are what predict, the plots and the user evaluate, in powers of x; they
    // should still give that fit there (up to rounding). Both sums in one pass.
    const sums = polynomialSumSquares(centred.params, map, Float64Array.from(order, (at) => params[at]), rows);
    mapped = { params, factor: { R: centred.R, rss: sums.inZ, transform } };
    rssInX = sums.inX;
    passes++;
    if (reproduces(rssInX, sums.inZ, data)) return result(mapped, passes, CENTRED_MESSAGE);
  }
  // Powers of x lose the centred fit to cancellation (a high degree on data far from 0), or the
  // centred design is rank-deficient: solve in x itself. Its coefficients are the best for powers
  // of x; the centred ones are still kept when powers of x evaluate them about as well (x given as
  // Unix timestamps: both lose the same digits to evaluating huge terms).
  const solved = solveLinear(kernel, P, rows, 2);
  const raw = rawSolveOutcome(solved);
  passes += solved.passes + 1;
  if (mapped !== null && rssInX <= 2 * raw.factor.rss + roundingFloor(data)) return result(mapped, passes, CENTRED_MESSAGE);
  return result(
    raw,
    passes,
    solved.rank === P
      ? `linear in its parameters: solved by column-scaled QR in x (in powers of x, the solution in centred x loses too much to cancellation at degree ${degree})`
      : `linear in its parameters: solved by column-scaled QR, but the design has rank ${solved.rank} of ${P}`,
  );
}

const CENTRED_MESSAGE = 'linear in its parameters: solved exactly by column-scaled QR in centred and scaled x, then mapped back to powers of x';

/**
 * Whether Σr² with the coefficients evaluated in powers of x (rssInX) is the fit's own (rss), up
 * to rounding: within a millionth, or within the rounding of residuals of responses of this size.
 */
function reproduces(rssInX: number, rss: number, data: Dataset): boolean {
  return Math.abs(rssInX - rss) <= 1e-6 * rss + roundingFloor(data);
}

interface LinearSolution {
  params: Float64Array;
  R: Float64Array;
  rank: number;
  passes: number;
}

/**
 * A model linear in its P parameters, by least squares: one Gauss–Newton step from 0 is the
 * solution, and a second one from there (up to maxPasses) an iterative refinement. Each is a pass
 * over the rows that folds the Jacobian into a small triangular factor, solved by column-scaled
 * QR with pivoting. The refinement pays only on an ill-conditioned design: elsewhere it changes
 * no digit.
 */
function solveLinear(kernel: Kernel, P: number, rows: FitRows, maxPasses: number): LinearSolution {
  const params = new Float64Array(P);
  let rank = P;
  let R: Float64Array = new Float64Array(0);
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    const fold = foldJacobian(kernel, params, rows);
    // A design whose squares overflow (a column near 1e308) folds to Infinity and NaN, which the
    // solve would read as rank 0 and answer with zeros: refused instead.
    if (fold.nonFinite === null && !fold.R.every(Number.isFinite)) {
      throw new InputError('the least-squares sums overflow on this data (the squares of a column of the model leave the range of double precision): rescale the data (other units)');
    }
    const step = lstsq(fold.R, P, P, fold.qtr.map((v) => -v), rows.n);
    for (let k = 0; k < P; k++) params[k] = params[k] + step.x[k];
    rank = step.rank;
    R = fold.R;
    // The column-scaled R's diagonal spread estimates the condition number.
    const spread = Math.abs(step.R[0] / step.R[(P - 1) * (P + 1)]);
    if (rank === P && spread < 1e4) break;
  }
  return { params, R, rank, passes };
}

/**
 * The coefficients of powers of x from those of the centred, scaled z, and T with c = T·d (for
 * the covariance, T·cov·Tᵀ), both re-ordered to the model's parameters (`order[k]`: the index
 * of the parameter of x^k).
 */
export function mappedToPowers(d: Float64Array, degree: number, map: Standardisation, order: readonly number[]): { params: Float64Array; transform: Float64Array } {
  const P = degree + 1;
  const c = fromStandard(d, map);
  const T = fromStandardMatrix(degree, map);
  const params = new Float64Array(P);
  const transform = new Float64Array(P * P);
  for (let k = 0; k < P; k++) {
    const at = order[k] ?? k;
    params[at] = c[k] ?? NaN;
    for (let j = 0; j < P; j++) transform[at + j * P] = T[k + j * P] ?? NaN;
  }
  return { params, transform };
}
