/**
 * Whether a fit can be trusted: one place for the verdict. A result is either a minimum (exit 0)
 * or a failure that says why (exit 3, the parameters still reported): a run that did not
 * converge, parameters that ran off towards infinity, or a final fit above a minimum the start
 * search already found. A fit that explains almost nothing of data with a clear pattern left in
 * its residuals is trusted, but warned about.
 */
import type { Kernel } from '../expr/index.js';
import type { Dataset } from './dataset.js';
import type { FitResult } from './result.js';
import type { Remedy } from '../optim/index.js';
import { Projector } from './separable.js';
import { eachJacobianBlock } from './jacobian-factor.js';
import { roundingFloor } from './response-scale.js';
import { mergedTerms } from './merged-terms.js';
import { unsupportedTerm, type UnsupportedTerm } from './unsupported-terms.js';

/** A parameter beyond this size has run off: no data set pins a parameter out there. */
export const RUNAWAY = 1e60;
/** Below this R², with patterned residuals, the fit is warned about. */
const LOW_R2 = 0.2;
/** Lag-one correlation of the residuals (in x order) that counts as a clear pattern. */
const PATTERNED = 0.5;

export interface Verdict {
  failure: FitResult['failure'];
  warnings: string[];
}

export interface JudgeContext {
  /** The lowest sum of squares the start search found on all the rows, when it ran on all of them. */
  searchBest: number | null;
  /** Whether the start was given in full (no search ran). */
  startGiven: boolean;
  kernel: Kernel;
  data: Dataset;
  /** The names of the kernel's parameters (any held fixed left out), in the order of `params`. */
  names: readonly string[];
  params: Float64Array;
  /** The parameters that can run off: the nonlinear ones of an iterative fit. */
  canRunOff: readonly string[];
  /**
   * The indices of the parameters that enter the model linearly, for the check that a fit whose
   * Jacobian lost rank sits in a valley that runs on to infinity; null to skip it (a bounded or
   * robust fit, whose objective is not the plain sum of squares).
   */
  linear: readonly number[] | null;
}

