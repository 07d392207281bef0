/**
 * The rest of the NIST StRD regression problems (data in ./nist-more.ts) fitted the way a user
 * fits them: a CSV, the model written in gradfit's syntax with NIST's two starts, or --degree for
 * the polynomials — so the CSV reader, the parser, the kernel's exact Jacobian, the fitter and the
 * statistics are checked together. Accuracy is the log relative error (LRE): the number of correct
 * significant digits.
 *
 * The bar is NIST's: 6 digits in every parameter and 4 in every standard error for the nonlinear
 * problems, 7 and 6 for the polynomials. Where gradfit does better, the bar is raised to the whole
 * digits it reaches today (REACHED). One bar is lower: Lanczos1's standard errors, which double
 * precision cannot give to 4 digits (see below).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFitData, type ColumnChoice } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { parseModel, polynomialSpec } from '../../src/fit/model.js';
import { LINEAR, NONLINEAR, type NonlinearProblem } from './nist-more.js';
import { lre } from '../linalg/nist-data.js';

/**
 * The digits every parameter and every standard error reach today, over both starts: the minimum
 * LRE rounded down to a whole digit, one lower when it is within 0.2 of it.
 */
const REACHED: Record<string, { params: number; stderr: number }> = {
  Misra1c: { params: 10, stderr: 10 }, // 10.80, 10.61
  Misra1d: { params: 12, stderr: 10 }, // 12.61, 11.06
  Lanczos2: { params: 10, stderr: 10 }, // 10.40, 10.29
  Gauss3: { params: 10, stderr: 10 }, // 10.48, 10.48
  Roszman1: { params: 10, stderr: 10 }, // 10.87, 11.05
  ENSO: { params: 8, stderr: 9 }, // 8.22, 9.39
  Kirby2: { params: 10, stderr: 10 }, // 10.47, 10.72
  Hahn1: { params: 10, stderr: 10 }, // 10.79, 10.46
  Nelson: { params: 10, stderr: 10 }, // 10.85, 10.60
  Bennett5: { params: 10, stderr: 10 }, // 11.03, 10.42
  Lanczos1: { params: 10, stderr: 2 }, // 10.56, 3.14: see below
  Filip: { params: 13, stderr: 13 }, // 14.14, 14.05 (solved in standardised x)
  Wampler1: { params: 9, stderr: 9 }, // 10.02, 9.86 (standard errors certified 0: absolute error)
  Wampler2: { params: 13, stderr: 14 }, // 13.76, 14.23 (standard errors certified 0: absolute error)
  Wampler3: { params: 10, stderr: 14 }, // 10.48, 14.28
  Wampler4: { params: 9, stderr: 14 }, // 9.99, 14.57
  Wampler5: { params: 8, stderr: 13 }, // 8.94, 14.11
};
// Lanczos1: the parameters come out to 10.6 digits, but the certified RSS (1.4e-25: residuals
// of 9e-14 on responses of order 1) is at the rounding level of double precision. Computing each
// residual leaves an error of a few 1e-16, so the RSS has about 3 correct digits, and the standard
// errors, which scale with √RSS, 3.1 to 3.2 — short of NIST's 4, which double precision cannot
// reach. (The fit ends converged: its cosine test allows for residuals that are partly rounding.)

const dir = mkdtempSync(join(tmpdir(), 'gradfit-nist-more-'));

/** The problem as a CSV a user would write: x,y — or, for Nelson, x1,x2,logy with logy = log(y). */
function writeCsv(p: NonlinearProblem): { path: string; choice: ColumnChoice } {
  const path = join(dir, `${p.name}.csv`);
  const y = p.response === 'log' ? p.y.map(Math.log) : p.y;
  const yName = p.response === 'log' ? 'logy' : 'y';
  const predictors = p.columns ?? { x: p.x! };
  const names = Object.keys(predictors);
  const rows = y.map((v, i) => [...names.map((c) => predictors[c][i]), v].join(','));
  writeFileSync(path, `${[...names, yName].join(',')}\n${rows.join('\n')}\n`);
  return { path, choice: { x: names[0], y: yName } };
}

describe('the other NIST StRD nonlinear problems through --model, from both starts', () => {
  // Start 0 is the certified solution itself (a --start copied from an earlier result): converged.
  const runs = NONLINEAR.flatMap((p) => [[p.name, 1, p] as const, [p.name, 2, p] as const, [p.name, 0, p] as const]);
  for (const [name, start, p] of runs) {
    const bar = REACHED[name] ?? { params: 6, stderr: 4 };
    const title =
      `${name} from start ${start}: ` +
      `≥ ${bar.params} digits in every parameter, ≥ ${bar.stderr} in every standard error`;
    it(title, async () => {
      const { path, choice } = writeCsv(p);
      const loaded = await loadFitData({ kind: 'file', path }, { header: 'auto' }, choice, parseModel(p.model));
      const names = p.certified.map((_, k) => `b${k + 1}`);
      const startAt = new Map(names.map((b, k) => [b, start === 0 ? p.certified[k] : p.starts[start - 1][k]]));
      const r = fitDataset(loaded, { method: 'lm', start: startAt }).result;
      expect(r.converged, r.message).toBe(true);
      names.forEach((b, k) => {
        expect(lre(r.params[b], p.certified[k]), `${name} ${b}`).toBeGreaterThanOrEqual(bar.params);
        expect(lre(r.stderr[b] ?? NaN, p.certifiedSd[k]), `${name} sd(${b})`).toBeGreaterThanOrEqual(bar.stderr);
      });
    });
  }
});

describe('the other NIST StRD polynomial problems, through --degree and as a --model', () => {
  const runs = LINEAR.flatMap((p) => [[p.name, 'degree', p] as const, [p.name, 'model', p] as const]);
  for (const [name, how, p] of runs) {
    const bar = REACHED[name] ?? { params: 7, stderr: 6 };
    // NIST's B0, B1, ... are c0, c1, ... of --degree; the --model names them b0, b1, ...
    const model = Array.from({ length: p.degree + 1 }, (_, k) => (k === 0 ? 'b0' : `b${k}*x^${k}`)).join(' + ');
    const names = p.certified.map((_, k) => (how === 'degree' ? `c${k}` : `b${k}`));
    const title =
      `${name} (${how === 'degree' ? `--degree ${p.degree}` : `--model "${model.slice(0, 20)}..."`}): ` +
      `≥ ${bar.params} digits in every coefficient, ≥ ${bar.stderr} in every standard error`;
    it(title, async () => {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, `x,y\n${p.x.map((x, i) => `${x},${p.y[i]}`).join('\n')}\n`);
      const spec = how === 'degree' ? polynomialSpec(p.degree) : parseModel(model);
      const loaded = await loadFitData({ kind: 'file', path }, { header: 'auto' }, { x: 'x', y: 'y' }, spec);
      const r = fitDataset(loaded, { method: 'lm', start: new Map() }).result;
      expect(r.converged, r.message).toBe(true);
      p.certified.forEach((want, k) => {
        expect(lre(r.params[names[k]], want), `${name} ${names[k]}`).toBeGreaterThanOrEqual(bar.params);
        expect(lre(r.stderr[names[k]] ?? NaN, p.certifiedSd[k]), `${name} sd(${names[k]})`).toBeGreaterThanOrEqual(bar.stderr);
      });
    });
  }
});
