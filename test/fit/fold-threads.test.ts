/**
 * Folding a large fit's rows in chunks, some on worker threads (src/fit/fold-threads.ts): the
 * factor is the same bit for bit with or without workers (the chunks and their order depend on the
 * rows alone), a worker that fails or is missing changes nothing but the time, a value that is not
 * finite is reported at the same row, and the chunked factor differs from one sequence of blocks
 * over every row by rounding only. The worker is bundled from the sources here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKernel, parse } from '../../src/expr/index.js';
import { CHUNK_ROWS, foldRows, FOLD_BLOCK } from '../../src/linalg/index.js';
import { foldJacobian, sumOfSquares, type FitRows } from '../../src/fit/jacobian-factor.js';
import { foldThreadsUp, startFoldThreads, stopFoldThreads } from '../../src/fit/fold-threads.js';
import { buildWorker } from '../worker-build.js';
import { digestOnWorker, keepWorkers, startWorker, UP } from '../../src/threads.js';
import { createHash } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-fold-worker-'));
let workerScript = '';
beforeAll(() => {
  workerScript = buildWorker(dir);
});

afterAll(async () => {
  await stopFoldThreads();
  rmSync(dir, { recursive: true, force: true });
});

const kernel = compileKernel(parse('a*exp(-k*x)+c'), { params: ['a', 'k', 'c'], columns: ['x'] });
const at = Float64Array.of(4, 0.5, 1);

/** n rows of a noisy decay, in shared memory or not. */
function decay(n: number, shared: boolean): FitRows {
  const column = () => (shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n));
  const x = column();
  const y = column();
  for (let i = 0; i < n; i++) {
    x[i] = (i % 1009) / 100;
    y[i] = 5 * Math.exp(-0.7 * x[i]) + 1.5 + 0.05 * Math.sin(i * 12.9898);
  }
  return { cols: [x], y, w: null, n };
}

