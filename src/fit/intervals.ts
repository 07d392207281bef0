/**
 * Student-t quantiles (our own: the regularized incomplete beta function by its continued
 * fraction, inverted by bisection and Newton steps), Wald confidence intervals, the normal-errors
 * log-likelihood with AIC/AICc/BIC as R computes them, and delta-method bands.
 */
import { InputError, option } from '../errors.js';

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9: relative error near 1e-15). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Stirling's series of log Γ(z) beyond (z − ½)·log z − z + ½·log 2π, for z > 30 (next term below 1e-16). */
function stirlingTail(z: number): number {
  const z2 = z * z;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z;
}

/**
 * log Γ(a + b) − log Γ(a) − log Γ(b). For a large argument (many degrees of freedom) the
 * difference of two huge log-gammas would lose digits; there it is taken from Stirling's series.
 */
function logBetaFront(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big <= 30) return logGamma(a + b) - logGamma(a) - logGamma(b);
  const ratio = (big - 0.5) * Math.log1p(small / big) + small * Math.log(big + small) - small + stirlingTail(big + small) - stirlingTail(big);
  return ratio - logGamma(small);
}

/** The continued fraction of I_x(a, b) (modified Lentz), valid for x < (a+1)/(a+b+2). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b); `y` = 1 − x when the caller has it more accurately than 1 − x. */
export function incompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = logBetaFront(a, b) + a * (y < 0.5 ? Math.log1p(-y) : Math.log(x)) + b * (x < 0.5 ? Math.log1p(-x) : Math.log(y));
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaFraction(b, a, y)) / b;
}

/** P(T ≤ t) for Student's t with `dof` degrees of freedom (dof > 0, not necessarily whole). */
export function studentCdf(t: number, dof: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = studentUpper(Math.abs(t), dof);
  return t > 0 ? 1 - tail : tail;
}

/** The upper tail P(T > t) for t ≥ 0, without the cancellation of 1 − cdf. */
function studentUpper(t: number, dof: number): number {
  const d = dof + t * t;
  return 0.5 * incompleteBeta(dof / d, dof / 2, 0.5, (t * t) / d);
}

/** P(0 < T ≤ t) for t ≥ 0: near the centre, where 0.5 − the upper tail would cancel. */
function studentCentral(t: number, dof: number): number {
  const d = dof + t * t;
  return 0.5 * incompleteBeta((t * t) / d, 0.5, dof / 2, dof / d);
}

/** The t density. */
function studentPdf(t: number, dof: number): number {
  return Math.exp(logBetaFront(dof / 2, 0.5) - 0.5 * Math.log(dof) - ((dof + 1) / 2) * Math.log1p((t * t) / dof));
}

/**
 * The quantile qt(p, dof): the t with P(T ≤ t) = p, as R's qt. Solved on the upper tail
 * (q = min(p, 1−p)), or near the centre on the central mass |p − 0.5| (exact there), by Newton
 * steps on the distribution (its derivative is the density) from the Cornish–Fisher guess,
 * safeguarded by a bracket: a step that leaves it bisects instead (rtsafe). Each evaluation is an
 * incomplete beta function, so a good guess matters: a fit's 95% intervals need the quantile
 * once, and bisection alone took about 45 evaluations, a twentieth of a small fit's time.
 */
export function studentQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1) || !(dof > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  const q = Math.min(p, 1 - p); // the wanted upper tail
  const central = q > 0.25;
  const c = Math.abs(p - 0.5);
  // Increasing in t: the root of g is the quantile.
  const g = (t: number) => (central ? studentCentral(t, dof) - c : q - studentUpper(t, dof));
  let t = Math.max(cornishFisher(q, dof), Number.MIN_VALUE);
  // A bracket [lo, hi] with g(lo) < 0 ≤ g(hi), grown from the guess.
  let lo = 0;
  let hi = Infinity;
  let gt = g(t);
  for (let i = 0; i < 2000 && Number.isFinite(gt) && gt < 0; i++) {
    lo = t;
    t *= 2;
    if (!(t < 1e300)) return p > 0.5 ? t : -t;
    gt = g(t);
  }
  if (gt >= 0) hi = t;
  for (let i = 0; i < 200; i++) {
    if (gt === 0) break;
    if (gt < 0) lo = t;
    else hi = t;
    const newton = t - gt / studentPdf(t, dof); // g' = the density
    const next = Number.isFinite(newton) && newton > lo && newton < hi ? newton : Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * t;
    if (Math.abs(next - t) <= 1e-15 * t) {
      t = next;
      break;
    }
    t = next;
    gt = g(t);
  }
  return p > 0.5 ? t : -t;
}

