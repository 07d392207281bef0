/**
 * Streaming fits (rows folded as they are parsed) against the fit of the same rows kept in
 * memory (fit.ts), and folds of parts merged against one fit over every row.
 *
 * What is bit-identical and what is not, and why:
 * - A model linear in its parameters that is not a polynomial: the fold sees the same blocks of
 *   FOLD_BLOCK rows as fit.ts's first pass, through the same kernel, so the factor and the
 *   parameters are bit-identical (fit.ts refines with a second pass only when the design is
 *   ill-conditioned, which these are not). The RSS is ρ² (the fold's last entry) instead of a
 *   second sum over the rows: equal to rounding, ~1e-15 relative, and so are the standard errors.
 * - A polynomial whose first block holds the smallest and largest x: the basis never changes, so
 *   the same holds. Otherwise (x sorted, say) the fold's basis is widened as rows arrive and moved
 *   to the whole range's at the end; each move is one product with a triangular matrix, whose
 *   rounding changes the last bits: the coefficients agree to ~1e-14 relative, tested at 1e-12.
 * - Merged folds: the parts' factors are stacked and folded again (another order of the same
 *   Householder reductions): 1e-12 relative.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { uniformSource as uniform } from '../../src/optim/random.js';
import { loadFitData, streamFitData } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { Folder, mergeFolds, rebase, rangeBasis, type FitFold } from '../../src/fit/fold.js';
import { fitFromFold } from '../../src/fit/fold-fit.js';
import { foldDocument, parseFoldFile } from '../../src/fit/fold-file.js';
import { parseModel, polynomialSpec, type ModelSpec, type ParsedModel } from '../../src/fit/model.js';
import { compileKernel } from '../../src/expr/index.js';
import { foldRows } from '../../src/linalg/index.js';
import { foldModelOf } from '../../src/cli/commands/fit-fold.js';
import type { FitResult } from '../../src/fit/result.js';

function csv(rows: number[][], header = 'x,y'): string {
  return `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}

const source = (text: string) => ({ kind: 'stdin' as const, stream: Readable.from([Buffer.from(text)]) });

async function inMemory(text: string, model: ModelSpec | ParsedModel, choice: { sigma?: string; where?: string } = {}): Promise<FitResult> {
  const loaded = await loadFitData(source(text), { header: 'auto' }, choice, model);
  return fitDataset(loaded, { method: 'lm', start: new Map() }).result;
}

async function streamed(text: string, model: ModelSpec | ParsedModel, choice: { sigma?: string; where?: string } = {}): Promise<{ result: FitResult; fold: FitFold }> {
  const { fold, read } = await folded(text, model, choice);
  const columns = { x: read.data.names.x, y: read.data.names.y, sigma: read.data.names.sigma, data: read.spec.data, ...read.data.reading };
  return { result: fitFromFold({ fold, source: read.data.source, columns, skipped: read.data.skipped, level: 0.95, absoluteSigma: false, parts: 1 }).result, fold };
}

async function folded(text: string, model: ModelSpec | ParsedModel, choice: { sigma?: string; where?: string } = {}) {
  let folder: Folder | null = null;
  const read = await streamFitData(source(text), { header: 'auto' }, choice, model, (rows) => folder?.add(rows), {
    accept: (spec) => {
      const fm = foldModelOf(spec);
      if (fm === null) return false;
      folder = new Folder(fm, fm.order === null ? compileKernel(spec.ast, { params: spec.params, columns: spec.data }) : null, choice.sigma !== undefined);
      return true;
    },
  });
  if (!('streamed' in read)) throw new Error('not streamed');
  return { fold: (folder as Folder | null)?.finish() as FitFold, read };
}

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

function expectClose(got: FitResult, want: FitResult, tol: number): void {
  for (const name of Object.keys(want.params)) {
    expect(relative(got.params[name] as number, want.params[name] as number), `${name}`).toBeLessThanOrEqual(tol);
    expect(relative(got.stderr[name] as number, want.stderr[name] as number), `stderr ${name}`).toBeLessThanOrEqual(tol);
  }
  expect(relative(got.stats.rss, want.stats.rss)).toBeLessThanOrEqual(tol);
  expect(relative(got.stats.r2 as number, want.stats.r2 as number)).toBeLessThanOrEqual(tol);
  expect(relative(got.stats.aic as number, want.stats.aic as number)).toBeLessThanOrEqual(tol);
  expect(got.stats.n).toBe(want.stats.n);
  expect(got.stats.dof).toBe(want.stats.dof);
}

/** Cubic rows: y = 0.5x³ − 2x² + 3x − 1 + noise, x in [lo, hi); sorted when asked. */
function cubicRows(n: number, seed: number, lo = -10, hi = 10, sorted = false): number[][] {
  const u = uniform(seed);
  const xs = Array.from({ length: n }, () => lo + (hi - lo) * u());
  if (sorted) xs.sort((a, b) => a - b);
  return xs.map((x) => [x, 0.5 * x ** 3 - 2 * x * x + 3 * x - 1 + 10 * (u() - 0.5), 0.5 + u()]);
}

