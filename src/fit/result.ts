/** The plain result object of `gradfit fit`: the JSON shape of docs/CLI.md plus extras. */
import type { Check } from '../checks/check.js';
import type { Failure } from '../optim/index.js';
import type { SearchReport } from './search.js';

export interface FitStats {
  /** Rows used in the fit. */
  n: number;
  /** Residual sum of squares (weighted when --sigma is given). */
  rss: number;
  /** sqrt(rss / n). */
  rmse: number;
  /**
   * Coefficient of determination, 1 - rss / tss (tss about the (weighted) mean); null when tss is
   * 0 (a constant response), where R² is undefined.
   */
  r2: number | null;
  /** Degrees of freedom, n - rank (n - p when every parameter is identifiable), as R's lm counts them. */
  dof: number;
  /** rss / dof: the reduced chi-square (the residual variance s² when unweighted); null when dof = 0. */
  chi2red: number | null;
  /**
   * Normal-errors log-likelihood as R's logLik for nls/lm (with --sigma: weights 1/σ²), and AIC,
   * AICc, BIC from it with k = parameters + 1 (σ counts); null where undefined (RSS 0, too few rows).
   */
  loglik?: number | null;
  aic?: number | null;
  aicc?: number | null;
  bic?: number | null;
}

export interface RankInfo {
  /** Numerical rank of the Jacobian at the solution. */
  rank: number;
  /** Parameters that cannot be told apart from the others. */
  unidentifiable: string[];
  /** One sentence for the user. */
  reason: string;
}

export interface FitResult {
  command: 'fit';
  /** The model as fitted, in gradfit's expression syntax ("c0 + c1*x + c2*x^2" for --degree 2). */
  model: string;
  method: string;
  /** Parameter values, in the model's parameter order. */
  params: Record<string, number>;
  /** Standard errors; null (with `rank` or `stderrNote` saying why) when they cannot be computed. */
  stderr: Record<string, number | null>;
  /** |stderr / value|, null where undefined. */
  relStderr: Record<string, number | null>;
  /** Correlation matrix of the parameters (order of `params`), null entries where undefined. */
  correlation: { names: string[]; matrix: (number | null)[][] } | null;
  stats: FitStats;
  /** Confidence intervals at `level` (null where the standard error is unknown or the profile does not close). */
  intervals?: Record<string, [number, number] | null>;
  /** The confidence level of `intervals`, e.g. 0.95. */
  level?: number;
  /** How the intervals were computed: "wald" (value ± t·stderr) or "profile" (profile likelihood). */
  intervalMethod?: 'wald' | 'profile';
  /** --degree auto: every candidate degree with its AICc and RSS, and the one chosen. */
  selection?: { criterion: 'aicc'; chosen: number; candidates: { degree: number; rss: number; aicc: number | null }[] };
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Machine-readable stop reason, e.g. "rss-reduction", "step-size", "gradient", "exact", "step-cap", "no-progress". */
  reason: string;
  /** The stop reason as a sentence. */
  message: string;
  /** Set when the Jacobian at the solution is rank-deficient. */
  rank: RankInfo | null;
  /** Why stderr is null, when it is (e.g. "no degrees of freedom"). */
  stderrNote: string | null;
  /** Columns used: x (independent), y (response), sigma if any, and every data column the model names. */
  columns: {
    x: string;
    y: string;
    sigma: string | null;
    data: string[];
    /** How the file was read (src/fit/dataset.ts `Reading`); absent on results made without a file. */
    delimiter?: string;
    decimal?: '.' | ',';
    header?: boolean;
    rowNames?: boolean;
    where?: string | null;
    rowsRead?: number;
    xColumn?: number;
    yColumn?: number;
    chose?: { x: boolean; y: boolean };
  };
  /** Rows dropped by --skip-invalid. */
  skipped: number;
  /** Loss (rss for lm, mse for the others) per iteration, starting with the initial value. */
  history: number[];
  checks: Check[];
  /** Set when the optimisation failed (exit code 3): where, what, and what to try. */
  failure: Failure | null;
  /** Things the user should know about a fit that is still trusted (one sentence each). */
  warnings: string[];
  /** What the automatic start search did, when it ran (no --start for some parameter, or --global). */
  search?: SearchReport;
  /** --fix: the parameters held at their given values (in params, with a null stderr, not counted in dof). */
  fixed?: string[];
  /** --bounds as given: name → [lo, hi], null for an open side. */
  bounds?: Record<string, [number | null, number | null]>;
  /** --bounds: the parameters that ended exactly on a bound, and which one. */
  atBound?: Record<string, 'lower' | 'upper'>;
  /** Notes on single standard errors (a parameter on a bound), by name. */
  stderrNotes?: Record<string, string>;
  /** --loss and --f-scale (scipy.optimize.least_squares's definitions). */
  loss?: string;
  fScale?: number;
  /** With a robust loss: rows whose residual is beyond fScale (down-weighted). */
  downWeighted?: number;
  /** With a robust loss: scipy's cost, ½·Σ fScale²·ρ((r/fScale)²). */
  cost?: number;
  /** --absolute-sigma: the covariance is (JᵀWJ)⁻¹, not scaled by the reduced χ². */
  absoluteSigma?: boolean;
}
