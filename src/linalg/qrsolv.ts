/**
 * MINPACK's qrsolv: given the QR factorisation A·P = Q·R and a diagonal D, solve the damped
 * least-squares problem  A·x ≈ b,  D·x ≈ 0  by Givens rotations of R, without refactoring A.
 */
import { requireLength } from './errors.js';

/**
 * Solve min ‖[A; D]·x − [b; 0]‖ given R (upper triangle of the n×n block of `r`, leading
 * dimension ldr), the permutation `ipvt`, `diag` (D) and `qtb` = the first n entries of Qᵀ·b.
 *
 * On return `x` holds the solution and `sdiag` the diagonal of the triangular S with
 * Pᵀ·(AᵀA + DD)·P = SᵀS; S's strict lower triangle is left (transposed) in the strict lower
 * triangle of `r`. R's diagonal and upper triangle are unchanged. A zero in sdiag makes the
 * system singular: the solution then sets the trailing components to 0 (a least-squares answer).
 */
export function qrSolve(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: ArrayLike<number>,
  qtb: ArrayLike<number>,
  x: Float64Array,
  sdiag: Float64Array,
): void {
  requireLength(`qrSolve: an ${n}×${n} R with leading dimension ${ldr}`, r, ldr * (n - 1) + n);
  const wa = new Float64Array(n);
  // Copy R and Qᵀb to preserve input and initialise S; save R's diagonal in x.
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = r[j + i * ldr];
    x[j] = r[j + j * ldr];
    wa[j] = qtb[j];
  }
  // Eliminate the diagonal matrix D using Givens rotations.
  for (let j = 0; j < n; j++) {
    const l = ipvt[j];
    if (diag[l] !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = diag[l];
      // The transformations that eliminate row j of D modify only one element of Qᵀb
      // beyond the first n, which is initially zero.
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        if (sdiag[k] === 0) continue;
        const rkk = r[k + k * ldr];
        let sin: number;
        let cos: number;
        if (Math.abs(rkk) < Math.abs(sdiag[k])) {
          const cotan = rkk / sdiag[k];
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sdiag[k] / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[k + k * ldr] = cos * rkk + sin * sdiag[k];
        const temp = cos * wa[k] + sin * qtbpj;
        qtbpj = -sin * wa[k] + cos * qtbpj;
        wa[k] = temp;
        for (let i = k + 1; i < n; i++) {
          const rik = r[i + k * ldr];
          const t = cos * rik + sin * sdiag[i];
          sdiag[i] = -sin * rik + cos * sdiag[i];
          r[i + k * ldr] = t;
        }
      }
    }
    // Store the diagonal element of S and restore the corresponding diagonal element of R.
    sdiag[j] = r[j + j * ldr];
    r[j + j * ldr] = x[j];
  }
  // Solve the triangular system for z; if it is singular, obtain a least-squares solution.
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += r[i + j * ldr] * wa[i];
    wa[j] = (wa[j] - sum) / sdiag[j];
  }
  // Permute the components of z back to components of x.
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa[j];
}
