/**
 * A deterministic low-discrepancy sequence for global searches: the additive recurrence of
 * Roberts ("the unreasonable effectiveness of quasirandom sequences", 2018). Point n in [0, 1)^d
 * is frac(0.5 + n·α) with α_j = φ_d^-(j+1), where φ_d is the positive root of t^(d+1) = t + 1
 * (the golden ratio for d = 1). It fills a box evenly in any dimension, needs no tables, and the
 * same d and n always give the same point: a search built on it needs no seed.
 */

/** The generalised golden ratio φ_d: the positive root of t^(d+1) = t + 1, by Newton's method. */
function generalisedGoldenRatio(d: number): number {
  let t = 2;
  for (let i = 0; i < 60; i++) {
    const f = t ** (d + 1) - t - 1;
    const df = (d + 1) * t ** d - 1;
    const next = t - f / df;
    if (next === t) break;
    t = next;
  }
  return t;
}

/** A generator of points in [0, 1)^d; `next()` returns a fresh array each call. */
export function quasiRandom(d: number): { next(): Float64Array } {
  const phi = generalisedGoldenRatio(d);
  const alpha = Float64Array.from({ length: d }, (_, j) => phi ** -(j + 1) % 1);
  let n = 0;
  return {
    next() {
      n++;
      const point = new Float64Array(d);
      // 0.5 + n·α mod 1, with n·α reduced first so that no digits are lost for large n.
      for (let j = 0; j < d; j++) point[j] = (0.5 + ((n * alpha[j]) % 1)) % 1;
      return point;
    },
  };
}
