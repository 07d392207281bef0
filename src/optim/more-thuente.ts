/**
 * The Moré–Thuente line search (MINPACK-2 dcsrch and dcstep; Moré and Thuente, "Line search
 * algorithms with guaranteed sufficient decrease", ACM TOMS 20, 1994), as a state machine:
 * feed it φ(stp) and φ'(stp), it answers with the next step to try or a verdict. It finds a step
 * satisfying the strong Wolfe conditions
 *   φ(stp) <= φ(0) + ftol·stp·φ'(0)   and   |φ'(stp)| <= gtol·|φ'(0)|
 * by safeguarded cubic and quadratic interpolation inside a bracket that it grows, then shrinks.
 */

export interface MoreThuenteOptions {
  /** Sufficient-decrease constant (c1). */
  ftol: number;
  /** Curvature constant (c2). */
  gtol: number;
  /** Relative width of the bracket below which the search gives up. */
  xtol: number;
  stpmin: number;
  stpmax: number;
}

/**
 * 'fg': evaluate at `stp` and call `next` again; 'converged': the strong Wolfe conditions hold at
 * the step just evaluated; 'rounding' | 'xtol' | 'stpmax' | 'stpmin': no further progress is
 * possible (rounding errors, a bracket too narrow, or a bound reached).
 */
export type SearchTask = 'fg' | 'converged' | 'rounding' | 'xtol' | 'stpmax' | 'stpmin';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

export class MoreThuente {
  /** The step to evaluate next. */
  stp: number;
  stpmax: number;
  private readonly o: MoreThuenteOptions;
  private brackt = false;
  private stage = 1;
  private readonly finit: number;
  private readonly ginit: number;
  private readonly gtest: number;
  private width: number;
  private width1: number;
  // The best step so far (x) and the other end of the interval (y), with φ and φ' there.
  private stx = 0;
  private fx: number;
  private gx: number;
  private sty = 0;
  private fy: number;
  private gy: number;
  private stmin = 0;
  private stmax: number;

  /** Start a search from φ(0) = f0, φ'(0) = g0 < 0, with the first trial step `stp`. */
  constructor(f0: number, g0: number, stp: number, options: MoreThuenteOptions) {
    if (!(g0 < 0)) throw new RangeError('MoreThuente: the initial derivative must be negative (a descent direction)');
    this.o = options;
    this.stpmax = options.stpmax;
    this.stp = Math.min(Math.max(stp, options.stpmin), options.stpmax);
    this.finit = f0;
    this.ginit = g0;
    this.gtest = options.ftol * g0;
    this.width = options.stpmax - options.stpmin;
    this.width1 = this.width / 0.5;
    this.fx = f0;
    this.gx = g0;
    this.fy = f0;
    this.gy = g0;
    this.stmax = this.stp + XTRAPU * this.stp;
  }

  /** The sufficient-decrease bound φ(0) + ftol·stp·φ'(0) at the current step. */
  get ftest(): number {
    return this.finit + this.stp * this.gtest;
  }

  /** Report φ(stp) = f and φ'(stp) = g; returns what to do next (and updates `stp` for 'fg'). */
  next(f: number, g: number): SearchTask {
    const { gtol, xtol, stpmin } = this.o;
    const stpmax = this.stpmax;
    const ftest = this.ftest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    // Tests for warnings.
    if (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) return 'rounding';
    if (this.brackt && this.stmax - this.stmin <= xtol * this.stmax) return 'xtol';
    if (this.stp === stpmax && f <= ftest && g <= this.gtest) return 'stpmax';
    if (this.stp === stpmin && (f > ftest || g >= this.gtest)) return 'stpmin';
    // Test for convergence.
    if (f <= ftest && Math.abs(g) <= gtol * -this.ginit) return 'converged';

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // A lower function value but not sufficient decrease: work with the modified function
      // ψ(stp) = φ(stp) − φ(0) − ftol·stp·φ'(0), whose minimiser satisfies sufficient decrease.
      const s = this.step(
        this.stx, this.fx - this.stx * this.gtest, this.gx - this.gtest,
        this.sty, this.fy - this.sty * this.gtest, this.gy - this.gtest,
        this.stp, f - this.stp * this.gtest, g - this.gtest,
      );
      this.stx = s.stx;
      this.fx = s.fx + s.stx * this.gtest;
      this.gx = s.dx + this.gtest;
      this.sty = s.sty;
      this.fy = s.fy + s.sty * this.gtest;
      this.gy = s.dy + this.gtest;
      this.stp = s.stp;
    } else {
      const s = this.step(this.stx, this.fx, this.gx, this.sty, this.fy, this.gy, this.stp, f, g);
      this.stx = s.stx;
      this.fx = s.fx;
      this.gx = s.dx;
      this.sty = s.sty;
      this.fy = s.fy;
      this.gy = s.dy;
      this.stp = s.stp;
    }

