/**
 * The library returns the object whose serialisation is the CLI's --json: the same input through
 * `fit`/`fitCsv`/`minimize`/`grad` and through the built CLI (`npm run build` first) gives the
 * same document, apart from what naturally differs (`provenance`, which only the CLI has; and for
 * arrays, how a file was read and what its columns were called).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fit, fitCsv, grad, minimize } from '../../src/index.js';
import { gradfit, json, ROOT } from '../cli/run.js';

/** What JSON.stringify makes of a result: the document a program reads (NaN → null, -0 → 0). */
const asJson = (v: unknown): any => JSON.parse(JSON.stringify(v));

/** The CLI's --json document without provenance (fit and minimize have one, grad none). */
function cli(args: string[]): any {
  const r = gradfit([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = json(r);
  expect('provenance' in doc).toBe(args[0] !== 'grad');
  delete doc.provenance;
  return doc;
}

/** The reading details a file adds to `columns` (absent for arrays). */
const READING = ['delimiter', 'decimal', 'header', 'rowNames', 'where', 'rowsRead', 'xColumn', 'yColumn', 'chose'];
function withoutReading(doc: any): any {
  const out = structuredClone(doc);
  for (const key of READING) delete out.columns[key];
  return out;
}

/** A fixture's columns by header name, as numbers. */
function columnsOf(file: string): Record<string, number[]> {
  const [head, ...rows] = readFileSync(join(ROOT, 'fixtures', file), 'utf8').trim().split(/\r?\n/);
  const names = head.split(',');
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const row of rows) row.split(',').forEach((cell, k) => out[names[k]].push(Number(cell)));
  return out;
}

const fixture = (file: string): string => readFileSync(join(ROOT, 'fixtures', file), 'utf8');

describe('fit over arrays equals fit --json', () => {
  const parabola = columnsOf('parabola.csv');

  it('a polynomial, from number[] and from Float64Array alike', () => {
    const expected = withoutReading(cli(['fit', 'fixtures/parabola.csv', '--degree', '2']));
    const fromArrays = fit({ x: parabola.x, y: parabola.y, degree: 2 });
    expect(asJson(fromArrays)).toEqual(expected);
    const fromTyped = fit({ x: Float64Array.from(parabola.x), y: Float64Array.from(parabola.y), degree: 2 });
    expect(asJson(fromTyped)).toEqual(expected);
    expect(fromArrays.params.c2).toBeCloseTo(expected.params.c2, 12);
  });

  it('a model with a start, constraints, a robust loss and profile intervals', () => {
    const expected = withoutReading(
      cli(['fit', 'fixtures/parabola.csv', '--model', 'a*(x-h)^2+k', '--start', 'a=1,h=0,k=0', '--bounds', 'k=0:', '--loss', 'huber', '--f-scale', '2', '--intervals', 'profile', '--level', '0.9']),
    );
    const r = fit({ x: parabola.x, y: parabola.y, model: 'a*(x-h)^2+k', start: { a: 1, h: 0, k: 0 }, bounds: { k: [0, null] }, loss: 'huber', fScale: 2, intervals: 'profile', level: 0.9 });
    expect(asJson(r)).toEqual(expected);
    expect(r.intervalMethod).toBe('profile');
  });

  it('weights and named data columns (sigma, columns)', () => {
    const s = columnsOf('sensors.csv');
    const expected = cli(['fit', 'fixtures/sensors.csv', '--model', 'a*x1 + b*x2 + c', '-y', 'y', '--sigma', 'sigma']);
    const r = asJson(fit({ y: s.y, sigma: s.sigma, columns: { x1: s.x1, x2: s.x2 }, model: 'a*x1 + b*x2 + c' }));
    // Everything but the columns' names and reading details (x is the first model column there and here).
    expect({ ...r, columns: undefined }).toEqual({ ...expected, columns: undefined });
    expect(r.columns).toEqual({ x: 'x1', y: 'y', sigma: 'sigma', data: ['x1', 'x2'] });
  });

  it("degree: 'auto' and fix", () => {
    expect(asJson(fit({ x: parabola.x, y: parabola.y, degree: 'auto', maxDegree: 5 }))).toEqual(withoutReading(cli(['fit', 'fixtures/parabola.csv', '--degree', 'auto:5'])));
    expect(asJson(fit({ x: parabola.x, y: parabola.y, model: 'a*x^2+b*x+c', fix: { b: 0 } }))).toEqual(withoutReading(cli(['fit', 'fixtures/parabola.csv', '--model', 'a*x^2+b*x+c', '--fix', 'b=0'])));
  });
});

describe('fitCsv equals fit FILE --json', () => {
  it('the decay fixture, columns by name', async () => {
    const expected = cli(['fit', 'fixtures/decay.csv', '--model', 'a*exp(-k*t)+c', '-x', 't', '-y', 'counts', '--start', 'a=10,k=0.1,c=0']);
    const r = await fitCsv({ csv: fixture('decay.csv'), name: 'fixtures/decay.csv', model: 'a*exp(-k*t)+c', x: 't', y: 'counts', start: { a: 10, k: 0.1, c: 0 } });
    expect(asJson(r)).toEqual(expected);
  });

  it('without a start (the search), from bytes, with skipInvalid', async () => {
    const expected = cli(['fit', 'fixtures/messy.csv', '--degree', '1', '--skip-invalid']);
    const r = await fitCsv({ csv: new TextEncoder().encode(fixture('messy.csv')), name: 'fixtures/messy.csv', degree: 1, skipInvalid: true });
    expect(asJson(r)).toEqual(expected);
    expect(r.skipped).toBeGreaterThan(0);
  });
});

describe('minimize and grad equal their --json', () => {
  it('minimize, local and global', () => {
    expect(asJson(minimize('(1-x)^2 + 100*(y-x^2)^2', { start: { x: -1.2, y: 1 } }))).toEqual(cli(['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--start', 'x=-1.2,y=1']));
    const rastrigin = '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)';
    const r = minimize(rastrigin, { start: { x: 3.3, y: -2.7 }, range: { x: [-5.12, 5.12], y: [-5.12, 5.12] } });
    expect(asJson(r)).toEqual(cli(['minimize', rastrigin, '--start', 'x=3.3,y=-2.7', '--range', 'x=-5.12:5.12,y=-5.12:5.12']));
    expect(r.search?.box).toEqual({ x: [-5.12, 5.12], y: [-5.12, 5.12] });
  });

  it('minimize with gd, a learning rate and a tolerance', () => {
    expect(asJson(minimize('3*x^2+2*x-1.2', { method: 'gd', start: { x: -0.2934 }, lr: 0.01, tol: 1e-3 }))).toEqual(
      cli(['minimize', '3*x^2+2*x-1.2', '--method', 'gd', '--start', 'x=-0.2934', '--lr', '0.01', '--tol', '1e-3']),
    );
  });

  it('grad', () => {
    const r = grad('w*x+b', { x: 4, w: 2, b: 3 });
    expect(r).toEqual({ command: 'grad', expr: 'w*x+b', value: 11, gradient: { x: 2, w: 4, b: 1 } });
    expect(asJson(r)).toEqual(cli(['grad', 'w*x+b', '--at', 'x=4,w=2,b=3']));
  });
});
