/**
 * Test support: least-squares problems given as dense residuals and Jacobian (a few hundred rows: the tests'
 * NIST and MINPACK problems), folded for Levenberg–Marquardt. Large problems fold a block of rows
 * at a time instead (src/fit/jacobian-factor.ts) and never hold J.
 */
import { enorm, triangularFactor } from '../../src/linalg/index.js';
import { firstNonFinite } from '../../src/optim/numeric.js';
import type { LeastSquares, LeastSquaresFold } from '../../src/optim/types.js';

/** m residuals in n parameters: `evaluate` writes r and, when J is given, J[i + k·m] = ∂r_i/∂p_k. */
export interface DenseLeastSquares {
  m: number;
  n: number;
  evaluate(p: Float64Array, r: Float64Array, J: Float64Array | null): void;
}

export function denseLeastSquares(problem: DenseLeastSquares): LeastSquares {
  const { m, n } = problem;
  return {
    m,
    n,
    fold(p: Float64Array): LeastSquaresFold {
      const r = new Float64Array(m);
      const J = new Float64Array(m * n);
      problem.evaluate(p, r, J);
      const rnorm = enorm(r);
      const { R, qtb } = triangularFactor(J, m, n, r);
      return { rss: rnorm * rnorm, R, qtr: qtb, nonFinite: locateNonFinite(r, J, m) };
    },
  };
}

function locateNonFinite(r: Float64Array, J: Float64Array, m: number): LeastSquaresFold['nonFinite'] {
  const badR = firstNonFinite(r);
  if (badR >= 0) return { row: badR, param: null, value: r[badR] };
  const badJ = firstNonFinite(J);
  return badJ >= 0 ? { row: badJ % m, param: Math.floor(badJ / m), value: J[badJ] } : null;
}
