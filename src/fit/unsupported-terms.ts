/**
 * A term the data do not show. A model with more terms than its data hold (three peaks where two
 * are one bump, a second decay where there is one) still has a least-squares minimum, but the
 * spare term spends its freedom on noise: it shrinks to a spike on one row (a Lorentzian of width
 * 4e-9 and height 4e13), or to a blip of a few rows, or to an amplitude within its error of zero,
 * and its place and shape are wherever the noise was largest. Such a minimum is one of many of
 * about the same sum of squares (a search and scipy land on different ones), and its values mean
 * nothing: the fit says so rather than report them as the answer.
 *
 * A term is a linear parameter's curve (term-curves.ts) that the nonlinear parameters move. It is
 * not shown by the data when
 * - it is a spike: its curve spreads over fewer than 1.5 rows (the participation ratio
 *   (Σc²)²/Σc⁴ of a curve c counts the rows it spreads over), or, with the Jacobian short of
 *   rank, over fewer rows than the term has parameters (its amplitude and the nonlinear
 *   parameters that move it); or
 * - it has nonlinear parameters of its own (moving no other term's curve) and it lowers the sum
 *   of squares by less than SHOWN noise variances: its amplitude solved again is as often zero,
 *   conditionally on the rest. (Its own standard error is no test: an Arrhenius A of 1e9 ± 5e8,
 *   or a weak second phase of a biexponential, is far from zero once Ea, or k2, is held; and a
 *   shared nonlinear parameter, the w of a·sin(w·x) + b·cos(w·x), is fixed by the other terms,
 *   so b near zero is an answer there, not noise.)
 */
import type { Kernel } from '../expr/index.js';
import { sumOfSquares, type FitRows } from './jacobian-factor.js';
import { Projector } from './separable.js';
import { curvesMovedBy, termCurves } from './term-curves.js';

/** A curve spread over fewer rows than this is a spike. */
const SPIKE_ROWS = 1.5;
/**
 * Terms whose amplitude is this many standard errors from zero, at full rank, are not looked at
 * closer: the gain of a term is at least the square of that ratio (its error is its conditional
 * one, on the other linear terms alone, widened by the correlations with the rest), so no such
 * term can fall short of SHOWN.
 */
const CLEAR = 5;
/**
 * A term that lowers the sum of squares by less than this many times the noise variance is not
 * shown by the data (5 standard deviations). A spare peak or decay placed on the noise lowers it
 * by 3 to 20 in the audits (200 to 1000 rows; its place and width chosen where the noise helps
 * most); the weakest real term of the start-free cases, Indometh's second phase, by 50.
 */
const SHOWN = 25;

export interface UnsupportedTerm {
  /** The linear parameter whose term it is (an index into the parameters). */
  amplitude: number;
  /** The nonlinear parameters that move its curve. */
  shape: number[];
  /** The rows its curve spreads over (participation ratio). */
  rows: number;
  /** The row where its curve is largest. */
  peakRow: number;
  /** |amplitude| / standard error; null when the error is not known. */
  t: number | null;
  /** With kind 'weak': what the term lowers the sum of squares by, in noise variances. */
  gain?: number;
  kind: 'spike' | 'weak';
}

export interface TermErrors {
  /** Standard errors by parameter index (null where not known). */
  stderr: readonly (number | null)[];
  /** Whether the Jacobian lost rank at the fit. */
  rankLost: boolean;
}

/** The first term of the model at `params` that the data do not show, or null. */
export function unsupportedTerm(kernel: Kernel, rows: FitRows, params: Float64Array, linear: readonly number[], errors: TermErrors): UnsupportedTerm | null {
  const tOf = (j: number): number | null => {
    const se = errors.stderr[j];
    return se === null || se === undefined || !Number.isFinite(se) ? null : se === 0 ? Infinity : Math.abs(params[j]) / se;
  };
  // Only a weak amplitude, or a lost rank, is looked at closer (a pass over the rows per term):
  // a fit whose amplitudes are all clear of zero at full rank costs nothing here.
  const looked = linear.filter((j) => errors.rankLost || !((tOf(j) ?? 0) >= CLEAR));
  if (looked.length === 0) return null;
  const projector = new Projector(kernel, linear, rows);
  const terms = termCurves(projector, params, linear);
  if (terms === null) return null;
  const nonlinear = Array.from(params, (_, k) => k).filter((k) => !linear.includes(k));
  // Which curves each nonlinear parameter moves, found once and only when needed.
  let moves: boolean[][] | null = null;
  const movesOf = (): boolean[][] => (moves ??= Array.from(nonlinear, (k) => curvesMovedBy(projector, params, terms, k)));
  // What a term lowers the sum of squares by, in units of the noise variance σ² = RSS/(n − p):
  // the sum of squares without it (its amplitude 0, the other linear parameters solved again at
  // the same nonlinear ones) less the sum with it.
  const here = projector.project(params)?.rss;
  const variance = here === undefined ? NaN : here / (rows.n - params.length);
  const gainOf = (j: number): number | null => {
    const at = Float64Array.from(params);
    at[j] = 0;
    const others = linear.filter((q) => q !== j);
    const without = others.length > 0 ? new Projector(kernel, others, rows).project(at)?.rss : sumOfSquares(kernel, at, rows);
    const gain = without === undefined || here === undefined ? NaN : (without - here) / variance;
    return Number.isFinite(gain) ? gain : null;
  };
  for (const j of looked) {
    const col = linear.indexOf(j);
    if (!terms.moving[col] || !(terms.norms[col] > 0)) continue;
    const { spread, peakRow } = spreadOf(terms.curves[col]);
    const t = tOf(j);
    const shape = nonlinear.filter((_, q) => movesOf()[q][col]);
    const term = { amplitude: j, shape, rows: spread, peakRow, t };
    // (Over fewer rows than it has parameters, with the Jacobian short of rank, a term fits those
    // rows alone: its parameters are not determined, and its size is what their noise needs. At
    // full rank a peak on three rows of sparse data can be a peak: it is judged by its gain.)
    if (spread < SPIKE_ROWS || (errors.rankLost && spread < 1 + shape.length)) return { ...term, kind: 'spike' };
    const own = shape.some((k) => movesOf()[nonlinear.indexOf(k)].filter(Boolean).length === 1);
    if (!own) continue;
    const gain = gainOf(j);
    if (gain !== null && gain < SHOWN) return { ...term, gain, kind: 'weak' };
  }
  return null;
}

/** The participation ratio (Σc²)²/Σc⁴ of a curve (how many rows it spreads over), and its largest row. */
function spreadOf(c: Float64Array): { spread: number; peakRow: number } {
  // (Scaled by the largest entry first: c⁴ of a spike 1e13 high would overflow.)
  let peakRow = 0;
  for (let i = 1; i < c.length; i++) if (Math.abs(c[i]) > Math.abs(c[peakRow])) peakRow = i;
  const top = Math.abs(c[peakRow]);
  let s2 = 0;
  let s4 = 0;
  for (const v of c) {
    const u = (v / top) ** 2;
    s2 += u;
    s4 += u * u;
  }
  return { spread: (s2 * s2) / s4, peakRow };
}
