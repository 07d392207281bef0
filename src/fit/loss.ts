/**
 * Robust losses, with exactly scipy.optimize.least_squares's definitions (scipy/optimize/_lsq/
 * least_squares.py): for z = (r/f_scale)², the cost is ½·Σ f_scale²·ρ(z) with
 *
 *   linear   ρ = z
 *   huber    ρ = z for z ≤ 1, 2√z − 1 beyond
 *   soft-l1  ρ = 2(√(1+z) − 1)
 *   cauchy   ρ = ln(1+z)
 *   arctan   ρ = arctan(z)
 *
 * and Levenberg–Marquardt runs on scipy's rescaled residuals and Jacobian rows
 * (scale_for_robust_loss_function): s_i = √max(ρ′ + 2ρ″·r_i², ε), J_i ← s_i·J_i,
 * r_i ← r_i·ρ′/s_i (ρ′, ρ″ with respect to r²), so that J̃ᵀr̃ is the cost's gradient and J̃ᵀJ̃ its
 * Gauss–Newton Hessian. The fold's `rss` is the cost's 2·Σ… = Σ f_scale²·ρ(z_i), which is what
 * Levenberg–Marquardt lowers and compares.
 */
import type { Kernel } from '../expr/index.js';
import { FOLD_BLOCK, foldRows } from '../linalg/index.js';
import type { LeastSquaresFold } from '../optim/index.js';
import { rowBlock, type FitRows } from './jacobian-factor.js';

export const LOSSES = ['linear', 'huber', 'soft-l1', 'cauchy', 'arctan'] as const;
export type LossName = (typeof LOSSES)[number];

/** The loss a name stands for (scipy's own spelling `soft_l1` included), or null. */
export function lossNamed(name: string): LossName | null {
  const text = name === 'soft_l1' ? 'soft-l1' : name;
  return (LOSSES as readonly string[]).includes(text) ? (text as LossName) : null;
}

/** numpy's float64 eps, scipy's floor on the Jacobian scale. */
const EPS = 2.220446049250313e-16;

/** ρ(z), ρ′(z), ρ″(z) into out. */
export function rho(loss: LossName, z: number, out: Float64Array): void {
  switch (loss) {
    case 'linear':
      out[0] = z;
      out[1] = 1;
      out[2] = 0;
      return;
    case 'huber':
      if (z <= 1) {
        out[0] = z;
        out[1] = 1;
        out[2] = 0;
      } else {
        const s = Math.sqrt(z);
        out[0] = 2 * s - 1;
        out[1] = 1 / s;
        out[2] = -0.5 / (z * s);
      }
      return;
    case 'soft-l1': {
      const t = 1 + z;
      const s = Math.sqrt(t);
      out[0] = 2 * (s - 1);
      out[1] = 1 / s;
      out[2] = -0.5 / (t * s);
      return;
    }
    case 'cauchy': {
      const t = 1 + z;
      out[0] = Math.log1p(z);
      out[1] = 1 / t;
      out[2] = -1 / (t * t);
      return;
    }
    case 'arctan': {
      const t = 1 + z * z;
      out[0] = Math.atan(z);
      out[1] = 1 / t;
      out[2] = (-2 * z) / (t * t);
      return;
    }
  }
}

/** Σ f²·ρ((r_i/f)²): twice scipy's cost. */
export function robustCost(r: Float64Array, loss: LossName, fScale: number): number {
  const out = new Float64Array(3);
  let c = 0;
  for (const v of r) {
    rho(loss, (v / fScale) ** 2, out);
    c += fScale * fScale * out[0];
  }
  return c;
}

/**
 * The fold of the robust problem at `params` (see the file's comment), a block of rows at a
 * time like foldJacobian; `rss` is Σ f²·ρ(z_i).
 */
export function robustFold(kernel: Kernel, params: Float64Array, rows: FitRows, loss: LossName, fScale: number): LeastSquaresFold {
  const p = params.length;
  const q = p + 1;
  const B = new Float64Array(Math.min(FOLD_BLOCK, Math.max(rows.n, 1)) * q);
  const Raug = new Float64Array(q * q);
  const out = new Float64Array(3);
  const f2 = fScale * fScale;
  let cost = 0;
  let nonFinite: LeastSquaresFold['nonFinite'] = null;
  for (let start = 0; start < rows.n; start += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, rows.n - start);
    const b = rowBlock(rows, start, start + nb);
    const r = B.subarray(p * nb, q * nb);
    kernel.residuals(params, b.cols, b.y, b.w, nb, r, B);
    for (let i = 0; i < nb; i++) {
      const ri = r[i];
      if (!Number.isFinite(ri)) return failed(p, { row: start + i, param: null, value: ri });
      rho(loss, (ri / fScale) ** 2, out);
      cost += f2 * out[0];
      const rho2 = out[2] / f2;
      let js = out[1] + 2 * rho2 * ri * ri;
      if (js < EPS) js = EPS;
      js = Math.sqrt(js);
      r[i] = (ri * out[1]) / js;
      for (let k = 0; k < p; k++) {
        const v = B[i + k * nb];
        if (nonFinite === null && !Number.isFinite(v)) nonFinite = { row: start + i, param: k, value: v };
        B[i + k * nb] = v * js;
      }
    }
    foldRows(Raug, q, B, nb);
  }
  if (!Number.isFinite(cost)) return failed(p, null);
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let i = 0; i <= j; i++) R[i + j * p] = Raug[i + j * q];
  const qtr = Float64Array.from({ length: p }, (_, i) => Raug[i + p * q]);
  return { rss: cost, R, qtr, nonFinite };
}

function failed(p: number, bad: LeastSquaresFold['nonFinite']): LeastSquaresFold {
  return { rss: Number.NaN, R: new Float64Array(p * p).fill(Number.NaN), qtr: new Float64Array(p).fill(Number.NaN), nonFinite: bad };
}

/** Rows whose residual is beyond f_scale (|r| > f: ρ′ < 1 there for every robust loss), down-weighted. */
export function downWeighted(kernel: Kernel, params: Float64Array, rows: FitRows, fScale: number): number {
  const r = new Float64Array(Math.min(FOLD_BLOCK, Math.max(rows.n, 1)));
  let count = 0;
  for (let start = 0; start < rows.n; start += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, rows.n - start);
    const b = rowBlock(rows, start, start + nb);
    kernel.residuals(params, b.cols, b.y, b.w, nb, r, null);
    for (let i = 0; i < nb; i++) if (Math.abs(r[i]) > fScale) count++;
  }
  return count;
}
