/**
 * Fit statistics from the solution: RSS, RMSE, R², degrees of freedom, and the parameters'
 * standard errors and correlations from cov = s²·(RᵀR)⁻¹ (QR of the Jacobian, never JᵀJ).
 */
import { covariance } from '../linalg/index.js';
import type { FitResult, FitStats, RankInfo } from './result.js';

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
}

type Uncertainty = Pick<FitResult, 'stats' | 'stderr' | 'relStderr' | 'correlation' | 'rank' | 'stderrNote'>;

export function fitStatistics(sol: Solution, y: Float64Array, w: Float64Array | null): Uncertainty {
  const m = sol.n;
  const p = sol.names.length;
  const rss = sol.rss;
  // Weights are normalised by the largest one, so that squaring them cannot underflow.
  let wmax = 0;
  for (let i = 0; i < m; i++) wmax = Math.max(wmax, w ? Math.abs(w[i]!) : 1);
  const weight = (i: number) => (w ? w[i]! / wmax : 1) ** 2;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < m; i++) {
    sw += weight(i);
    swy += weight(i) * y[i]!;
  }
  const mean = swy / sw;
  // Weighted deviations are formed before squaring, like the residuals, so neither the weights'
  // squares nor the responses' squares can leave floating-point range on their own.
  let tss = 0;
  for (let i = 0; i < m; i++) tss += ((w ? w[i]! : 1) * (y[i]! - mean)) ** 2;
  const dof = m - p;
  const stats: FitStats = {
    n: m,
    rss,
    rmse: Math.sqrt(rss / m),
    r2: tss > 0 ? 1 - rss / tss : rss === 0 ? 1 : 0,
    dof,
    chi2red: dof > 0 ? rss / dof : null,
  };

  const stderr: Record<string, number | null> = Object.create(null); // names such as __proto__ are keys
  const relStderr: Record<string, number | null> = Object.create(null);
  for (const name of sol.names) {
    stderr[name] = null;
    relStderr[name] = null;
  }
  const nulls = sol.names.map(() => sol.names.map(() => null as number | null));
  const cov = covariance(sol.J, sol.rows, p, dof > 0 ? rss / dof : 0);
  if (sol.transform) cov.cov = congruence(sol.transform, cov.cov, p);
  const rank: RankInfo | null =
    cov.rank < p
      ? {
          rank: cov.rank,
          unidentifiable: cov.unidentifiable.map((k) => sol.names[k]!),
          reason: unidentifiableReason(cov.unidentifiable.map((k) => sol.names[k]!), cov.rank, p),
        }
      : null;
  if (dof <= 0) {
    return { stats, stderr, relStderr, correlation: { names: [...sol.names], matrix: nulls }, rank, stderrNote: `no degrees of freedom left (${m} rows, ${p} parameters): standard errors need more rows than parameters` };
  }
  const matrix = nulls.map((row) => row.slice());
  for (let a = 0; a < p; a++) {
    const va = cov.cov[a + a * p]!;
    if (!Number.isFinite(va) || va < 0) continue;
    const se = Math.sqrt(va);
    stderr[sol.names[a]!] = se;
    const value = sol.params[a]!;
    relStderr[sol.names[a]!] = value !== 0 ? Math.abs(se / value) : null;
    for (let b = 0; b < p; b++) {
      const vb = cov.cov[b + b * p]!;
      const c = cov.cov[a + b * p]! / Math.sqrt(va * vb);
      matrix[a]![b] = Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : null;
    }
  }
  return {
    stats,
    stderr,
    relStderr,
    correlation: { names: [...sol.names], matrix },
    rank,
    stderrNote: rank
      ? 'not identifiable: the data cannot tell these parameters apart'
      : Object.values(stderr).some((v) => v === null)
        ? 'the variance is beyond floating-point range at this scale of data'
        : null,
  };
}

/** T·C·Tᵀ for p×p column-major T and C. */
function congruence(T: Float64Array, C: Float64Array, p: number): Float64Array {
  const TC = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += T[i + k * p]! * C[k + j * p]!;
      TC[i + j * p] = s;
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += TC[i + k * p]! * T[j + k * p]!;
      out[i + j * p] = s;
    }
  }
  return out;
}

function unidentifiableReason(names: string[], rank: number, p: number): string {
  const list = names.join(', ');
  return `the Jacobian has rank ${rank} of ${p}: ${list} cannot be told apart from the other parameters with this data (drop ${names.length > 1 ? 'one of them' : 'it'}, or add data that separates them)`;
}