export function judge(r: FitResult, ctx: JudgeContext): Verdict {
  const warnings: string[] = [];
  const elsewhere: Remedy[] = ctx.startGiven ? [{ kind: 'start', how: 'omit' }, { kind: 'global' }] : [{ kind: 'note', text: 'check the model and the data' }];
  if (r.failure) return { failure: r.failure, warnings };

  const runaway = ctx.canRunOff.find((name) => !(Math.abs(r.params[name]) < RUNAWAY));
  if (runaway !== undefined) {
    return {
      failure: {
        step: r.iterations,
        message: `${runaway} ran off to ${r.params[runaway]}: the sum of squares keeps falling as it grows, so the fit has no finite optimum from here`,
        remedies: elsewhere,
      },
      warnings,
    };
  }
  if (!r.converged) {
    const remedies: Remedy[] = r.method === 'lm' ? [{ kind: 'more-steps' }, ...elsewhere] : [{ kind: 'method', method: 'lm', why: '(the default)' }, { kind: 'more-steps' }];
    return { failure: { step: r.iterations, message: `did not converge: ${r.message}`, remedies }, warnings };
  }
  if (ctx.searchBest !== null && r.stats.rss > ctx.searchBest * (1 + 1e-6) + 1e-300) {
    const at = r.search?.bestParams;
    // (At most eight values: a joint fit of many groups has hundreds of parameters.)
    const entries = at ? Object.entries(at) : [];
    const shown = entries.slice(0, 8).map(([k, v]) => `${k}=${v.toPrecision(6)}`).join(',');
    const where = entries.length === 0 ? '' : ` at ${shown}${entries.length > 8 ? `,… (${entries.length - 8} more in the JSON search.bestParams)` : ''}`;
    return {
      failure: {
        step: r.iterations,
        message: r.search?.check
          ? `the fit from the given start ended in a local minimum: its sum of squares ${r.stats.rss.toPrecision(6)} is above the ${ctx.searchBest.toPrecision(6)} a search found${where}`
          : `the fit ended at a sum of squares of ${r.stats.rss}, above the ${ctx.searchBest} the start search found`,
        remedies: r.search?.check
          ? [{ kind: 'start', how: 'omit' }, { kind: 'global' }]
          : [{ kind: 'note', text: 'report this with the command that caused it' }, { kind: 'global', why: 'may help meanwhile' }],
      },
      warnings,
    };
  }
  const valley = endlessValley(r, ctx);
  if (valley?.inert) {
    return {
      failure: {
        step: r.iterations,
        message:
          `the fit has switched a term off: at ${valley.name} = ${valley.at.toPrecision(6)} the model does not change with ${valley.name} (its derivative is 0 on every row, and ten times it changes nothing: its term is 0, or a spike on one row), ` +
          `so what was fitted is a simpler model, not an optimum of this one; a lower minimum with the term in play may lie elsewhere`,
        remedies: [{ kind: 'note', text: `give --start values at which every term contributes, or write a term's size on a log scale (exp(lnA - E/(R*T)) for A*exp(-E/(R*T))), or fit the simpler model` }],
      },
      warnings,
    };
  }
  if (valley !== null) {
    return {
      failure: {
        step: r.iterations,
        message:
          `the fit has no finite optimum: ${valley.name} = ${valley.at.toPrecision(6)} can grow tenfold (to ${valley.to.toPrecision(6)}), ` +
          `the linear parameters solved again, and the sum of squares does not rise (${valley.rss.toPrecision(6)} there): the model tends to a simpler one that fits as well, ` +
          `and the values and errors reported are one point of a valley that goes on`,
        remedies: [{ kind: 'note', text: `fit the simpler model it tends to, or hold ${valley.name} in a range with --bounds` }],
      },
      warnings,
    };
  }
  // (Only with the Jacobian short of full rank, as it is out along such a path: a shallow minimum
  // of a*log(x - c) + b at c = -2.5e3, whose a and b cancel as much, is of full rank and kept.)
  const merged = ctx.linear === null || r.rank === null ? null : mergedTerms(ctx.kernel, ctx.data, ctx.params, ctx.linear);
  if (merged !== null) {
    const [a, b] = [ctx.names[merged.a], ctx.names[merged.b]];
    return {
      failure: {
        step: r.iterations,
        message:
          `the fit has no finite optimum near here: the terms of ${a} and ${b} have become the same curve, and ${a} = ${r.params[a].toPrecision(6)} and ${b} = ${r.params[b].toPrecision(6)} ` +
          `cancel (each is ${merged.ratio.toPrecision(2)} times what the model's linear terms add up to): the sum of squares falls as they grow, towards a curve the model cannot take (the terms' difference)`,
        remedies: [{ kind: 'start', how: 'nearer' }, { kind: 'note', text: `keep ${a} and ${b} to their signs with --bounds, or fit a model with one term fewer` }],
      },
      warnings,
    };
  }
  const spare = ctx.linear === null || ctx.canRunOff.length === 0 ? null : unsupportedTerm(ctx.kernel, ctx.data, ctx.params, ctx.linear, {
    stderr: ctx.names.map((name) => r.stderr[name] ?? null),
    rankLost: r.rank !== null,
  });
  if (spare !== null) {
    return { failure: { step: r.iterations, message: unsupportedMessage(spare, r, ctx), remedies: unsupportedRemedies(spare, ctx) }, warnings };
  }
  const r2 = r.stats.r2;
  if (r2 !== null && r2 < LOW_R2) {
    const lag = residualPattern(ctx);
    if (lag !== null && lag > PATTERNED) {
      warnings.push(
        `the model explains little of the data (R² = ${r2.toPrecision(3)}), and the residuals follow a pattern (lag-one correlation ${lag.toFixed(2)} in x order): ` +
          'check that the model can take the shape of the data, and the columns -x and -y',
      );
    }
  }
  return { failure: null, warnings };
}

