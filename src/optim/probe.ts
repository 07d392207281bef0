/**
 * A look around a stationary point. A small gradient does not make a minimum: x³ and −x² both
 * have zero gradient at 0. Evaluating f a little way off in each coordinate direction (both
 * signs) and along two fixed pseudo-random directions shows a saddle point, a maximum or an
 * inflection: some nearby point is clearly lower.
 */
import { dot } from './numeric.js';
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
  const steps: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    for (const sign of [1, -1]) {
      const d = new Float64Array(n);
      d[i] = sign * scale[i]!;
      steps.push(d);
    }
  }
  if (n > 1) {
    for (const seed of [0x9e3779b9, 0x7f4a7c15]) {
      const u = unitVector(n, seed);
      for (const sign of [1, -1]) steps.push(u.map((v, i) => sign * v * scale[i]!));
    }
  }
  let lower: LowerPoint | null = null;
  const gp = new Float64Array(n);
  for (const d of steps) {
    const xp = x.map((v, i) => v + d[i]!);
    const fp = objective.evaluate(xp, gp);
    if (!Number.isFinite(fp)) continue;
    const clearly = fp < f - threshold && fp - f - dot(g, d) < -threshold;
    if (clearly && (lower === null || fp < lower.f)) lower = { x: xp, f: fp, g: gp.slice() };
  }
  return { lower, evaluations: steps.length };
}

/** A fixed pseudo-random unit vector (mulberry32 from `seed`), the same on every run. */
function unitVector(n: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  const u = Float64Array.from({ length: n }, next);
  const len = Math.sqrt(dot(u, u));
  return u.map((v) => v / len);
}