describe('streaming against rows kept in memory', () => {
  it('a linear model that is not a polynomial: bit-identical parameters, RSS and standard errors to rounding', async () => {
    const rows = cubicRows(20_000, 1).map(([x, y]) => [x, y]);
    const model = parseModel('a + b*x + c*sin(x)');
    const want = await inMemory(csv(rows), model);
    const { result } = await streamed(csv(rows), model);
    for (const name of ['a', 'b', 'c']) expect(result.params[name]).toBe(want.params[name]);
    expectClose(result, want, 1e-13);
    expect(result.method).toBe('linear');
  });

  it('a polynomial whose first block spans x: bit-identical coefficients', async () => {
    const rows = cubicRows(20_000, 2).map(([x, y]) => [x, y]);
    // The first rows hold the smallest and largest x: the basis is the whole range's from the start.
    rows.unshift([-10, 1], [10, 3]);
    const want = await inMemory(csv(rows), polynomialSpec(3));
    const { result } = await streamed(csv(rows), polynomialSpec(3));
    for (const name of ['c0', 'c1', 'c2', 'c3']) expect(result.params[name]).toBe(want.params[name]);
    expectClose(result, want, 1e-13);
  });

  it('a polynomial on sorted x (the basis widened as rows arrive): 1e-12 relative', async () => {
    const rows = cubicRows(30_000, 3, -5, 15, true).map(([x, y]) => [x, y]);
    const want = await inMemory(csv(rows), polynomialSpec(3));
    const { result, fold } = await streamed(csv(rows), polynomialSpec(3));
    expectClose(result, want, 1e-12);
    expect(want.message).toContain('centred');
    // The first block spans x from -5 to about -4.3: the fold widened its basis as rows came, and
    // the solve moved it once more, to the whole range's.
    expect(fold.basis).not.toEqual(rangeBasis(-5, -4.3));
    expect(fold.basis).not.toEqual(rangeBasis(fold.x?.min ?? 0, fold.x?.max ?? 0));
  });

  it('far from x = 0, where the coefficients are ill-conditioned for any method: within 1e-5 standard errors', async () => {
    // A cubic on x in [1000, 1010]: the centred solution mapped to powers of x is a sum of terms
    // near 1e9 that cancel, and the answer depends on the order of the rows at ~1e-7 relative in
    // memory too (gradfit by path on these rows sorted and shuffled: c0 -1491735.79 and -1491735.64).
    // The stream (which widens its basis four times on sorted rows) lands as close: far below the
    // standard errors. The fold's RSS is its last entry squared, a difference of norms of the
    // size of ‖y‖ (here 1e11 beside a residual norm of 500): accurate to ε·‖y‖/√RSS, ~2e-8
    // relative here, where the in-memory fit sums the squared residuals row by row.
    const rows = cubicRows(30_000, 3, 1000, 1010, true).map(([x, y]) => [x, y]);
    const want = await inMemory(csv(rows), polynomialSpec(3));
    const { result } = await streamed(csv(rows), polynomialSpec(3));
    for (const k of [0, 1, 2, 3]) {
      const name = `c${k}`;
      expect(Math.abs((result.params[name] as number) - (want.params[name] as number))).toBeLessThanOrEqual(1e-5 * (want.stderr[name] as number));
      expect(relative(result.stderr[name] as number, want.stderr[name] as number)).toBeLessThanOrEqual(1e-9);
    }
    expect(relative(result.stats.rss, want.stats.rss)).toBeLessThanOrEqual(2e-8);
    expect(relative(result.stats.r2 as number, want.stats.r2 as number)).toBeLessThanOrEqual(1e-12);
  });

  it('--sigma and --where are folded row by row: 1e-12 relative, and the same rows counted', async () => {
    const rows = cubicRows(25_000, 4);
    const text = csv(rows, 'x,y,s');
    const choice = { sigma: 's', where: 'x > -5 && s < 1.3' };
    const want = await inMemory(text, polynomialSpec(2), choice);
    const { result } = await streamed(text, polynomialSpec(2), choice);
    expectClose(result, want, 1e-12);
    expect(result.stats.n).toBeLessThan(25_000);
    expect(result.columns.rowsRead).toBe(25_000);
    expect(result.stats.loglik).not.toBeNull();
    expect(relative(result.stats.loglik as number, want.stats.loglik as number)).toBeLessThanOrEqual(1e-12);
  });

  it('a model that is not linear in its parameters keeps its rows (the stream declines it)', async () => {
    await expect(streamed(csv(cubicRows(100, 5)), parseModel('a*exp(-k*x)'))).rejects.toThrow('not streamed');
  });

  it('a bad cell in a stream is reported with its line and column, as from a file', async () => {
    const rows = cubicRows(20_000, 6).map(([x, y]) => `${x},${y}`);
    rows[15_000] = '1.5,abc';
    const text = `x,y\n${rows.join('\n')}\n`;
    await expect(streamed(text, polynomialSpec(1))).rejects.toThrow('<stdin>:15002:2: expected a number in column 2 (y), found "abc"');
    await expect(inMemory(text, polynomialSpec(1))).rejects.toThrow('<stdin>:15002:2: expected a number in column 2 (y), found "abc"');
  });
});

