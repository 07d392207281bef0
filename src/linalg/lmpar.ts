/**
 * MINPACK's lmpar: the Levenberg–Marquardt parameter. Given R and Qᵀb from A·P = Q·R, a
 * diagonal D and a trust radius Δ, find par >= 0 and x solving  A·x ≈ b, √par·D·x ≈ 0  such that
 * either par = 0 and ‖D·x‖ <= 1.1·Δ, or par > 0 and |‖D·x‖ − Δ| <= 0.1·Δ (Moré 1978, §5).
 */
import { DWARF } from './constants.js';
import { enorm } from './norm.js';
import { qrSolve } from './qrsolv.js';

/**
 * Compute the Levenberg–Marquardt parameter, starting the search from `par` (the previous
 * value). Returns the new par; `x` receives the step's solution and `sdiag` the diagonal of S
 * (see qrSolve). `r` is n×n with leading dimension ldr; its strict lower triangle is used as
 * work space, its diagonal and upper triangle (R) are preserved.
 */
export function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: ArrayLike<number>,
  qtb: ArrayLike<number>,
  delta: number,
  par: number,
  x: Float64Array,
  sdiag: Float64Array,
): number {
  const wa1 = new Float64Array(n);
  const wa2 = new Float64Array(n);
  // The Gauss–Newton direction; if R is singular, a least-squares solution.
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j];
    if (r[j + j * ldr] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    wa1[j] = wa1[j] / r[j + j * ldr];
    const temp = wa1[j];
    for (let i = 0; i < j; i++) wa1[i] = wa1[i] - r[i + j * ldr] * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa1[j];

  // Evaluate the function at the origin, and accept the Gauss–Newton direction if it is
  // inside the trust region (with a 10% tolerance).
  let iter = 0;
  for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
  let dxnorm = enorm(wa2);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // A lower bound parl for the zero of the function, from the Newton step (only when the
  // Jacobian has full rank; otherwise parl = 0).
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[i + j * ldr] * wa1[i];
      wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
    }
    const temp = enorm(wa1);
    parl = fp / delta / temp / temp;
  }

  // An upper bound paru.
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[i + j * ldr] * qtb[i];
    wa1[j] = sum / diag[ipvt[j]];
  }
  const gnorm = enorm(wa1);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);

  // Start par inside [parl, paru]; if it is zero, replace it by gnorm/dxnorm.
  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;

  for (;;) {
    iter++;
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const sq = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = sq * diag[j];
    qrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag);
    for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
    dxnorm = enorm(wa2);
    const previous = fp;
    fp = dxnorm - delta;
    // Stop when the function is small enough, or has a zero that parl = 0 can't reach, or
    // after ten iterations.
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= previous && previous < 0) || iter === 10) break;
    // The Newton correction.
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] = wa1[j] / sdiag[j];
      const temp = wa1[j];
      for (let i = j + 1; i < n; i++) wa1[i] = wa1[i] - r[i + j * ldr] * temp;
    }
    const temp = enorm(wa1);
    const parc = fp / delta / temp / temp;
    // Tighten the bounds, then the new estimate.
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
  return par;
}
