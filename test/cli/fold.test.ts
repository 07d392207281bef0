/**
 * `gradfit fit` from a pipe (streamed: rows folded as they are parsed), `--save-fold` and
 * `--folds`, as a user runs them: the same numbers as a fit by path (bit-identical where the fold
 * sees the same blocks in the same basis, 1e-12 relative otherwise: see test/fit/stream.test.ts),
 * and one clear error line for folds that do not belong together, damaged fold files and bad rows.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uniformSource as uniform } from '../../src/optim/random.js';
import { expectOneError, gradfit, json, removeScratch, scratch } from './run.js';

/** Rows "x,y,s" of a noisy cubic, x in [lo, hi). */
function rows(n: number, seed: number, lo = -10, hi = 10): string[] {
  const u = uniform(seed);
  return Array.from({ length: n }, () => {
    const x = lo + (hi - lo) * u();
    return `${x},${0.5 * x ** 3 - 2 * x * x + 3 * x - 1 + 10 * (u() - 0.5)},${0.5 + u()}`;
  });
}

const all = rows(12_000, 1);
// The first rows hold the smallest and largest x: the stream's basis is the whole range's from the start.
all.unshift('-10,-1000,1', '10,500,1');
const dir = scratch({ 'data.csv': `x,y,s\n${all.join('\n')}\n`, 'plain.csv': `${all.join('\n')}\n` });
afterAll(() => removeScratch(dir));
const at = (name: string) => join(dir, name);

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Piped input is folded after this many rows (1,000,000 by default; small here to keep the tests quick). */
const FOLD_AFTER = { env: { GRADFIT_STREAM_AFTER_ROWS: '0' } };

describe('a fit from a pipe is folded as the rows arrive', () => {
  it('a short input is fitted as by path: byte-identical results', () => {
    const byPath = json(gradfit(['fit', at('data.csv'), '--degree', '3', '--json']));
    const piped = json(gradfit(['fit', '--degree', '3', '--json'], { input: readFileSync(at('data.csv')) }));
    expect(piped.folded).toBeUndefined();
    expect(JSON.stringify({ ...piped, provenance: null })).toBe(JSON.stringify({ ...byPath, provenance: null }));
  });

  it('folding from the first row, or from the middle of the input: by-path coefficients bit for bit', () => {
    const byPath = json(gradfit(['fit', at('data.csv'), '--degree', '3', '--json']));
    for (const after of ['0', '5000']) {
      const r = json(gradfit(['fit', '--degree', '3', '--json'], { input: readFileSync(at('data.csv')), env: { GRADFIT_STREAM_AFTER_ROWS: after } }));
      expect(r.folded.parts).toBe(1);
      for (const k of ['c0', 'c1', 'c2', 'c3']) expect(r.params[k], `${k}, after ${after}`).toBe(byPath.params[k]);
    }
  });

  it('--degree 3: the same coefficients as by path, bit for bit; standard errors to 1e-13', () => {
    const byPath = json(gradfit(['fit', at('data.csv'), '--degree', '3', '--json']));
    const piped = gradfit(['fit', '--degree', '3', '--json'], { input: readFileSync(at('data.csv')), ...FOLD_AFTER });
    expect(piped.code).toBe(0);
    const r = json(piped);
    expect(r.folded.parts).toBe(1);
    expect(r.folded.omitted.join(' ')).toContain('residual-pattern check');
    expect(byPath.folded).toBeUndefined();
    for (const k of ['c0', 'c1', 'c2', 'c3']) {
      expect(r.params[k]).toBe(byPath.params[k]);
      expect(relative(r.stderr[k], byPath.stderr[k])).toBeLessThanOrEqual(1e-13);
      expect(relative(r.intervals[k][0], byPath.intervals[k][0])).toBeLessThanOrEqual(1e-13);
    }
    for (const s of ['rss', 'rmse', 'r2', 'loglik', 'aic', 'aicc', 'bic']) expect(relative(r.stats[s], byPath.stats[s]), s).toBeLessThanOrEqual(1e-13);
    expect(r.stats.n).toBe(byPath.stats.n);
    expect(r.stats.dof).toBe(byPath.stats.dof);
    expect(r.provenance.rows).toEqual(byPath.provenance.rows);
    expect(r.provenance.input.sha256).toBe(byPath.provenance.input.sha256);
  });

  it('a model linear in its parameters, weighted, with --where: bit-identical parameters', () => {
    const args = ['--model', 'a + b*x + c*sin(x)', '--sigma', 's', '--where', 'x > -8', '--json'];
    const byPath = json(gradfit(['fit', at('data.csv'), ...args]));
    const r = json(gradfit(['fit', ...args], { input: readFileSync(at('data.csv')), ...FOLD_AFTER }));
    expect(r.folded.parts).toBe(1);
    for (const k of ['a', 'b', 'c']) {
      expect(r.params[k]).toBe(byPath.params[k]);
      expect(relative(r.stderr[k], byPath.stderr[k])).toBeLessThanOrEqual(1e-13);
    }
    expect(r.columns.rowsRead).toBe(byPath.columns.rowsRead);
    expect(r.stats.n).toBe(byPath.stats.n);
    expect(r.stats.n).toBeLessThan(r.columns.rowsRead);
  });

  it('a constant response folded over 300,000 rows has no R² (as by path), and --min-r2 fails, exit 1', () => {
    // The fold's rounding left a spread of ε·√n in y, and R² came out as 0.97: a check passed.
    const input = Array.from({ length: 300_000 }, (_, i) => `${i + 1},2`).join('\n');
    const r = json(gradfit(['fit', '--degree', '1', '--json'], { input, ...FOLD_AFTER }));
    expect(r.folded.parts).toBe(1);
    expect(r.stats.r2).toBeNull();
    const checked = gradfit(['fit', '--degree', '1', '-q', '--min-r2', '0.9'], { input, ...FOLD_AFTER });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/R² is undefined/);
  });

  it('a model that is not linear in its parameters keeps its rows, as before', () => {
    const r = gradfit(['fit', '--model', 'a*exp(k*x/10)', '--json'], { input: readFileSync(at('data.csv')), ...FOLD_AFTER });
    expect(r.code).toBe(0);
    expect(json(r).folded).toBeUndefined();
  });

  it('a bad cell deep in the stream: one line naming its line and column, exit 2', () => {
    const bad = [...all];
    bad[9000] = '1.5,2.5,oops';
    const r = gradfit(['fit', '--degree', '2', '--sigma', 's'], { input: `x,y,s\n${bad.join('\n')}\n`, ...FOLD_AFTER });
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toContain('<stdin>:9002:3: expected a number in column 3 (s), found "oops"');
  });

  it('a sigma that is not positive deep in the stream names its data row, as by path', () => {
    const bad = [...all];
    bad[5000] = '1.5,2.5,0';
    const r = gradfit(['fit', '--degree', '2', '--sigma', 's'], { input: `x,y,s\n${bad.join('\n')}\n`, ...FOLD_AFTER });
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toContain('data row 5001 has 0');
  });
});

