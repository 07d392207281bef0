/**
 * The error function and its complement, to about one unit in the last place: W. J. Cody's
 * rational Chebyshev approximations ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631–638; the coefficients of his SPECFUN routine CALERF).
 * erf on |x| ≤ 0.46875 directly; erfc on 0.46875 < |x| ≤ 4 and |x| > 4 as exp(−x²)·R(x),
 * with exp(−x²) computed as exp(−s²)·exp(−(x−s)(x+s)) for s = x rounded to 1/16, so that
 * the rounding of x² does not cost digits in the tail (erfc(10) ≈ 2.09e−45 to full precision).
 * The engine and the fused kernel both call these, so their values agree to the bit.
 */

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
];
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

/** 1/√π */
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
/** Below this |x|, x² would underflow and erf(x) = 2x/√π to machine precision. */
const X_SMALL = 1.11e-16;
/** From this |x| on, erfc(x) underflows to 0. */
const X_BIG = 26.543;

/** erf(x) for |x| ≤ 0.46875. */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > X_SMALL ? y * y : 0;
  let num = A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * ysq;
    den = (den + B[i]) * ysq;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    if (y >= X_BIG) return 0;
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    r = (ONE_OVER_SQRT_PI - (z * (num + P[4])) / (den + Q[4])) / y;
  }
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s)) * r;
}

/** The error function, (2/√π)∫₀ˣ e^(−t²) dt. erf(±Infinity) = ±1, erf(NaN) = NaN. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  if (!(y === y)) return Number.NaN;
  const result = 0.5 - erfcLarge(y) + 0.5;
  return x < 0 ? -result : result;
}

/** The complementary error function 1 − erf(x), without the cancellation: erfc(10) ≈ 2.088e−45. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  if (!(y === y)) return Number.NaN;
  const result = erfcLarge(y);
  return x < 0 ? 2 - result : result;
}

/** 2/√π, the factor in erf'(x) = (2/√π)·e^(−x²). */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;
