/**
 * Fit statistics from the solution: RSS, RMSE, R², degrees of freedom, and the parameters'
 * standard errors and correlations from cov = s²·(RᵀR)⁻¹ (QR of the Jacobian, never JᵀJ).
 */
import { covariance, type CovarianceResult } from '../linalg/index.js';
import type { FitResult, FitStats, RankInfo } from './result.js';
import { columnRange } from './column-range.js';

export interface Solution {
  /** Parameter names, in order. */
  names: readonly string[];
  params: Float64Array;
  /** Σ of the squared weighted residuals w_i·(f_i − y_i) at the solution. */
  rss: number;
  /** Rows fitted. */
  n: number;
  /** A matrix with the Jacobian's RᵀR (the Jacobian itself, or its triangular factor), column-major rows×p. */
  J: Float64Array;
  rows: number;
  /** When J is the Jacobian for other parameters d with params = T·d: T (p×p, column-major). */
  transform?: Float64Array;
  /** s² = varianceRss/dof instead of rss/dof (a robust loss: its cost Σ f²·ρ). */
  varianceRss?: number;
  /** s² held at this value (--absolute-sigma: 1, in the units of J), not estimated from the residuals. */
  absoluteVariance?: number;
}

type Uncertainty = Pick<FitResult, 'stats' | 'stderr' | 'relStderr' | 'correlation' | 'rank' | 'stderrNote'> & {
  /** cov = s²·(RᵀR)⁻¹ by rows (the parameters' order), for intervals, bands and the saved model; null when not every entry is known. */
  covariance: number[][] | null;
};

export function fitStatistics(sol: Solution, y: Float64Array, w: Float64Array | null): Uncertainty {
  const m = sol.n;
  const p = sol.names.length;
  const rss = sol.rss;
  const r2 = rSquared(rss, y, w);

  // The degrees of freedom are n − rank, as R's lm has them: a parameter the data cannot
  // determine does not use up a row.
  // (The rank comes first, from a factorisation of the small p×p factor; then cov = s²·(RᵀR)⁻¹.)
  const dof = m - covariance(sol.J, sol.rows, p, 1, m).rank;
  const s2 = dof > 0 ? rss / dof : 0;
  const cov = covariance(sol.J, sol.rows, p, sol.absoluteVariance ?? (sol.varianceRss !== undefined && dof > 0 ? sol.varianceRss / dof : s2), m);
  if (sol.transform) cov.cov = congruence(sol.transform, cov.cov, p);
  const stats: FitStats = {
    n: m,
    rss,
    rmse: Math.sqrt(rss / m),
    r2,
    dof,
    chi2red: dof > 0 ? s2 : null,
  };

  const stderr: Record<string, number | null> = Object.create(null); // names such as __proto__ are keys
  const relStderr: Record<string, number | null> = Object.create(null);
  for (const name of sol.names) {
    stderr[name] = null;
    relStderr[name] = null;
  }
  const nulls = sol.names.map(() => sol.names.map(() => null as number | null));
  const rank: RankInfo | null =
    cov.rank < p
      ? {
          rank: cov.rank,
          unidentifiable: cov.unidentifiable.map((k) => sol.names[k]),
          reason: unidentifiableReason(cov.unidentifiable.map((k) => sol.names[k]), cov.rank, p),
        }
      : null;
  if (dof <= 0 && sol.absoluteVariance === undefined) {
    return { stats, stderr, relStderr, covariance: null, correlation: { names: [...sol.names], matrix: nulls }, rank, stderrNote: `no degrees of freedom left (${m} rows, ${cov.rank === p ? `${p} parameters` : `rank ${cov.rank} of ${p} parameters`}): standard errors need more rows than parameters` };
  }
  const matrix = nulls.map((row) => row.slice());
  // A variance out of the range of doubles (data near 1e±300: variances near 1e±600) while the
  // standard error is not: each parameter's row of the covariance is taken in scaled form instead.
  const tiny = (v: number) => !Number.isFinite(v) || v < 1e-290;
  const scaledRows = sol.names.some((_, a) => tiny(cov.cov[a + a * p])) ? scaledCovariance(cov, p, sol.transform) : null;
  for (let a = 0; a < p; a++) {
    const va = cov.cov[a + a * p];
    const row = scaledRows && tiny(va) ? scaledRows[a] : null;
    const se = row ? row.size * Math.sqrt(row.variance) : Math.sqrt(va);
    if (!Number.isFinite(se) || (row ? !(row.variance >= 0) : va < 0)) continue;
    stderr[sol.names[a]] = se;
    const value = sol.params[a];
    relStderr[sol.names[a]] = value !== 0 ? Math.abs(se / value) : null;
    for (let b = 0; b < p; b++) {
      const vb = cov.cov[b + b * p];
      const c = scaledRows && (row || tiny(vb)) ? scaledRows[a].dot(scaledRows[b]) / Math.sqrt(scaledRows[a].variance * scaledRows[b].variance) : cov.cov[a + b * p] / Math.sqrt(va * vb);
      matrix[a][b] = Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : null;
    }
  }
  const covMatrix = sol.names.map((_, a) => sol.names.map((_, b) => cov.cov[a + b * p]));
  const covKnown = !rank && !scaledRows && covMatrix.every((row) => row.every(Number.isFinite));
  return {
    stats,
    stderr,
    relStderr,
    covariance: covKnown ? covMatrix : null,
    correlation: { names: [...sol.names], matrix },
    rank,
    stderrNote: rank
      ? 'not identifiable: the data cannot tell these parameters apart'
      : Object.values(stderr).some((v) => v === null)
        ? 'the variance is beyond floating-point range at this scale of data'
        : null,
  };
}

