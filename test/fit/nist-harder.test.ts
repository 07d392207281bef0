/**
 * The harder NIST StRD problems (typed in for the optimiser tests) fitted the way a user fits
 * them: a CSV, a --model written in gradfit's syntax, and the two NIST starts — so the parser,
 * the kernel's exact Jacobian and the fitter are checked together on badly scaled parameters,
 * far starts and flat valleys.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFitData } from '../../src/fit/dataset.js';
import { fitDataset } from '../../src/fit/fit.js';
import { parseModel } from '../../src/fit/model.js';
import { HARD_MODELS, HARD_PROBLEMS } from '../optim/nist-problems.js';
import { lre } from '../linalg/nist-data.js';


const dir = mkdtempSync(join(tmpdir(), 'gradfit-nist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('harder NIST StRD problems through --model', () => {
  // Start 0 is the certified solution itself (a --start copied from an earlier result): converged.
  const runs = HARD_PROBLEMS.flatMap((p) => [[p.name, 1, p] as const, [p.name, 2, p] as const, [p.name, 0, p] as const]);
  it.each(runs)('%s from start %i: ≥ 7 digits in every parameter, ≥ 4 in every standard error', async (name, start, p) => {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, `x,y\n${Array.from(p.x, (x, i) => `${x},${p.y[i]}`).join('\n')}\n`);
    const model = parseModel(HARD_MODELS[name]);
    const loaded = await loadFitData({ kind: 'file', path: file }, { header: 'auto' }, { x: 'x', y: 'y' }, model);
    const names = p.certified.map((_, k) => `b${k + 1}`);
    const r = fitDataset(loaded, { method: 'lm', start: new Map(names.map((b, k) => [b, start === 0 ? p.certified[k] : p.starts[start - 1][k]])) }).result;
    expect(r.converged, r.message).toBe(true);
    names.forEach((b, k) => {
      expect(lre(r.params[b], p.certified[k]), `${name} ${b}`).toBeGreaterThanOrEqual(7);
      expect(lre(r.stderr[b] ?? NaN, p.certifiedSd[k]), `${name} sd(${b})`).toBeGreaterThanOrEqual(4);
    });
  });
});
