/**
 * Deterministic benchmark data: seeded x,y CSV files written with full round-trip precision
 * (JavaScript's shortest round-trip form, as pandas' to_csv writes Python's repr: ~17 significant
 * digits). A file is written under a temporary name and renamed when complete, so an existing
 * file is always whole and is reused as it is.
 */
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';

/** A seeded generator of uniform doubles in [0, 1) with 53 random bits (two mulberry32 draws). */
export function uniform53(seed) {
  let a = seed >>> 0;
  const next32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/** Standard normal draws (Box–Muller) from a uniform source. */
export function normal(u) {
  return () => {
    let a = u();
    while (a === 0) a = u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/** The cubic that big*.csv is drawn from: y = 0.5x³ − 2x² + 3x − 1 + N(0, 5²), x ~ U(−10, 10). */
export const CUBIC = { coefficients: [-1, 3, -2, 0.5], noise: 5, xRange: [-10, 10] };

/** The decay that decay*.csv is drawn from: y = 5·exp(−0.7x) + 1.5 + N(0, 0.05²), x ~ U(0, 10). */
export const DECAY = { a: 5, k: 0.7, c: 1.5, noise: 0.05, xRange: [0, 10] };

/** Rows of the cubic data set, one [x, y] at a time. */
function cubicRow(seed) {
  const u = uniform53(seed);
  const z = normal(uniform53(seed + 1));
  const [lo, hi] = CUBIC.xRange;
  const [c0, c1, c2, c3] = CUBIC.coefficients;
  return () => {
    const x = lo + (hi - lo) * u();
    return [x, c0 + x * (c1 + x * (c2 + x * c3)) + CUBIC.noise * z()];
  };
}

/** Rows of the exponential-decay data set. */
function decayRow(seed) {
  const u = uniform53(seed);
  const z = normal(uniform53(seed + 1));
  const [lo, hi] = DECAY.xRange;
  return () => {
    const x = lo + (hi - lo) * u();
    return [x, DECAY.a * Math.exp(-DECAY.k * x) + DECAY.c + DECAY.noise * z()];
  };
}

/** Two overlapping Gaussian peaks on a baseline, for the start search: x ~ U(0, 10). */
export const PEAKS = { a1: 3, m1: 4, s1: 0.4, a2: 2, m2: 5.2, s2: 0.5, c: 0.2, noise: 0.05, xRange: [0, 10] };

/** Rows of the two-peak data set. */
function peaksRow(seed) {
  const u = uniform53(seed);
  const z = normal(uniform53(seed + 1));
  const [lo, hi] = PEAKS.xRange;
  const g = (x, m, s) => Math.exp(-((x - m) ** 2) / (2 * s * s));
  return () => {
    const x = lo + (hi - lo) * u();
    return [x, PEAKS.a1 * g(x, PEAKS.m1, PEAKS.s1) + PEAKS.a2 * g(x, PEAKS.m2, PEAKS.s2) + PEAKS.c + PEAKS.noise * z()];
  };
}

const ROWS = { cubic: cubicRow, decay: decayRow, peaks: peaksRow };

/**
 * Make sure `path` holds `rows` rows of the named data set ('cubic' or 'decay') with header
 * "x,y". Returns { path, bytes, generated, ms }.
 */
export function ensureCsv(path, kind, rows, seed = 20240601) {
  if (existsSync(path)) return { path, bytes: statSync(path).size, generated: false, ms: 0 };
  const t0 = performance.now();
  const next = ROWS[kind](seed);
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  try {
    let chunk = 'x,y\n';
    for (let i = 0; i < rows; i++) {
      const [x, y] = next();
      chunk += `${x},${y}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return { path, bytes: statSync(path).size, generated: true, ms: performance.now() - t0 };
}
