/**
 * The frequencies at which a response oscillates: a least-squares periodogram (Lomb–Scargle in
 * its floating-mean form) of y against x after a straight line is taken out, on a grid from one
 * cycle over the data to the sampling limit, eight points per peak width. Then prewhitening (as
 * astronomers find the modes of a variable star): the strongest sinusoid is taken out and the
 * periodogram of what is left gives the next frequency, so that a weak oscillation beside a
 * strong one is found even where the strong one's sidelobes outweigh it.
 *
 * The sampling limit: π·n over the span of x, the Nyquist frequency of n evenly spaced rows.
 * Rows that are not evenly spaced carry frequencies beyond it, which their spacing does not
 * alias (fewer than a row per cycle, at random times, still pins a frequency down), so for them
 * the grid goes on towards π over the smallest gap between rows, within a budget of work; rows
 * on a grid (even with some of them missing) stop at the grid's own limit, beyond which every
 * frequency is an alias of one below it.
 */
import { sampleRows } from './sample-rows.js';

/** At most this many rows, and grid frequencies up to π·n/span: the peaks only seed a search. */
const MAX_ROWS = 600;
const MAX_FREQUENCIES = 4000;
const OVERSAMPLE = 8;

/** Rows few enough that the highest peak beyond π·n/span is always offered (see periodogramPeaks). */
const FEW_ROWS = 60;

/** Uneven rows: the grid goes on to at most this many times π·n/span, and to at most MAX_WORK rows × frequencies in all. */
const MAX_EXTENSION = 16;
const MAX_WORK = 500_000;

/** Rounds of prewhitening after the first periodogram, at most. */
const MAX_ROUNDS = 3;

/** Every this many grid steps the rotated sines and cosines are computed afresh (their rounding grows with each step). */
const REANCHOR = 256;

/**
 * The angular frequencies (radians per unit of x) of the `count` highest periodogram peaks,
 * followed by those that prewhitening finds and that are not among them already.
 */
export function periodogramPeaks(x: Float64Array, y: Float64Array, count: number): number[] {
  // (A sample of the rows that does not alias: sample-rows.ts.)
  const xs: number[] = [];
  const ys: number[] = [];
  for (const i of sampleRows(x.length, MAX_ROWS)) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  const n = xs.length;
  if (n < 6) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo;
  if (!(span > 0)) return [];
  const centre = (lo + hi) / 2;
  const t = Float64Array.from(xs, (v) => v - centre);
  const yv = Float64Array.from(ys);
  const grid = frequencyGrid(xs, x.length, span);
  // What is left of y once a line and the sinusoids found so far are fitted to it together (Q:
  // an orthonormal basis of their columns).
  const found: number[] = [];
  let Q = extended([], [new Float64Array(t.length).fill(1), Float64Array.from(t)]);
  let rest = residual(yv, Q);

  const peaks: number[] = [];
  for (let round = 0; round <= Math.min(MAX_ROUNDS, count - 1); round++) {
    // (Prewhitening looks up to π·n/span: what it takes out is known by then.)
    const power = powers(t, rest, round === 0 ? grid : { ...grid, count: grid.even });
    const order = localMaxima(power).sort((a, b) => power[b] - power[a]);
    if (order.length === 0) break;
    // After the first round, only a peak that noise would hardly make: the rest is noise.
    if (round > 0 && !significant(power[order[0]], rest, power.length)) break;
    // A peak's own frequency, between grid points, fitted with the line and the others: a
    // sinusoid taken out half a grid step off would leave sidelobes of a third of its size,
    // which the next round would take for peaks, and a grid coarser than a peak's width (many
    // rows) would seed the search on the side of a peak.
    const basisNow = Q;
    const restNow = rest;
    const refine = (k: number) => refinedPeak((v) => reductionWith(basisNow, restNow, t, v), (k + 1) * grid.stride, grid.stride);
    if (round === 0) {
      // The highest peaks up to π·n/span; one beyond it only when it is the highest of all (a
      // grid that long has noise peaks above a weak oscillation's, which must not crowd it out).
      const below = order.filter((k) => k < grid.even);
      const top = order[0] >= grid.even ? [order[0], ...below.slice(0, count - 1)] : below.slice(0, count);
      // On few uneven rows (under a row per cycle of what they can show) the highest peak beyond
      // π·n/span is offered too, last: a damped oscillation on 17 rows need not top the grid.
      const beyond = order.find((k) => k >= grid.even);
      if (n <= FEW_ROWS && beyond !== undefined && !top.includes(beyond)) top.push(beyond);
      peaks.push(...top.map(refine));
    }
    // (The first peak of round 0 is the highest, order[0], refined already.)
    const w = round === 0 ? peaks[0] : refine(order[0]);
    found.push(w);
    // (rest is orthogonal to Q already: taking out the sinusoid's new directions is enough.)
    Q = extended(Q, sinusoid(t, w));
    rest = residual(rest, Q.slice(basisNow.length));
  }
  // (Two frequencies closer than a grid step are one peak.)
  const near = (w: number) => peaks.some((v) => Math.abs(v - w) < 1.5 * grid.stride);
  for (const w of found) if (!near(w)) peaks.push(w);
  return peaks;
}