/** What a term the data do not show is, in words (unsupported-terms.ts). */
function unsupportedMessage(term: UnsupportedTerm, r: FitResult, ctx: JudgeContext): string {
  const a = ctx.names[term.amplitude];
  const shape = term.shape.map((k) => ctx.names[k]);
  const of = `the term of ${a}${shape.length > 0 ? ` (with ${shape.join(', ')})` : ''}`;
  const where = ctx.data.x.length > term.peakRow ? ` at x = ${Number(ctx.data.x[term.peakRow].toPrecision(6))}` : '';
  const meaningless = shape.length > 0 ? `${shape.join(' and ')} fit noise and mean nothing` : 'its value means nothing';
  if (term.kind === 'spike') {
    return `the data do not show ${of}: it has shrunk to a spike on ${term.rows < 1.5 ? 'one row' : `about ${Math.round(term.rows)} rows`}${where}, which it fits alone; ${meaningless} (the model has a term more than the data hold)`;
  }
  const se = r.stderr[a];
  const value = `${a} = ${r.params[a].toPrecision(4)}${se !== null && se !== undefined ? ` ± ${se.toPrecision(2)}` : ''}`;
  const rows = term.rows < 10 ? ` (a blip on about ${Math.round(term.rows)} rows${where})` : '';
  return (
    `the data do not show ${of}: ${value}${rows} lowers the sum of squares by only ${(term.gain ?? 0).toPrecision(2)} times the noise variance, ` +
    `no more than a term placed on the noise does (a term the data show lowers it by 25 or more); ${meaningless} (the model has a term more than the data hold)`
  );
}

function unsupportedRemedies(term: UnsupportedTerm, ctx: JudgeContext): Remedy[] {
  const width = term.shape.map((k) => ctx.names[k]).find((name) => /^(s|w|sigma|gamma|fwhm|width)/i.test(name));
  const bound = term.kind === 'spike' && width !== undefined ? `, or keep ${width} wider than the rows' spacing with --bounds` : '';
  return [{ kind: 'note', text: `fit a model with one term fewer${bound}` }];
}

/**
 * How much higher the sum of squares may be after the tenfold move and still count as no rise:
 * out along such a valley the model is a difference of huge terms (a·log(x − c) + b with a and b
 * near 1e8 at c = −1e8), whose rounding moves the sum of squares by a few millionths.
 */
const VALLEY_RISE = 1e-4;

/** A standard error this many times a parameter's size marks it for the valley check at full rank. */
const LOOSE = 10;

/**
 * A fit whose Jacobian has lost rank at its end, or whose nonlinear parameter has an error many
 * times its size, may sit in a valley that goes on for ever: as the parameter grows, the others
 * follow and the model tends to a simpler one (a·log(x − c) + b is a straight line as c → −∞), so
 * the sum of squares keeps falling, too slowly to see, and the fit stops at a point of the valley
 * with errors that mean nothing. Such a parameter is moved tenfold with the linear ones solved
 * again (separable.ts's Projector): the valley is there when the sum of squares is no higher there
 * (to VALLEY_RISE, or the rounding of the data, when the rank was lost; to the rounding of the
 * projection at full rank, where a shallow minimum rises by less than VALLEY_RISE) while the fitted curve has changed. An isolated minimum, even a flat one, rises by far more
 * over a tenfold move; a symmetry of the model (a·b·x, whose a and b only count as a product)
 * leaves the curve itself as it was, and stays a warning about the rank.
 */
