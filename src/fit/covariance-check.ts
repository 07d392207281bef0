/**
 * Whether a matrix read from a file can be a covariance: symmetric, with no negative variance and
 * no combination of the parameters with a negative variance (positive semi-definite), each up to
 * rounding. A covariance gradfit computed passes; a damaged or hand-edited one would give bands
 * of zero width (a negative variance clipped to 0) or NaN.
 */

/** Relative rounding allowed: far above a computed covariance's, far below a damaged one's. */
const ROUNDING = 1e-8;

/**
 * What is wrong with `cov` (p×p by rows, finite numbers) as a covariance of the parameters
 * `names`, in words; null when nothing is.
 */
export function covarianceProblem(cov: readonly (readonly number[])[], names: readonly string[]): string | null {
  const p = cov.length;
  let size = 0;
  for (const row of cov) for (const v of row) size = Math.max(size, Math.abs(v));
  const floor = ROUNDING * size;
  for (let a = 0; a < p; a++) {
    if (cov[a][a] < -floor) return `the variance of ${names[a]} is negative (${cov[a][a]})`;
  }
  const sd = cov.map((row, a) => Math.sqrt(Math.max(0, row[a])));
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      if (Math.abs(cov[a][b] - cov[b][a]) > ROUNDING * sd[a] * sd[b] + floor) {
        return `it is not symmetric: the covariance of ${names[a]} and ${names[b]} is ${cov[a][b]} one way and ${cov[b][a]} the other`;
      }
    }
  }
  // The correlations (a parameter with no variance must have no covariance either), then a
  // Cholesky factorisation of them with the rounding allowance added to the diagonal.
  const corr = Array.from({ length: p }, () => new Float64Array(p));
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const c = (cov[a][b] + cov[b][a]) / 2;
      if (sd[a] === 0 || sd[b] === 0) {
        if (Math.abs(c) > floor) return `${names[sd[a] === 0 ? a : b]} has no variance but a covariance of ${c} with ${names[sd[a] === 0 ? b : a]}`;
        continue;
      }
      corr[a][b] = c / (sd[a] * sd[b]);
    }
  }
  if (!choleskyHolds(corr, ROUNDING)) {
    return 'it is not positive semi-definite: some combination of the parameters would have a negative variance';
  }
  return null;
}

/** Whether A + shift·I (symmetric, p×p) has a Cholesky factor: every pivot positive. */
function choleskyHolds(A: readonly Float64Array[], shift: number): boolean {
  const p = A.length;
  const L = Array.from({ length: p }, () => new Float64Array(p));
  for (let j = 0; j < p; j++) {
    let d = A[j][j] + shift;
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 0)) return false;
    const root = Math.sqrt(d);
    L[j][j] = root;
    for (let i = j + 1; i < p; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / root;
    }
  }
  return true;
}