/**
 * The upper-tail quantile guess: the normal quantile z of 1 − q (Acklam's rational
 * approximation, relative error 1.2e-9) with the Cornish–Fisher terms in 1/dof (Abramowitz and
 * Stegun 26.7.5); rough for dof below 2, where the safeguarded Newton steps do the rest.
 */
function cornishFisher(q: number, dof: number): number {
  const z = normalUpperQuantile(q);
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}

/** z with P(Z > z) = q for 0 < q ≤ 0.5 (Acklam's algorithm). */
function normalUpperQuantile(q: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const cc = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = b;
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0] = cc;
  const [d0 = 0, d1 = 0, d2 = 0, d3 = 0] = d;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return -((((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1));
  }
  const u = 0.5 - q;
  const r = u * u;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * u) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** The check of --level: a probability strictly between 0 and 1. */
export function parseLevel(text: string | undefined): number {
  if (text === undefined) return 0.95;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v) || !(v > 0 && v < 1)) {
    throw new InputError(`${option('level')} must be a probability between 0 and 1 (e.g. 0.95), not '${text}'`);
  }
  return v;
}

/** Wald intervals value ± qt((1+level)/2, dof)·stderr; null where the standard error is. */
export function waldIntervals(
  params: Record<string, number>,
  stderr: Record<string, number | null>,
  dof: number,
  level: number,
): Record<string, [number, number] | null> {
  const out: Record<string, [number, number] | null> = Object.create(null);
  const t = dof > 0 ? studentQuantile((1 + level) / 2, dof) : Number.NaN;
  for (const name of Object.keys(params)) {
    const se = stderr[name];
    const v = params[name];
    out[name] = se === null || se === undefined || !Number.isFinite(t) ? null : waldInterval(v, se, t);
  }
  return out;
}

/**
 * v ± t·se without an intermediate overflow: near the largest double t·se can overflow while an
 * end of the interval does not (7e307 − 12.7·1.9e307 is −1.7e308); an end that is itself beyond
 * the range of doubles is ±Infinity.
 */
function waldInterval(v: number, se: number, t: number): [number, number] {
  const half = t * se;
  if (Number.isFinite(half)) return [v - half, v + half];
  return [t * (v / t - se), t * (v / t + se)];
}

export interface InformationCriteria {
  loglik: number;
  aic: number;
  aicc: number | null;
  bic: number;
}

/**
 * R's logLik for an nls/lm fit with normal errors, with weights W_i = 1/σ_i² when `sumLogW` =
 * Σ log W_i is given (0 without weights): 0.5·(Σ log W − n·(log 2π + 1 − log n + log Σ W·r²)).
 * AIC = −2 logLik + 2k and BIC = −2 logLik + log(n)·k with k = parameters + 1 (σ counts);
 * AICc = AIC + 2k(k+1)/(n−k−1), null when n ≤ k + 1.
 */
export function informationCriteria(rss: number, n: number, params: number, sumLogW: number): InformationCriteria {
  const loglik = 0.5 * (sumLogW - n * (Math.log(2 * Math.PI) + 1 - Math.log(n) + Math.log(rss)));
  const k = params + 1;
  const aic = -2 * loglik + 2 * k;
  return { loglik, aic, aicc: n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : null, bic: -2 * loglik + Math.log(n) * k };
}

/** The information criteria written into a fit's stats (all null when Σr² is 0 or not finite). */
export function addInformationCriteria(
  stats: { rss: number; loglik?: number | null; aic?: number | null; aicc?: number | null; bic?: number | null },
  n: number,
  params: number,
  sumLogW: number,
  scaled: { rss: number; scale: number } | null = null,
): void {
  // Responses near 1e±300 have an RSS beyond the range of doubles: the criteria are then taken
  // from the RSS in scaled units, rss/scale², and shifted by the logarithm of the scale
  // (log RSS = log rss + 2·log scale), which is finite.
  const rss = scaled ? scaled.rss : stats.rss;
  const c = rss > 0 && Number.isFinite(rss) ? informationCriteria(rss, n, params, sumLogW) : null;
  const shift = scaled ? 2 * n * Math.log(scaled.scale) : 0;
  const moved = (v: number | null | undefined) => (v === null || v === undefined ? null : v + shift);
  Object.assign(stats, { loglik: c ? c.loglik - shift / 2 : null, aic: moved(c?.aic), aicc: moved(c?.aicc), bic: moved(c?.bic) });
}

/** gᵀ·C·g for a p×p covariance C stored by rows (C[a][b]). */
export function quadraticForm(g: ArrayLike<number>, C: readonly (readonly number[])[]): number {
  let s = 0;
  for (let a = 0; a < g.length; a++) {
    if (g[a] === 0) continue;
    for (let b = 0; b < g.length; b++) s += g[a] * C[a][b] * g[b];
  }
  return s;
}
