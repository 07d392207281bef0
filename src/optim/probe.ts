/**
 * Looks around a point where a run stopped, before it is called a minimum.
 *
 * Nearby: a small gradient does not make a minimum: x³ and −x² both have zero gradient at 0.
 * Evaluating f a little way off in each coordinate direction (both signs) and along two fixed
 * pseudo-random directions shows a saddle point, a maximum or an inflection: some nearby point
 * is clearly lower. A saddle whose way down is along no axis and that the random directions miss
 * (x·y at 0 falls only where x and y differ in sign) is found by its curvature: the gradients at
 * the coordinate probes give the Hessian, and its most negative eigenvector is probed too.
 *
 * Farther: on an asymptote f falls below rounding without a minimum (see probeFarther).
 */
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { dot } from './numeric.js';
import { uniformSource } from './random.js';
import type { Objective } from './types.js';

/** A nearby point that is lower than the probed one. */
export interface LowerPoint {
  x: Float64Array;
  f: number;
  g: Float64Array;
}

export interface ProbeResult {
  /** The lowest probe, if it is clearly lower; null if x looks like a local minimum. */
  lower: LowerPoint | null;
  evaluations: number;
}

/** Relative probe distance: h_i = 1e-4·max(1, |x_i|). */
export const PROBE_STEP = 1e-4;

/**
 * Probe f around x (where f(x) = f and ∇f(x) = g). A probe x + Δ counts as clearly lower when
 * f(x + Δ) < f − t and also f(x + Δ) − f − gᵀΔ < −t, with t = 1e-13·max(1, |f|): lower than x,
 * and lower than the gradient alone explains, so a negative curvature (or a cubic term) and not
 * just an unfinished descent. Non-finite probes are ignored.
 */
export function probeForLower(objective: Objective, x: Float64Array, f: number, g: Float64Array): ProbeResult {
  const n = x.length;
  const threshold = 1e-13 * Math.max(1, Math.abs(f));
  const scale = Float64Array.from(x, (v) => PROBE_STEP * Math.max(1, Math.abs(v)));
  // One probe at a time in two reused buffers, so memory stays linear in n (2n + 4 probes of n
  // coordinates each would be quadratic: 467 MB at 5,000 variables).
  const xp = Float64Array.from(x);
  const gp = new Float64Array(n);
  let lower: LowerPoint | null = null;
  let evaluations = 0;
  /** Evaluate at xp (= x + d, where gᵀd = slope) and keep it if it is clearly lower. */
  const consider = (slope: number): number => {
    evaluations++;
    const fp = objective.evaluate(xp, gp);
    if (!Number.isFinite(fp)) return fp;
    const clearly = fp < f - threshold && fp - f - slope < -threshold;
    if (clearly && (lower === null || fp < lower.f)) lower = { x: xp.slice(), f: fp, g: gp.slice() };
    return fp;
  };
  // The Hessian in the probes' scale (H̃ = D·H·D, D = diag(scale)), column j from the gradient
  // at the probe x + scale_j·e_j: up to n = CURVATURE_MAX_VARS, and only while every one is finite.
  const curvature = n > 1 && n <= CURVATURE_MAX_VARS ? new Float64Array(n * n) : null;
  let curvatureKnown = curvature !== null;
  for (let i = 0; i < n; i++) {
    for (const sign of [1, -1]) {
      const d = sign * scale[i];
      xp[i] = x[i] + d;
      const fp = consider(g[i] * d);
      if (sign === 1 && curvature !== null) {
        if (!Number.isFinite(fp)) curvatureKnown = false;
        for (let k = 0; k < n; k++) curvature[k + i * n] = scale[k] * (gp[k] - g[k]);
      }
      xp[i] = x[i];
    }
  }
  if (n > 1) {
    for (const seed of [0x9e3779b9, 0x7f4a7c15]) {
      const u = unitVector(n, seed);
      for (const sign of [1, -1]) {
        let slope = 0;
        for (let i = 0; i < n; i++) {
          const d = sign * u[i] * scale[i];
          xp[i] = x[i] + d;
          slope += g[i] * d;
        }
        consider(slope);
      }
    }
    xp.set(x);
  }
  if (lower === null && curvature !== null && curvatureKnown && curvature.every(Number.isFinite)) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) curvature[i + j * n] = curvature[j + i * n] = (curvature[i + j * n] + curvature[j + i * n]) / 2;
    }
    const { values, vectors } = symmetricEigen(curvature, n);
    /** Probe x ± reach·D·u for the direction u (coordinates in the probes' scale). */
    const along = (u: Float64Array, reach: number): void => {
      for (const sign of [1, -1]) {
        let slope = 0;
        for (let i = 0; i < n; i++) {
          const d = sign * reach * u[i] * scale[i];
          xp[i] = x[i] + d;
          slope += g[i] * d;
        }
        consider(slope);
      }
      xp.set(x);
    };
    const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
    const vector = (k: number) => vectors.subarray(k * n, k * n + n);
    if (values[order[0]] < 0) along(vector(order[0]), 1);
    // A degenerate stationary point: some curvature too small to show at the probes' distance
    // (x⁴ + y⁴ − 3x²y² at 0 has none at all, and falls only along the diagonals). Farther out, along
    // those flat directions and the diagonals between them, a higher-order fall shows.
    const flat = order.filter((k) => Math.abs(values[k]) <= FLAT_CURVATURE * threshold).slice(0, MAX_FLAT);
    for (const reach of FLAT_REACH) {
      if (lower !== null) break;
      for (let a = 0; a < flat.length; a++) {
        along(vector(flat[a]), reach);
        for (let b = a + 1; b < flat.length; b++) {
          for (const sign of [1, -1]) along(vector(flat[a]).map((v, i) => (v + sign * vector(flat[b])[i]) * Math.SQRT1_2), reach);
        }
      }
    }
  }
  return { lower, evaluations };
}