/** Run `f` with the fold workers of `script` started (threads in all), then stopped. */
async function withWorkers<T>(threads: number, script: string, f: () => T): Promise<T> {
  const saved = { ...process.env };
  process.env.GRADFIT_INTERNAL_FOLD_THREADS = String(threads);
  process.env.GRADFIT_INTERNAL_WORKER = script;
  try {
    startFoldThreads(Number.MAX_SAFE_INTEGER);
    // Until a worker is up the main thread folds alone; wait for them to be up.
    await new Promise((resolve) => setTimeout(resolve, 400));
    return f();
  } finally {
    await stopFoldThreads();
    for (const k of ['GRADFIT_INTERNAL_FOLD_THREADS', 'GRADFIT_INTERNAL_WORKER']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

/** One sequence of blocks over every row, as a fit of at most CHUNK_ROWS rows folds them. */
function sequential(rows: FitRows): Float64Array {
  const q = 4;
  const R = new Float64Array(q * q);
  const B = new Float64Array(FOLD_BLOCK * q);
  for (let start = 0; start < rows.n; start += FOLD_BLOCK) {
    const nb = Math.min(FOLD_BLOCK, rows.n - start);
    const block = B.subarray(0, nb * q);
    kernel.residuals(at, [rows.cols[0].subarray(start, start + nb)], rows.y.subarray(start, start + nb), null, nb, block.subarray(3 * nb), block);
    foldRows(R, q, block, nb);
  }
  return R;
}

describe('a fold of more than one chunk of rows', () => {
  const n = Math.floor(3.5 * CHUNK_ROWS);

  it('gives the same factor, bit for bit, on one thread, two or three, with columns shared or copied', async () => {
    const one = foldJacobian(kernel, at, decay(n, false));
    for (const threads of [2, 3]) {
      for (const shared of [true, false]) {
        const many = await withWorkers(threads, workerScript, () => {
          expect(foldThreadsUp()).toBe(threads - 1);
          return foldJacobian(kernel, at, decay(n, shared));
        });
        expect(Array.from(many.R)).toEqual(Array.from(one.R));
        expect(Array.from(many.qtr)).toEqual(Array.from(one.qtr));
        expect(many.rss).toBe(one.rss);
      }
    }
  });

  it('sums the squared residuals the same, bit for bit, with workers or without; within rounding of one sum', async () => {
    const rows = decay(n, true);
    const one = sumOfSquares(kernel, at, rows);
    const many = await withWorkers(2, workerScript, () => {
      expect(foldThreadsUp()).toBe(1);
      return sumOfSquares(kernel, at, rows);
    });
    expect(many).toBe(one);
    const plain = kernel.sumSquares(at, rows.cols, rows.y, null, rows.n, null);
    expect(Math.abs(one - plain)).toBeLessThan(1e-12 * plain);
  });

  it('differs from one sequence of blocks over every row by rounding only (1e-13 of each column)', () => {
    const rows = decay(n, false);
    const chunked = foldJacobian(kernel, at, rows);
    const R = sequential(rows);
    // Signs of R's rows may differ between two QR factorisations: compare RᵀR's columns' sizes.
    for (let j = 0; j < 3; j++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i <= j; i++) {
        a += chunked.R[i + j * 3] ** 2;
        b += R[i + j * 4] ** 2;
      }
      expect(Math.abs(Math.sqrt(a) - Math.sqrt(b))).toBeLessThan(1e-13 * Math.sqrt(b));
    }
    expect(Math.abs(Math.abs(chunked.qtr[0]) - Math.abs(R[12]))).toBeLessThan(1e-12 * Math.abs(R[12]));
  });

  it('reports the first value that is not finite at its row, with workers or without', async () => {
    const rows = decay(n, true);
    const bad = 2 * CHUNK_ROWS + 12_345;
    rows.cols[0][bad] = -1e6; // exp(0.5e6) overflows: the residual is not finite
    const one = foldJacobian(kernel, at, rows);
    expect(one.nonFinite).toEqual({ row: bad, param: null, value: Infinity });
    expect(one.rss).toBeNaN();
    const many = await withWorkers(2, workerScript, () => {
      expect(foldThreadsUp()).toBe(1);
      return foldJacobian(kernel, at, rows);
    });
    expect(many.nonFinite).toEqual(one.nonFinite);
  });

  it('a worker that fails leaves its chunks to the main thread: the same factor', async () => {
    const broken = join(dir, 'broken-worker.cjs');
    writeFileSync(broken, "const { workerData } = require('node:worker_threads'); Atomics.store(workerData.control, 2, 1); throw new Error('broken');\n");
    const rows = decay(n, true);
    const one = foldJacobian(kernel, at, rows);
    const started = performance.now();
    const many = await withWorkers(2, broken, () => {
      expect(foldThreadsUp()).toBe(0);
      return foldJacobian(kernel, at, rows);
    });
    expect(Array.from(many.R)).toEqual(Array.from(one.R));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a worker that never answers is given up after about two seconds: the same factor', async () => {
    const silent = join(dir, 'silent-worker.cjs');
    writeFileSync(silent, "const { workerData } = require('node:worker_threads'); Atomics.store(workerData.control, 2, 1); for (;;) Atomics.wait(workerData.control, 1, 0);\n");
    const rows = decay(n, true);
    const one = foldJacobian(kernel, at, rows);
    const many = await withWorkers(2, silent, () => {
      expect(foldThreadsUp()).toBe(1);
      const started = performance.now();
      const f = foldJacobian(kernel, at, rows);
      return { f, ms: performance.now() - started };
    });
    expect(Array.from(many.f.R)).toEqual(Array.from(one.R));
    expect(many.ms).toBeGreaterThan(1900);
    expect(many.ms).toBeLessThan(6000);
  });

  it('a worker taking a file\'s SHA-256 between passes still folds its share: the same factor, and the digest of the whole file', async () => {
    const file = join(dir, 'to-digest.bin');
    // Large enough that the digest is still being taken when the passes come.
    const bytes = Buffer.alloc(48 << 20);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i >> 12) & 0xff;
    writeFileSync(file, bytes);
    const rows = decay(n, true);
    const one = foldJacobian(kernel, at, rows);
    const saved = process.env.GRADFIT_INTERNAL_FOLD_THREADS;
    process.env.GRADFIT_INTERNAL_FOLD_THREADS = '2';
    try {
      const worker = startWorker(workerScript, null);
      while (Atomics.load(worker.control, UP) !== 1) await new Promise((resolve) => setTimeout(resolve, 10));
      keepWorkers([worker]);
      const digest = digestOnWorker(worker, file);
      const started = performance.now();
      const folds = [foldJacobian(kernel, at, rows), foldJacobian(kernel, at, rows)];
      // (Not the ~2 s after which a worker that does not answer is given up.)
      expect(performance.now() - started).toBeLessThan(1800);
      for (const f of folds) expect(Array.from(f.R)).toEqual(Array.from(one.R));
      expect(await digest()).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
      expect(await digestOnWorker(worker, join(dir, 'missing.bin'))()).toBeNull();
    } finally {
      await stopFoldThreads();
      if (saved === undefined) delete process.env.GRADFIT_INTERNAL_FOLD_THREADS;
      else process.env.GRADFIT_INTERNAL_FOLD_THREADS = saved;
    }
  });
});
