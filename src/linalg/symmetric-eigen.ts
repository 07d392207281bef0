/**
 * The eigenvalues and eigenvectors of a small symmetric matrix, by the cyclic Jacobi
 * method (Golub and Van Loan, "Matrix Computations", §8.5): plane rotations that zero each
 * off-diagonal entry in turn, sweep after sweep, until the off-diagonal part is below rounding.
 * Slow (n³ a sweep) but simple and accurate to the last bits for the few dozen variables it is
 * used on (the curvature at a stationary point: optim/probe.ts).
 */

/** Sweeps after which Jacobi stops, converged or not (it converges quadratically: 6 to 10 suffice). */
const MAX_SWEEPS = 50;

/**
 * Every eigenvalue of the symmetric n×n matrix A (column-major; only its values are read, A is not
 * changed), and unit eigenvectors: column k of `vectors` (column-major) for `values[k]`.
 */
export function symmetricEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  // V accumulates the rotations: its columns are the eigenvectors.
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i + i * n] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let all = 0;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const v = a[i + j * n] * a[i + j * n];
        all += v;
        if (i !== j) off += v;
      }
    }
    if (!(off > 1e-30 * all)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p + q * n];
        if (apq === 0) continue;
        // The rotation (c, s) that zeroes a[p][q]: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q + q * n] - a[p + p * n]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // Columns p and q, then rows p and q (A ← Jᵀ A J).
          const akp = a[k + p * n];
          const akq = a[k + q * n];
          a[k + p * n] = c * akp - s * akq;
          a[k + q * n] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p + k * n];
          const aqk = a[q + k * n];
          a[p + k * n] = c * apk - s * aqk;
          a[q + k * n] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k + p * n];
          const vkq = V[k + q * n];
          V[k + p * n] = c * vkp - s * vkq;
          V[k + q * n] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i + i * n]), vectors: V };
}
