/**
 * Test helper: the NIST StRD problems and the seed parabola in test/reference-data, read as
 * plain numeric columns (a deliberately tiny CSV reader: these files are simple and trusted).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference data kept in the repository (test/reference-data; see its README). */
export const DATA_DIR = fileURLToPath(new URL('../reference-data/', import.meta.url));

export interface NistCase {
  name: string;
  kind: 'linear' | 'nonlinear';
  difficulty: string;
  csv: string;
  columns: string[];
  /** The x column(s) and the response, by header name. */
  x: string[];
  y: string;
  model: string;
  params: string[];
  start1?: Record<string, number>;
  start2?: Record<string, number>;
  certified: Record<string, number>;
  certified_sd: Record<string, number>;
  certified_rss: number;
  dof: number;
  n_obs: number;
  degree: number | null;
}

const cases: NistCase[] = JSON.parse(readFileSync(DATA_DIR + 'nist/cases.json', 'utf8')).cases;

/** Every case in cases.json, in its order. */
export function nistCases(): readonly NistCase[] {
  return cases;
}

/** One NIST case by name, as listed in cases.json. */
export function nistCase(name: string): NistCase {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no NIST case ${name} in cases.json`);
  return found;
}

/** Columns of a headed CSV file by header name. */
export function readColumns(path: string): Record<string, Float64Array> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const out: Record<string, Float64Array> = {};
  header.forEach((h, j) => (out[h] = Float64Array.from(rows, (r) => r[j])));
  return out;
}

/** The data of a NIST case, by column name. */
export function nistData(name: string): Record<string, Float64Array> {
  return readColumns(DATA_DIR + 'nist/' + nistCase(name).csv);
}

/** Log relative error: the number of correct significant digits of `estimate` (capped at 15). */
export function lre(estimate: number, certified: number): number {
  if (estimate === certified) return 15;
  const rel = certified === 0 ? Math.abs(estimate) : Math.abs(estimate - certified) / Math.abs(certified);
  return Math.min(15, -Math.log10(rel));
}

/** The column-major m×n design matrix whose columns are the given arrays. */
export function design(columns: ArrayLike<number>[]): { A: Float64Array; m: number; n: number } {
  const m = columns[0].length;
  const n = columns.length;
  const A = new Float64Array(m * n);
  columns.forEach((col, j) => {
    for (let i = 0; i < m; i++) A[i + j * m] = col[i];
  });
  return { A, m, n };
}

/** Columns 1, x, x², …, x^degree (each power by one more multiplication, so it is reproducible bit for bit). */
export function vandermonde(x: ArrayLike<number>, degree: number): { A: Float64Array; m: number; n: number } {
  const cols: Float64Array[] = [Float64Array.from(x as ArrayLike<number>, () => 1)];
  for (let k = 1; k <= degree; k++) cols.push(cols[k - 1].map((v, i) => v * x[i]));
  return design(cols);
}