interface ScaledRow {
  /** The largest magnitude of the parameter's row of G (below). */
  size: number;
  /** Its row of G divided by size. */
  g: Float64Array;
  /** g·inner·gᵀ: the variance is size²·variance. */
  variance: number;
  /** g·inner·hᵀ for another parameter's row h: the covariance is the product of the sizes times this. */
  dot(other: ScaledRow): number;
}

/**
 * The covariance as G·inner·Gᵀ, G = T·S⁻¹ (S⁻¹ alone without a transform), each row of G scaled by
 * its largest entry, so that a standard error is size·√variance without ever forming a variance.
 */
function scaledCovariance(cov: CovarianceResult, p: number, T: Float64Array | undefined): ScaledRow[] {
  const quad = (g: Float64Array, h: Float64Array) => {
    let s = 0;
    for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) if (g[k] !== 0 && h[l] !== 0) s += g[k] * cov.inner[k + l * p] * h[l];
    return s;
  };
  return Array.from({ length: p }, (_, a) => {
    const G = Float64Array.from({ length: p }, (_, k) => (T ? T[a + k * p] : k === a ? 1 : 0) / cov.scale[k]);
    let size = 0;
    for (const v of G) size = Math.max(size, Math.abs(v));
    const g = G.map((v) => (size > 0 && Number.isFinite(size) ? v / size : v));
    return { size, g, variance: quad(g, g), dot: (other: ScaledRow) => quad(g, other.g) };
  });
}

/**
 * R² = 1 − RSS/TSS, TSS about the (weighted) mean; null when TSS is 0 (a constant response: R²
 * is 0/0 there, neither 1 nor 0). Weights are normalised by the largest one and the responses by a
 * power of two near the largest, so that neither the weighted mean nor TSS overflows or underflows
 * on data near the ends of the floating-point range.
 */
function rSquared(rss: number, y: Float64Array, w: Float64Array | null): number | null {
  // (Plain indexed loops, one per case: each runs once, over every row, mostly before V8 has
  // optimised it, where closures and conditionals per row cost several times the arithmetic.)
  const m = y.length;
  let wmax = 1;
  const ymax = columnRange(y).absMax;
  if (w) {
    wmax = 0;
    for (let i = 0; i < m; i++) wmax = Math.max(wmax, Math.abs(w[i]));
  }
  const yscale = ymax > 0 && Number.isFinite(ymax) ? 2 ** Math.max(-1022, Math.min(1023, Math.floor(Math.log2(ymax)))) : 1;
  let sw = 0;
  let swy = 0;
  if (w) {
    for (let i = 0; i < m; i++) {
      const weight = (w[i] / wmax) ** 2;
      sw += weight;
      swy += weight * (y[i] / yscale);
    }
  } else {
    sw = m;
    for (let i = 0; i < m; i++) swy += y[i] / yscale;
  }
  const mean = (swy / sw) * yscale;
  // Weighted deviations are formed before squaring, like the residuals, so neither the weights'
  // squares nor the responses' squares can leave floating-point range on their own.
  // (y − mean overflows only for responses of both signs near the largest double.)
  let tss = 0;
  if (w) {
    for (let i = 0; i < m; i++) {
      const d = y[i] - mean;
      tss += (Number.isFinite(d) ? w[i] * d : w[i] * y[i] - w[i] * mean) ** 2;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const d = y[i] - mean;
      tss += d * d;
    }
  }
  if (!(tss > 0)) return null;
  const r2 = 1 - rss / tss;
  return Number.isFinite(r2) ? r2 : null;
}

/** T·C·Tᵀ for p×p column-major T and C. */
function congruence(T: Float64Array, C: Float64Array, p: number): Float64Array {
  const TC = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += T[i + k * p] * C[k + j * p];
      TC[i + j * p] = s;
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += TC[i + k * p] * T[j + k * p];
      out[i + j * p] = s;
    }
  }
  return out;
}

function unidentifiableReason(names: string[], rank: number, p: number): string {
  const list = names.join(', ');
  return `the Jacobian has rank ${rank} of ${p}: ${list} cannot be told apart from the other parameters with this data (drop ${names.length > 1 ? 'one of them' : 'it'}, or add data that separates them)`;
}