/** A curvature (in the probes' scale) this small next to the threshold is flat at the probes' distance. */
const FLAT_CURVATURE = 100;
/** At most this many flat directions are probed farther (with the diagonals between them). */
const MAX_FLAT = 4;
/** How much farther than the probe step the flat directions are probed. */
const FLAT_REACH = [10, 100];

/** Most variables whose Hessian the probe forms (n² numbers, and n³ work for its eigenvector). */
const CURVATURE_MAX_VARS = 60;

/** How far the asymptote probe looks: distances FAR_FIRST·scale·4^k for k = 0 … FAR_SAMPLES − 1. */
const FAR_FIRST = 1e-2;
const FAR_SAMPLES = 10;

/** f falling all the way out along a direction: where the last sample was, and f there. */
export interface Asymptote {
  direction: Float64Array;
  distance: number;
  f: number;
}

/**
 * A look along the direction of travel from a point where the run stopped as if at a minimum.
 * On an asymptote (exp(x) as x → −∞, log(1 + exp(x)), exp(x) + exp(−2y)) the gradient and the
 * decreases of f fall below rounding while f still has no minimum: moving on along `u` lowers f
 * at every distance from 1e-2·max(1, ‖x‖) out to ten thousand times that. At a minimum, the
 * first of those points is already higher. Returns the evidence, or null; non-finite samples
 * (outside the domain, or an overflow) count as no evidence.
 */
export function probeFarther(objective: Objective, x: Float64Array, f: number, u: Float64Array): { asymptote: Asymptote | null; evaluations: number } {
  const len = Math.sqrt(dot(u, u));
  if (!(len > 0) || !Number.isFinite(len)) return { asymptote: null, evaluations: 0 };
  const direction = u.map((v) => v / len);
  const scale = Math.max(1, Math.sqrt(dot(x, x)));
  const g = new Float64Array(x.length);
  let previous = f;
  let evaluations = 0;
  let distance = 0;
  for (let k = 0; k < FAR_SAMPLES; k++) {
    distance = FAR_FIRST * scale * 4 ** k;
    const fk = objective.evaluate(x.map((v, i) => v + distance * direction[i]), g);
    evaluations++;
    // Lower than the stop point from the first sample, and never higher than the one before.
    if (!Number.isFinite(fk) || fk > previous || (k === 0 && !(fk < f))) return { asymptote: null, evaluations };
    previous = fk;
  }
  return previous < f ? { asymptote: { direction, distance, f: previous }, evaluations } : { asymptote: null, evaluations };
}

/** A fixed pseudo-random unit vector (the seeded generator of random.ts), the same on every run. */
function unitVector(n: number, seed: number): Float64Array {
  const next = uniformSource(seed);
  const u = Float64Array.from({ length: n }, () => next() - 0.5);
  const len = Math.sqrt(dot(u, u));
  return u.map((v) => v / len);
}
