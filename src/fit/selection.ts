/**
 * `--degree auto[:MAX]`: the polynomial degree 0..MAX with the lowest AICc, from one fold of the
 * data. In centred and scaled z the columns 1, z, ..., z^MAX are folded (unpivoted) into the
 * triangular factor R of the degree-MAX design; its leading k×k block is the factor of degree
 * k−1, so with v = Qᵀy, RSS(k−1) = RSS(MAX) + Σ_{j≥k} v_j². The chosen degree is then fitted as
 * --degree would fit it.
 */
import { compileKernel } from '../expr/index.js';
import { lstsq } from '../linalg/index.js';
import { InputError, option } from '../errors.js';
import type { Dataset } from './dataset.js';
import { foldJacobian } from './jacobian-factor.js';
import { informationCriteria } from './intervals.js';
import { rangeStandardisation, standardPolynomial } from './polynomial.js';
import type { FitResult } from './result.js';

/** The largest MAX that --degree auto:MAX accepts. */
export const AUTO_MAX_DEGREE = 30;
/** MAX when --degree auto gives none. */
export const AUTO_DEFAULT_MAX = 10;

export interface AutoDegree {
  /** MAX, or null for plain "auto" (10, or fewer on few rows). */
  max: number | null;
}

/** "auto" or "auto:MAX" → the request; null when `text` is not an auto request. */
export function parseAutoDegree(text: string): AutoDegree | null {
  const t = text.trim();
  if (t === 'auto') return { max: null };
  const m = /^auto:(.*)$/.exec(t);
  if (!m) return null;
  const v = Number(m[1].trim());
  if (m[1].trim() === '' || !Number.isInteger(v) || v < 1 || v > AUTO_MAX_DEGREE) {
    throw new InputError(`--degree auto:MAX needs a whole number MAX from 1 to ${AUTO_MAX_DEGREE} (the highest degree to try), got '${m[1].trim()}'`);
  }
  return { max: v };
}

/** The highest degree to try on n rows: AICc of degree d needs n > d + 3. */
export function autoMaxDegree(request: AutoDegree, n: number): number {
  if (request.max === null) {
    const max = Math.min(AUTO_DEFAULT_MAX, n - 4);
    if (max < 1) throw new InputError(`${option('degree')} auto needs at least 5 data rows to compare degrees by AICc, but there are ${n}`);
    return max;
  }
  if (n < request.max + 4) {
    throw new InputError(`${option('degree')} auto:${request.max} needs at least ${request.max + 4} data rows (AICc of degree ${request.max} needs n > ${request.max + 3}), but there are ${n}; give a smaller MAX`);
  }
  return request.max;
}

/** Every degree 0..max with its RSS and AICc, and the one with the lowest AICc. */
export function selectDegree(data: Dataset, max: number): NonNullable<FitResult['selection']> {
  const P = max + 1;
  const x = data.x;
  const map = rangeStandardisation(x);
  const kernel = compileKernel(standardPolynomial(max, map), { params: Array.from({ length: P }, (_, k) => `c${k}`), columns: ['x'] });
  const rows = { cols: [x], y: data.y, w: data.w, n: data.n };
  // One Gauss–Newton step from 0 solves degree MAX; the fold there gives RSS(MAX) without
  // cancellation, and Qᵀy = R·d − Qᵀr.
  const at0 = foldJacobian(kernel, new Float64Array(P), rows);
  const step = lstsq(at0.R, P, P, at0.qtr.map((v) => -v), data.n);
  if (step.rank < P) {
    throw new InputError(`${option('degree')} auto:${max}: the data cannot determine a polynomial of degree ${max} (${data.names.x} has too few distinct values); give a smaller MAX`);
  }
  const at = foldJacobian(kernel, step.x, rows);
  if (!Number.isFinite(at.rss)) throw new InputError(`${option('degree')} auto:${max}: the polynomial of degree ${max} is not finite on this data; give a smaller MAX`);
  const v = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let j = i; j < P; j++) s += at.R[i + j * P] * step.x[j];
    v[i] = s - at.qtr[i];
  }
  let sumLogW = 0;
  if (data.w) for (const w of data.w) sumLogW += 2 * Math.log(w);
  const candidates: { degree: number; rss: number; aicc: number | null }[] = [];
  let tail = 0;
  for (let d = max; d >= 0; d--) {
    if (d < max) tail += v[d + 1] ** 2;
    const rss = at.rss + tail;
    const ic = rss > 0 ? informationCriteria(rss, data.n, d + 1, sumLogW).aicc : null;
    candidates.push({ degree: d, rss, aicc: ic });
  }
  candidates.reverse();
  let chosen = 0;
  let best = Infinity;
  for (const c of candidates) {
    // An exact fit (RSS 0) has AICc −∞: the lowest degree that reaches it wins.
    const score = c.aicc ?? (c.rss <= 0 ? -Infinity : Infinity);
    if (score < best) {
      best = score;
      chosen = c.degree;
    }
  }
  return { criterion: 'aicc', chosen, candidates };
}
