/**
 * A fit from a fold (fold.ts) alone: coefficients, RSS, R², standard errors, covariance,
 * correlations, Wald intervals (which are the profile ones for a model linear in its parameters),
 * log-likelihood, AIC, AICc, BIC. What needs the rows themselves is not there, and the result says
 * so in `folded.omitted`: the residual-pattern check of a poor fit, charts of the data, the check
 * that powers of x reproduce the centred fit (and the solve in raw x when they do not), and the
 * refinement pass of an ill-conditioned design.
 */
import { lstsq, rankTolerance } from '../linalg/index.js';
import { InputError } from '../errors.js';
import { rebase, rangeBasis, type Basis, type FitFold } from './fold.js';
import { fitStatistics } from './stats.js';
import { addInformationCriteria, waldIntervals } from './intervals.js';
import { checkPowersUpTo, mappedToPowers } from './solve-exact.js';
import type { FitResult } from './result.js';

/** How the folded fit was made: for the JSON `folded` field. */
export interface FoldedNote {
  /** Parts merged (1 for a stream). */
  parts: number;
  /** What a fit over rows kept in memory would report or check and this one cannot. */
  omitted: string[];
}

export type FoldedResult = FitResult & { folded: FoldedNote };

export interface FoldFitInput {
  fold: FitFold;
  /** Where the rows came from, for messages. */
  source: string;
  /** FitResult.columns. */
  columns: FitResult['columns'];
  skipped: number;
  level: number;
  absoluteSigma: boolean;
  parts: number;
}

export const OMITTED = ['residual-pattern check (needs the rows)', 'charts of the data (need the rows)'];

export function fitFromFold(input: FoldFitInput): { result: FoldedResult; covariance: number[][] | null } {
  const { fold, level } = input;
  const model = fold.model;
  const P = model.params.length;
  const q = P + 1;
  const n = fold.n;
  if (n < P) {
    const what = model.degree !== null ? `degree ${model.degree} needs at least ${P} data rows` : `the model has ${P} parameters, so it needs at least ${P} data rows`;
    throw new InputError(`${what}, but ${input.source} has ${n}`);
  }
  const Raug = Float64Array.from(fold.R);
  const order = model.order;
  let transform: Float64Array | undefined;
  let basis: Basis | null = null;
  const degree = P - 1;
  if (order !== null) {
    const range = fold.x as NonNullable<FitFold['x']>;
    checkPowersUpTo(range.absMax, degree, input.columns.data[0] ?? input.columns.x);
    // The basis fit.ts solves in for rows kept in memory: that of the whole range.
    const target = rangeBasis(range.min, range.max);
    rebase(Raug, degree, fold.basis as Basis, target);
    basis = target;
  }
  const R = new Float64Array(P * P);
  for (let j = 0; j < P; j++) for (let i = 0; i <= j; i++) R[i + j * P] = Raug[i + j * q];
  const minusQtr = Float64Array.from({ length: P }, (_, i) => -Raug[i + P * q]);
  const rho = Raug[P + P * q];
  const rss = rho * rho;
  const step = lstsq(R, P, P, minusQtr, n);
  let params = step.x;
  if (order !== null && basis !== null) ({ params, transform } = mappedToPowers(step.x, degree, { ...basis, ym: 0, ys: 1 }, order));
  const names = model.params;
  const uncertainty = fitStatistics(
    { names, params, rss, n, J: R, rows: P, transform, absoluteVariance: input.absoluteSigma ? 1 : undefined },
    new Float64Array(0),
    null,
  );
  // R² from the fold of [w | w·y]: its last entry squared is Σ w²(y − ȳ_w)². A response that
  // is constant leaves there only the fold's rounding, which grows with the rows (ε·√n of the
  // y column, the rank rule of scaledQr): then there is no spread to explain, as on a file.
  const tssRoot = fold.mean[3];
  const constant = Math.abs(tssRoot) <= rankTolerance(2, 2, n) * Math.hypot(fold.mean[2], tssRoot);
  const tss = constant ? 0 : tssRoot * tssRoot;
  const r2 = tss > 0 ? 1 - rss / tss : null;
  uncertainty.stats.r2 = r2 !== null && Number.isFinite(r2) ? r2 : null;
  const { covariance, ...shown } = uncertainty;
  addInformationCriteria(shown.stats, n, shown.rank?.rank ?? P, fold.sumLogW);
  const named: Record<string, number> = Object.create(null);
  names.forEach((name, k) => (named[name] = params[k]));
  const how = input.parts > 1 ? `merged from ${input.parts} folds` : 'folded as the rows arrived';
  const message =
    step.rank < P
      ? `linear in its parameters: ${how}, solved by column-scaled QR, but the design has rank ${step.rank} of ${P}`
      : order !== null
        ? `linear in its parameters: ${how}, solved exactly by column-scaled QR in centred and scaled x, then mapped back to powers of x`
        : `linear in its parameters: ${how}, solved exactly by column-scaled QR`;
  const omitted = [...OMITTED];
  if (order !== null) omitted.push('the check that powers of x reproduce the centred fit (needs the rows)');
  const result: FoldedResult = {
    command: 'fit',
    model: model.text,
    method: 'linear',
    params: named,
    ...shown,
    iterations: 1,
    evaluations: 1,
    converged: true,
    reason: 'exact',
    message,
    columns: input.columns,
    skipped: input.skipped,
    history: [],
    checks: [],
    failure: null,
    warnings: [],
    folded: { parts: input.parts, omitted },
  };
  if (input.absoluteSigma) result.absoluteSigma = true;
  result.level = level;
  result.intervalMethod = 'wald';
  result.intervals = waldIntervals(result.params, result.stderr, result.stats.dof, level);
  return { result, covariance };
}
