/**
 * The frequencies at which a response oscillates: a least-squares periodogram (Lomb–Scargle in
 * its floating-mean form) of y against x after a straight line is taken out, on a grid from one
 * cycle over the data to the sampling limit, eight points per peak width.
 */

/** At most this many rows and grid frequencies: the peaks only seed a search. */
const MAX_ROWS = 600;
const MAX_FREQUENCIES = 4000;
const OVERSAMPLE = 8;

/** The angular frequencies (radians per unit of x) of the `count` highest periodogram peaks. */
export function periodogramPeaks(x: Float64Array, y: Float64Array, count: number): number[] {
  const step = Math.max(1, Math.ceil(x.length / MAX_ROWS));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i += step) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  const n = xs.length;
  if (n < 6) return [];
  const r = detrended(xs, ys);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo;
  if (!(span > 0)) return [];
  const centre = (lo + hi) / 2;
  const dw = (2 * Math.PI) / (span * OVERSAMPLE);
  const wMax = (Math.PI * x.length) / span;
  const count0 = Math.min(MAX_FREQUENCIES, Math.ceil(wMax / dw));
  const stride = wMax / count0;
  const power = new Float64Array(count0);
  for (let k = 0; k < count0; k++) power[k] = reduction(xs, r, centre, (k + 1) * stride);
  const peaks: number[] = [];
  for (let k = 0; k < count0; k++) {
    const left = k > 0 ? power[k - 1] : -Infinity;
    const right = k + 1 < count0 ? power[k + 1] : -Infinity;
    if (power[k] > left && power[k] >= right) peaks.push(k);
  }
  peaks.sort((a, b) => power[b] - power[a]);
  return peaks.slice(0, count).map((k) => (k + 1) * stride);
}

/** y minus its least-squares straight line in x. */
function detrended(x: number[], y: number[]): number[] {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return y.map((v, i) => v - my - slope * (x[i] - mx));
}

/** The reduction of Σr² by the best a·sin(w(x−c)) + b·cos(w(x−c)) + constant. */
function reduction(x: number[], r: number[], centre: number, w: number): number {
  let ss = 0;
  let sc = 0;
  let cc = 0;
  let s1 = 0;
  let c1 = 0;
  let sr = 0;
  let cr = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const t = w * (x[i] - centre);
    const s = Math.sin(t);
    const c = Math.cos(t);
    ss += s * s;
    sc += s * c;
    cc += c * c;
    s1 += s;
    c1 += c;
    sr += s * r[i];
    cr += c * r[i];
  }
  // Take the mean out of the two columns (r already has mean zero), then the 2×2 normal equations.
  const Sss = ss - (s1 * s1) / n;
  const Ssc = sc - (s1 * c1) / n;
  const Scc = cc - (c1 * c1) / n;
  const det = Sss * Scc - Ssc * Ssc;
  if (!(det > 1e-12 * (Sss * Scc))) return 0;
  return (Scc * sr * sr - 2 * Ssc * sr * cr + Sss * cr * cr) / det;
}