describe('folds of parts merged', () => {
  /** Folds of the rows cut at `cuts` (each part with its own basis), and the fit of their merge. */
  async function mergedFit(rows: number[][], cuts: number[], model: ModelSpec | ParsedModel, sigma: boolean) {
    const parts: FitFold[] = [];
    let start = 0;
    for (const end of [...cuts, rows.length]) {
      const text = csv(rows.slice(start, end), sigma ? 'x,y,s' : 'x,y,s');
      if (end > start) parts.push((await folded(text, model, sigma ? { sigma: 's' } : {})).fold);
      start = end;
    }
    const fold = mergeFolds(parts);
    return fitFromFold({ fold, source: 'parts', columns: { x: 'x', y: 'y', sigma: null, data: ['x'] }, skipped: 0, level: 0.95, absoluteSigma: false, parts: parts.length }).result;
  }

  it('a cubic in four unequal parts with different x ranges: 1e-12 relative on coefficients and standard errors', async () => {
    const rows = cubicRows(40_000, 7, -3, 12, true);
    const want = await inMemory(csv(rows, 'x,y,s'), polynomialSpec(3));
    const got = await mergedFit(rows, [5_000, 5_001, 31_000], polynomialSpec(3), false);
    expectClose(got, want, 1e-12);
  });

  it('weighted, and a linear model that is not a polynomial: 1e-12 relative', async () => {
    const rows = cubicRows(30_000, 8);
    const model = parseModel('a + b*x + c*cos(x)');
    const want = await inMemory(csv(rows, 'x,y,s'), model, { sigma: 's' });
    const got = await mergedFit(rows, [10_000, 20_000], model, true);
    expectClose(got, want, 1e-12);
  });

  it('an empty part adds nothing', async () => {
    const rows = cubicRows(5_000, 9);
    const a = (await streamed(csv(rows, 'x,y,s'), polynomialSpec(2))).fold;
    const empty: FitFold = { ...a, n: 0, R: new Float64Array(a.R.length), mean: new Float64Array(4), sumLogW: 0, basis: null, x: null };
    const merged = mergeFolds([empty, a, empty]);
    expect(merged.n).toBe(a.n);
    expect(Array.from(merged.R)).toEqual(Array.from(a.R));
  });
});

describe('rebase', () => {
  it('the factor of rows folded in one basis, moved to another, has the Gram matrix of the rows folded there', () => {
    const u = uniform(10);
    const degree = 4;
    const q = degree + 2;
    const from = { xm: 3, xs: 2 };
    const to = { xm: 5.5, xs: 8 };
    const xs = Array.from({ length: 50 }, () => 1 + 8 * u());
    const folded = (b: { xm: number; xs: number }) => {
      const R = new Float64Array(q * q);
      const B = new Float64Array(xs.length * q);
      xs.forEach((x, i) => {
        const z = (x - b.xm) / b.xs;
        for (let k = 0; k <= degree; k++) B[i + k * xs.length] = z ** k;
        B[i + (degree + 1) * xs.length] = Math.sin(x);
      });
      foldRows(R, q, B, xs.length);
      return R;
    };
    const gram = (R: Float64Array) => {
      const G = new Float64Array(q * q);
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) for (let k = 0; k < q; k++) G[a + b * q] = (G[a + b * q] as number) + (R[k + a * q] as number) * (R[k + b * q] as number);
      return G;
    };
    const moved = folded(from);
    rebase(moved, degree, from, to);
    for (let j = 0; j < q; j++) for (let i = j + 1; i < q; i++) expect(moved[i + j * q]).toBe(0);
    const G0 = gram(folded(to));
    const G1 = gram(moved);
    let scale = 0;
    for (const v of G0) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < q * q; k++) expect(Math.abs((G1[k] as number) - (G0[k] as number))).toBeLessThan(1e-13 * scale);
  });
});

describe('the fold file', () => {
  it('reads back every number of the fold as the same double', async () => {
    const rows = cubicRows(7_000, 11);
    const { fold } = await folded(csv(rows, 'x,y,s'), polynomialSpec(3), { sigma: 's' });
    const text = JSON.stringify(foldDocument({ fold, columns: { x: 'x', y: 'y', sigma: 's', where: null, data: ['x'] }, weighted: true, skipped: 0, rowsRead: 7_000, source: 'test', parts: [] }));
    const back = parseFoldFile(text, 'test.fold');
    expect(Array.from(back.fold.R)).toEqual(Array.from(fold.R));
    expect(Array.from(back.fold.mean)).toEqual(Array.from(fold.mean));
    expect(back.fold.basis).toEqual(fold.basis);
    expect(back.fold.x).toEqual(fold.x);
    expect(back.fold.sumLogW).toBe(fold.sumLogW);
    expect(back.fold.n).toBe(7_000);
    expect(back.fold.model).toEqual(fold.model);
  });
});