/** The frequency grid: `count` frequencies k·stride, k = 1..count; the first `even` up to π·n/span. */
interface Grid {
  stride: number;
  count: number;
  even: number;
}

/**
 * Up to π·rows/span (rows: all of x's, of which `xs` may be a sample) at OVERSAMPLE points per
 * peak width, 2π/span; for uneven rows on towards π over their smallest gap (see the module comment).
 */
function frequencyGrid(xs: number[], rows: number, span: number): Grid {
  const dw = (2 * Math.PI) / (span * OVERSAMPLE);
  const wMean = (Math.PI * rows) / span;
  const count = Math.min(MAX_FREQUENCIES, Math.ceil(wMean / dw));
  const stride = wMean / count;
  const gap = smallestGap(xs);
  const wTop = Math.min(MAX_EXTENSION * wMean, gap > 0 ? Math.PI / gap : wMean);
  if (!(wTop > wMean * (1 + 1e-9))) return { stride, count, even: count };
  const budget = Math.floor(MAX_WORK / xs.length);
  return { stride, count: Math.max(count, Math.min(budget, Math.ceil(wTop / stride))), even: count };
}

/** The smallest positive gap between x values (0 when there is none). */
function smallestGap(xs: number[]): number {
  const sorted = Float64Array.from(xs).sort();
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    // (Gaps that differ only by the rounding of the x values themselves are the same gap.)
    if (d > 1e-9 * (Math.abs(sorted[i]) + Math.abs(sorted[i - 1])) && d < gap) gap = d;
  }
  return Number.isFinite(gap) ? gap : 0;
}

/** Indices of the local maxima of `power` (a plateau counts once, at its left end). */
function localMaxima(power: Float64Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < power.length; k++) {
    const left = k > 0 ? power[k - 1] : -Infinity;
    const right = k + 1 < power.length ? power[k + 1] : -Infinity;
    if (power[k] > left && power[k] >= right && power[k] > 0) out.push(k);
  }
  return out;
}


/**
 * At every grid frequency w, the reduction of Σr² by the best a·sin(w·t) + b·cos(w·t) + constant.
 * The sines and cosines of each row step from one frequency to the next by a rotation (four
 * products where sin and cos would cost ten times as much), computed afresh every REANCHOR steps.
 */
function powers(t: Float64Array, r: Float64Array, grid: Grid): Float64Array {
  const n = t.length;
  const { stride, count } = grid;
  const power = new Float64Array(count);
  const sin = new Float64Array(n);
  const cos = new Float64Array(n);
  const rotSin = Float64Array.from(t, (v) => Math.sin(stride * v));
  const rotCos = Float64Array.from(t, (v) => Math.cos(stride * v));
  let rbar = 0;
  for (let i = 0; i < n; i++) rbar += r[i];
  rbar /= n;
  for (let k = 0; k < count; k++) {
    const w = (k + 1) * stride;
    if (k % REANCHOR === 0) {
      for (let i = 0; i < n; i++) {
        sin[i] = Math.sin(w * t[i]);
        cos[i] = Math.cos(w * t[i]);
      }
    }
    let ss = 0;
    let sc = 0;
    let cc = 0;
    let s1 = 0;
    let c1 = 0;
    let sr = 0;
    let cr = 0;
    for (let i = 0; i < n; i++) {
      const s = sin[i];
      const c = cos[i];
      const ri = r[i] - rbar;
      ss += s * s;
      sc += s * c;
      cc += c * c;
      s1 += s;
      c1 += c;
      sr += s * ri;
      cr += c * ri;
      // On to the next frequency: (c, s) rotated by stride·t.
      sin[i] = s * rotCos[i] + c * rotSin[i];
      cos[i] = c * rotCos[i] - s * rotSin[i];
    }
    power[k] = reduction(n, ss, sc, cc, s1, c1, sr, cr);
  }
  return power;
}