    // Decide if a bisection step is needed.
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }
    // The minimum and maximum steps allowed for stp.
    if (this.brackt) {
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    // Force the step to be within the bounds stpmax and stpmin.
    this.stp = Math.min(Math.max(this.stp, stpmin), stpmax);
    // If further progress is not possible, let stp be the best point obtained during the search.
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= xtol * this.stmax)
    ) {
      this.stp = this.stx;
    }
    return 'fg';
  }

  /** The best step so far (lowest φ, or ψ in the first stage). */
  get best(): number {
    return this.stx;
  }

  /**
   * dcstep: a safeguarded step for the interval [stx, sty] with the new trial stp, and the
   * updated interval. Four cases, by whether φ rose and how the derivatives compare.
   */
  private step(
    stx: number, fx: number, dx: number,
    sty: number, fy: number, dy: number,
    stp: number, fp: number, dp: number,
  ): { stx: number; fx: number; dx: number; sty: number; fy: number; dy: number; stp: number } {
    const stpmin = this.stmin;
    const stpmax = this.stmax;
    const sgnd = dp * Math.sign(dx);
    let stpf: number;
    if (fp > fx) {
      // Case 1: a higher function value. The minimum is bracketed. Take the cubic step if it is
      // closer to stx than the quadratic step, else the average of the two.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp < stx) gamma = -gamma;
      const p = gamma - dx + theta;
      const q = gamma - dx + gamma + dp;
      const r = p / q;
      const stpc = stx + r * (stp - stx);
      const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // Case 2: a lower function value and derivatives of opposite sign. The minimum is
      // bracketed. Take the cubic step if it is farther from stp than the secant step.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dx;
      const r = p / q;
      const stpc = stp + r * (stx - stp);
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // Case 3: a lower function value, derivatives of the same sign, and the magnitude of the
      // derivative decreases. The cubic step is used only if the cubic tends to infinity in the
      // direction of the step or if its minimum is beyond stp.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma + (dx - dp) + gamma;
      const r = p / q;
      let stpc: number;
      if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
      else if (stp > stx) stpc = stpmax;
      else stpc = stpmin;
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (this.brackt) {
        // A minimiser has been bracketed: take the step closer to stp, but not too close to sty.
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
        else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
      } else {
        // Not bracketed yet: take the step farther from stp, within the extrapolation limits.
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.min(stpmax, stpf);
        stpf = Math.max(stpmin, stpf);
      }
    } else {
      // Case 4: a lower function value, derivatives of the same sign, and the magnitude of the
      // derivative does not decrease. If bracketed, the cubic step; else extrapolate to a limit.
      if (this.brackt) {
        const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
        const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
        let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dy / s) * (dp / s)));
        if (stp > sty) gamma = -gamma;
        const p = gamma - dp + theta;
        const q = gamma - dp + gamma + dy;
        const r = p / q;
        stpf = stp + r * (sty - stp);
      } else if (stp > stx) {
        stpf = stpmax;
      } else {
        stpf = stpmin;
      }
    }
    // Update the interval which contains a minimiser.
    if (fp > fx) {
      sty = stp;
      fy = fp;
      dy = dp;
    } else {
      if (sgnd < 0) {
        sty = stx;
        fy = fx;
        dy = dx;
      }
      stx = stp;
      fx = fp;
      dx = dp;
    }
    return { stx, fx, dx, sty, fy, dy, stp: stpf };
  }
}