function endlessValley(r: FitResult, ctx: JudgeContext): { name: string; at: number; to: number; rss: number; inert: boolean } | null {
  if (ctx.linear === null || ctx.canRunOff.length === 0) return null;
  // A parameter to move: any nonlinear one when the Jacobian lost rank, else one whose standard
  // error is over ten times its size (the Jacobian is then of full rank, but only just).
  const loose = (name: string): boolean => {
    const se = r.stderr[name];
    return se !== null && se !== undefined && !(Math.abs(se) <= LOOSE * Math.abs(r.params[name]));
  };
  const candidates = r.rank !== null ? ctx.canRunOff : ctx.canRunOff.filter(loose);
  if (candidates.length === 0) return null;
  const { data, kernel } = ctx;
  const projector = new Projector(kernel, ctx.linear, data);
  const here = projector.project(ctx.params);
  if (here === null) return null;
  // The fitted curve, evaluated only once a move passes the test on the sum of squares.
  let fitted: Float64Array | null = null;
  const floor = roundingFloor(data);
  const moved = new Float64Array(data.n);
  for (const name of candidates) {
    const k = ctx.names.indexOf(name);
    const at = ctx.params[k];
    if (k < 0 || at === 0 || !Number.isFinite(at)) continue;
    const point = Float64Array.from(ctx.params);
    point[k] = 10 * at;
    const there = projector.project(point);
    // With full rank, the valley must go down, to the projection's own rounding there: a minimum
    // that is only shallow rises a little (by 1e-6 of the sum of squares, with a rounding of 1e-15).
    const limit = r.rank !== null ? here.rss * (1 + VALLEY_RISE) + floor : here.rss + 4 * roundingOf(projector, point, k) + floor;
    if (there === null || !(there.rss <= limit)) continue;
    if (fitted === null) {
      fitted = new Float64Array(data.n);
      kernel.evaluate(here.params, data.cols, data.n, fitted);
    }
    kernel.evaluate(there.params, data.cols, data.n, moved);
    let size = 0;
    let change = 0;
    for (let i = 0; i < data.n; i++) {
      size = Math.max(size, Math.abs(fitted[i]));
      change = Math.max(change, Math.abs(moved[i] - fitted[i]));
    }
    if (change > 1e-12 * size) return { name, at, to: point[k], rss: there.rss, inert: false };
    // The curve as it was: a symmetry (a·b·x, whose a moves with b), unless the parameter does
    // nothing at all there: its derivative 0 on every row, its term switched off (an Arrhenius
    // term whose E went to 2e8, where exp(−E/RT) is 0 on every row).
    if (r.rank !== null && inertAt(kernel, data, ctx.params, k)) return { name, at, to: point[k], rss: there.rss, inert: true };
  }
  return null;
}

/** Whether the model's derivative in parameter k is exactly 0 on every row at `params`. */
function inertAt(kernel: Kernel, data: Dataset, params: Float64Array, k: number): boolean {
  let inert = true;
  eachJacobianBlock(kernel, params, data, (_, n, r, J) => {
    for (let i = 0; i < n; i++) if (J[i + k * n] !== 0) inert = false;
    return !inert;
  });
  return inert;
}

/**
 * How much the projected sum of squares at `point` moves for nothing but its rounding: its spread
 * over moves of parameter k by ±1e-9 of itself, which change the true value by far less. Out
 * along a valley the model is a difference of huge terms, and this is 3e-7 of the sum of squares.
 */
function roundingOf(projector: Projector, point: Float64Array, k: number): number {
  const values: number[] = [];
  for (const step of [0, 1e-9, -1e-9]) {
    const p = Float64Array.from(point);
    p[k] = point[k] * (1 + step);
    const rss = projector.project(p)?.rss;
    if (rss !== undefined && Number.isFinite(rss)) values.push(rss);
  }
  return values.length < 2 ? 0 : Math.max(...values) - Math.min(...values);
}

/** The lag-one autocorrelation of the residuals with the rows in x order, or null. */
function residualPattern(ctx: JudgeContext): number | null {
  const { data } = ctx;
  const n = data.n;
  if (n < 8) return null;
  const fitted = new Float64Array(n);
  ctx.kernel.evaluate(ctx.params, data.cols, n, fitted);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data.x[a] - data.x[b]);
  const r = order.map((i) => (data.w ? data.w[i] : 1) * (data.y[i] - fitted[i]));
  const mean = r.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    den += (r[k] - mean) ** 2;
    if (k > 0) num += (r[k] - mean) * (r[k - 1] - mean);
  }
  return den > 0 && Number.isFinite(num / den) ? num / den : null;
}