/** The reduction of Σr² (r of mean zero) from the sums over the rows of s², s·c, c², s, c, s·r, c·r. */
function reduction(n: number, ss: number, sc: number, cc: number, s1: number, c1: number, sr: number, cr: number): number {
  // Take the mean out of the two columns (r has it out already), then the 2×2 normal equations.
  const Sss = ss - (s1 * s1) / n;
  const Ssc = sc - (s1 * c1) / n;
  const Scc = cc - (c1 * c1) / n;
  const det = Sss * Scc - Ssc * Ssc;
  if (!(det > 1e-12 * (Sss * Scc))) return 0;
  return (Scc * sr * sr - 2 * Ssc * sr * cr + Sss * cr * cr) / det;
}

/**
 * Whether a reduction of Σr² by one sinusoid stands out of noise: for r pure noise of variance
 * σ², a frequency's reduction is about σ²·χ²₂, whose largest over the grid's `count / OVERSAMPLE`
 * independent frequencies exceeds 2σ²·(ln M + 3) with a chance of about e⁻³ (5%).
 */
function significant(reduction: number, r: Float64Array, count: number): boolean {
  const n = r.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r[i] - mean) ** 2;
  const variance = ss / Math.max(1, n - 3);
  const independent = Math.max(1, count / OVERSAMPLE);
  return reduction > 2 * variance * (Math.log(independent) + 3);
}

/** The frequency within a grid step of `w` where `gain` (a reduction of Σr² at a frequency) is largest: golden-section search. */
function refinedPeak(gain: (w: number) => number, w: number, stride: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = w - stride;
  let b = w + stride;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = gain(c);
  let fd = gain(d);
  // (Twelve steps narrow two grid steps to a thousandth of a peak's width.)
  for (let k = 0; k < 12; k++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = gain(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = gain(d);
    }
  }
  const best = (a + b) / 2;
  return gain(best) >= gain(w) ? best : w;
}

function sumOfSquares(r: Float64Array): number {
  let s = 0;
  for (const v of r) s += v * v;
  return s;
}

/** Q extended (modified Gram–Schmidt) by the directions of `columns` it does not span yet. */
function extended(Q: readonly Float64Array[], columns: readonly Float64Array[]): Float64Array[] {
  const out = [...Q];
  for (const col of columns) {
    const q = orthogonalTo(out, col);
    if (q !== null) out.push(q);
  }
  return out;
}

/** The columns sin(w·t) and cos(w·t). */
function sinusoid(t: Float64Array, w: number): [Float64Array, Float64Array] {
  return [Float64Array.from(t, (v) => Math.sin(w * v)), Float64Array.from(t, (v) => Math.cos(w * v))];
}

/** `col` made orthogonal to the unit vectors Q and of unit length; null when Q already spans it. */
function orthogonalTo(Q: readonly Float64Array[], col: Float64Array): Float64Array | null {
  const q = Float64Array.from(col);
  for (const b of Q) subtractProjection(q, b);
  const norm = Math.sqrt(sumOfSquares(q));
  if (!(norm > 1e-9 * Math.sqrt(sumOfSquares(col)))) return null;
  for (let i = 0; i < q.length; i++) q[i] /= norm;
  return q;
}

/** y minus its projection on the span of Q. */
function residual(y: Float64Array, Q: readonly Float64Array[]): Float64Array {
  const r = Float64Array.from(y);
  for (const q of Q) subtractProjection(r, q);
  return r;
}

/** The reduction of Σr² (r orthogonal to Q) by a sine and a cosine at w, made orthogonal to Q first. */
function reductionWith(Q: readonly Float64Array[], r: Float64Array, t: Float64Array, w: number): number {
  const [sin, cos] = sinusoid(t, w);
  const s = orthogonalTo(Q, sin);
  const c = orthogonalTo(Q, cos);
  if (s === null || c === null) return 0;
  let sc = 0;
  let sr = 0;
  let cr = 0;
  for (let i = 0; i < r.length; i++) {
    sc += s[i] * c[i];
    sr += s[i] * r[i];
    cr += c[i] * r[i];
  }
  // s and c are of unit length: the 2×2 normal equations [[1, sc], [sc, 1]].
  const det = 1 - sc * sc;
  if (!(det > 1e-12)) return 0;
  return (sr * sr - 2 * sc * sr * cr + cr * cr) / det;
}

/** v minus its projection on the unit vector q, in place. */
function subtractProjection(v: Float64Array, q: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i] * q[i];
  for (let i = 0; i < v.length; i++) v[i] -= dot * q[i];
}