describe('a stream folded on a worker thread (a pipeline stage beside the parser)', () => {
  const ways = (extra: Record<string, string> = {}) =>
    (['worker', 'here'] as const).map((way) => ({ env: { GRADFIT_STREAM_AFTER_ROWS: '0', GRADFIT_INTERNAL_STREAM_FOLD: way, ...extra } }));

  it('gives the fold of this thread, bit for bit: polynomial, weighted model with --where, both', () => {
    const input = readFileSync(at('data.csv'));
    for (const args of [
      ['fit', '--degree', '3', '--json'],
      ['fit', '--model', 'a + b*x + c*sin(x)', '--sigma', '1 + abs(x)/10', '--where', 'x > -5', '--json'],
    ]) {
      const [onWorker, here] = ways().map((opts) => gradfit(args, { input, ...opts }));
      expect(onWorker.code, onWorker.stderr).toBe(0);
      const a = json(onWorker);
      const b = json(here);
      expect(a.folded).toBeDefined();
      expect(a.params).toEqual(b.params);
      expect(a.stderr).toEqual(b.stderr);
      expect(a.stats).toEqual(b.stats);
    }
  });

  it('a row the fold refuses is the error, before a bad cell parsed after it, as on this thread', () => {
    // log(x) is not finite at x = 0 (row 40,001); a bad cell follows far later in the input.
    const rows = Array.from({ length: 90_000 }, (_, i) => (i === 40_000 ? '0,1' : i === 85_000 ? '3,oops' : `${1 + (i % 1000) / 100},${i % 7}`));
    const input = `x,y\n${rows.join('\n')}\n`;
    const [onWorker, here] = ways().map((opts) => gradfit(['fit', '--model', 'a + b*log(x)'], { input, ...opts }));
    expect(here.code).toBe(2);
    expect(here.stderr).toMatch(/^gradfit: error: the model's derivative with respect to b is not finite at parameters 0 for data row 40001/);
    expect(onWorker.code).toBe(here.code);
    expect(onWorker.stderr).toBe(here.stderr);
  });
});

describe('--save-fold and --folds', () => {
  // Parts as `split -l` makes them: no header after the first, so all are read with --no-header.
  const cuts = [0, 3000, 3001, 9000, all.length];
  const parts = cuts.slice(1).map((end, k) => {
    const name = `part${k}.csv`;
    writeFileSync(at(name), `${all.slice(cuts[k], end).join('\n')}\n`);
    return name;
  });

  it('folds of four parts (one of a single row) give the fit of all the rows: 1e-12 relative', () => {
    for (const [k, name] of parts.entries()) {
      const r = gradfit(['fit', at(name), '--no-header', '--degree', '3', '--save-fold', at(`part${k}.fold`), '--json']);
      expect(r.code, r.stderr).toBe(0);
    }
    const one = json(gradfit(['fit', at('plain.csv'), '--no-header', '--degree', '3', '--json']));
    const merged = gradfit(['fit', '--folds', ...parts.map((_, k) => at(`part${k}.fold`)), '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    const r = json(merged);
    expect(r.folded.parts).toBe(4);
    expect(r.stats.n).toBe(all.length);
    for (const k of ['c0', 'c1', 'c2', 'c3']) {
      expect(relative(r.params[k], one.params[k]), k).toBeLessThanOrEqual(1e-12);
      expect(relative(r.stderr[k], one.stderr[k]), k).toBeLessThanOrEqual(1e-12);
    }
    for (const s of ['rss', 'r2', 'aic', 'bic']) expect(relative(r.stats[s], one.stats[s]), s).toBeLessThanOrEqual(1e-12);
    // The single-row part: its fold is written, with a note that it is too small to fit alone.
    const tiny = gradfit(['fit', at('part1.csv'), '--no-header', '--degree', '3', '--save-fold', at('tiny.fold')]);
    expect(tiny.code).toBe(0);
    expect(tiny.stdout).toBe('');
    expect(tiny.stderr).toContain('wrote the fold of 1 row');
  });

  it('merging folds of merged folds (a tree) is the same fit', () => {
    const ab = gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), '--save-fold', at('ab.fold'), '-q']);
    expect(ab.code, ab.stderr).toBe(0);
    const flat = json(gradfit(['fit', '--folds', ...parts.map((_, k) => at(`part${k}.fold`)), '--json']));
    const tree = json(gradfit(['fit', '--folds', at('ab.fold'), at('part2.fold'), at('part3.fold'), '--json']));
    for (const k of ['c0', 'c1', 'c2', 'c3']) expect(relative(tree.params[k], flat.params[k])).toBeLessThanOrEqual(1e-12);
  });

  it('an empty part has an empty fold, which adds nothing', () => {
    const r = gradfit(['fit', '-', '--no-header', '--degree', '3', '--save-fold', at('empty.fold')], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(at('empty.fold'), 'utf8')).n).toBe(0);
    const withEmpty = json(gradfit(['fit', '--folds', at('empty.fold'), ...parts.map((_, k) => at(`part${k}.fold`)), '--json']));
    const without = json(gradfit(['fit', '--folds', ...parts.map((_, k) => at(`part${k}.fold`)), '--json']));
    expect(withEmpty.params).toEqual(without.params);
    const only = gradfit(['fit', '--folds', at('empty.fold')]);
    expect(only.code).toBe(2);
    expectOneError(only);
  });

  it('one fold file given twice (by its name, or through a link) is refused: its rows would count twice', () => {
    if (!existsSync(at('part0-link.fold'))) symlinkSync(at('part0.fold'), at('part0-link.fold'));
    for (const second of [at('part0.fold'), at('part0-link.fold')]) {
      const r = gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), second]);
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(/--folds names one file twice/);
    }
  });

  it('--start and --seed with --folds are refused (no start: the fit is exact); --tol and --max-steps are a note', () => {
    for (const flags of [['--start', 'c0=1'], ['--seed', '3'], ['--start', 'c0=1', '--seed', '3']]) {
      const r = gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), ...flags]);
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(/--folds solves the least-squares fit exactly from the folds, with no start: leave out --(start|seed)/);
    }
    const noted = gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), '--tol', '1e-8', '--max-steps', '5', '--json']);
    expect(noted.code).toBe(0);
    expect(noted.stderr).toBe('gradfit: note: --tol, --max-steps have no effect with --folds, which solves the least-squares fit exactly from the folds (no iterations)\n');
    expect(json(noted).params).toEqual(json(gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), '--json'])).params);
  });

  it('one part twice (a copy of its fold file, or a merged fold beside one of its parts) is refused: its rows would count twice', () => {
    writeFileSync(at('part0-copy.fold'), readFileSync(at('part0.fold')));
    expect(gradfit(['fit', '--folds', at('part0.fold'), at('part1.fold'), at('part2.fold'), '--save-fold', at('m012.fold'), '-q']).code).toBe(0);
    for (const [a, b] of [['part0.fold', 'part0-copy.fold'], ['m012.fold', 'part1.fold']]) {
      const r = gradfit(['fit', '--folds', at(a), at(b)]);
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toContain(`${a} and`);
      expect(r.stderr).toMatch(/hold the same part's rows \(part [0-9a-f]{8}…: one is a copy of the other, or a merged fold that holds it\), which would count twice/);
    }
    // Each part's fold has an id of its own; the merged fold lists its parts'.
    const ids = [0, 1, 2].map((k) => JSON.parse(readFileSync(at(`part${k}.fold`), 'utf8')).parts);
    ids.forEach((p) => expect(p).toHaveLength(1));
    expect(new Set(ids.flat()).size).toBe(3);
    expect(JSON.parse(readFileSync(at('m012.fold'), 'utf8')).parts).toEqual(ids.flat());
    // The merged fold and the one part it does not hold are the fit of all the rows.
    expect(gradfit(['fit', '--folds', at('m012.fold'), at('part3.fold'), '-q']).code).toBe(0);
  });

  it('folds of different fits are refused with one line naming both files', () => {
    const other = gradfit(['fit', at('part0.csv'), '--no-header', '--degree', '2', '--save-fold', at('deg2.fold'), '-q']);
    expect(other.code).toBe(0);
    const r = gradfit(['fit', '--folds', at('part0.fold'), at('deg2.fold')]);
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toContain('part0.fold and');
    expect(r.stderr).toContain('deg2.fold are folds of different fits');
    const weighted = gradfit(['fit', at('part0.csv'), '--no-header', '--degree', '3', '--sigma', '3', '--save-fold', at('w.fold'), '-q']);
    expect(weighted.code).toBe(0);
    const w = gradfit(['fit', '--folds', at('part0.fold'), at('w.fold')]);
    expect(w.code).toBe(2);
    expectOneError(w);
    expect(w.stderr).toContain('--sigma');
  });

  it('a damaged fold file is one clear line, exit 2', () => {
    const good = readFileSync(at('part0.fold'), 'utf8');
    const doc = JSON.parse(good);
    const damaged: Record<string, string> = {
      'cut.fold': good.slice(0, good.length / 2),
      'version.fold': JSON.stringify({ ...doc, version: 99 }),
      'short.fold': JSON.stringify({ ...doc, R: doc.R.slice(1) }),
      'nan.fold': JSON.stringify({ ...doc, R: doc.R.map((v: number, i: number) => (i === 3 ? 'NaN' : v)) }),
      'basis.fold': JSON.stringify({ ...doc, basis: { xm: 0, xs: 3 } }),
      'list.fold': '[1, 2, 3]',
      // Edited: R of zeros, or a count of rows its R does not hold (they would merge as rows
      // that add nothing but degrees of freedom, shrinking the standard errors).
      'zeros.fold': JSON.stringify({ ...doc, R: doc.R.map(() => 0), n: 100 }),
      'more-rows.fold': JSON.stringify({ ...doc, n: doc.n * 2 }),
    };
    for (const [name, text] of Object.entries(damaged)) {
      writeFileSync(at(name), text);
      const r = gradfit(['fit', '--folds', at('part1.fold'), at(name)]);
      expect(r.code, name).toBe(2);
      expectOneError(r);
      expect(r.stderr, name).toContain(`${name}: not a valid gradfit fold file`);
    }
    const missing = gradfit(['fit', '--folds', at('no-such.fold')]);
    expect(missing.code).toBe(2);
    expectOneError(missing);
  });

  it('what cannot go with folds is refused before any work', () => {
    const cases: string[][] = [
      ['fit', at('data.csv'), '--folds', at('part0.fold')],
      ['fit', '--folds', at('part0.fold'), '-x', 'x'],
      ['fit', '--folds', at('part0.fold'), '--model', 'a*x'],
      ['fit', at('data.csv'), '--model', 'a*exp(k*x/10)', '--save-fold', at('no.fold')],
      ['fit', at('data.csv'), '--degree', '2', '--loss', 'huber', '--save-fold', at('no.fold')],
      ['fit', at('data.csv'), '--degree', '2', '--save-fold', at('data.csv')],
    ];
    for (const args of cases) {
      const r = gradfit(args);
      expect(r.code, args.join(' ')).toBe(2);
      expectOneError(r);
    }
    const setting = gradfit(['fit', '--degree', '1'], { input: '1,2\n2,3\n3,5\n', env: { GRADFIT_STREAM_AFTER_ROWS: 'many' } });
    expect(setting.code).toBe(2);
    expectOneError(setting);
    expect(setting.stderr).toContain('GRADFIT_STREAM_AFTER_ROWS');
  });

  it('folds of two long polynomials that differ: still one short line', () => {
    for (const d of ['9', '10']) expect(gradfit(['fit', at('part0.csv'), '--no-header', '--degree', d, '--save-fold', at(`d${d}.fold`), '-q']).code).toBe(0);
    const r = gradfit(['fit', '--folds', at('d9.fold'), at('d10.fold')]);
    expect(r.code).toBe(2);
    expectOneError(r);
  });
});
