/** A regression check (docs/CLI.md "CI regression checks"): one comparison and its outcome. */
export interface Check {
  /** What was checked: a parameter name, "rmse" or "r2". */
  name: string;
  kind: 'expect' | 'baseline' | 'max-rmse' | 'min-r2';
  passed: boolean;
  expected: number | null;
  actual: number | null;
  /** actual - expected, or null when one side is missing. */
  difference: number | null;
  /** The allowed |difference| (atol + rtol·|expected|), or the bound for rmse/r2. */
  tolerance: number | null;
  /**
   * --baseline with --sigma-tol: the difference in combined standard errors,
   * (actual - expected) / √(se² + se_base²); null when either standard error is missing (the
   * check then fell back to --rtol/--atol, and its message says so). Absent without --sigma-tol.
   */
  sigmas?: number | null;
  /** √(se² + se_base²), or null when either standard error is missing. Absent without --sigma-tol. */
  combinedStderr?: number | null;
  /** One line for people, e.g. "c1 = 1.1713, expected 1.2 ± 0.0012 (off by -0.0287)". */
  message: string;
}

