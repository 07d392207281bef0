/**
 * The fold file (`fit --save-fold FILE`, read by `fit --folds FILE...`): a small, versioned,
 * self-describing JSON document holding a part's fold (fold.ts) with what it is a fold of — the
 * model, its parameters, the basis, the columns read, --sigma and --where — so that folds of
 * different fits are refused on merging. Numbers are JSON numbers, which JavaScript writes in
 * shortest round-trip form: each reads back as the very same double.
 */
import { InputError } from '../errors.js';
import { shownName } from '../names.js';
import type { FitFold, FoldModel } from './fold.js';

export const FOLD_FORMAT = 'gradfit-fold';
export const FOLD_VERSION = 1;

/** The columns a fold was read from (null for a part with no rows and no header). */
export interface FoldColumns {
  x: string;
  y: string;
  sigma: string | null;
  where: string | null;
  data: string[];
}

/** A fold with what it is a fold of. */
export interface FoldFile {
  fold: FitFold;
  columns: FoldColumns | null;
  weighted: boolean;
  skipped: number;
  rowsRead: number;
  /** Where the part's rows came from (a path or <stdin>), for information. */
  source: string;
  /**
   * The ids of the parts whose rows it holds: one, made when a part's fold is written; a merged
   * fold lists its inputs' (empty in a file of an earlier gradfit, which wrote none). Two folds
   * given to one merge that share an id (a copy, or a merged fold beside one of its parts) would
   * count those rows twice.
   */
  parts: string[];
}

/** A new part's id: 128 random bits in hex (V8's generator, seeded at random for each process). */
export function newPartId(): string {
  let id = '';
  for (let k = 0; k < 4; k++) id += Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0');
  return id;
}

/** The document written by --save-fold. */
export function foldDocument(f: FoldFile): Record<string, unknown> {
  const { fold } = f;
  const q = fold.model.params.length + 1;
  const R: number[] = [];
  for (let j = 0; j < q; j++) for (let i = 0; i <= j; i++) R.push(fold.R[i + j * q]);
  return {
    format: FOLD_FORMAT,
    version: FOLD_VERSION,
    model: { text: fold.model.text, params: fold.model.params, data: fold.model.data, degree: fold.model.degree, order: fold.model.order },
    columns: f.columns,
    weighted: f.weighted,
    source: f.source,
    parts: f.parts,
    n: fold.n,
    skipped: f.skipped,
    rowsRead: f.rowsRead,
    basis: fold.basis,
    x: fold.x,
    sumLogW: fold.sumLogW,
    R,
    mean: [fold.mean[0], fold.mean[2], fold.mean[3]],
    note: 'R: the upper triangle, column by column, of the factor of [J | r] at parameters 0 (J in the basis z = (x - basis.xm)/basis.xs for a polynomial); mean: that of [w | w*y]',
  };
}

/** Most parameters a fold file may hold. */
const MAX_PARAMS = 1000;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATA_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|\$[1-9][0-9]*)$/;
const PART_ID = /^[0-9a-f]{32}$/;

/** The fold in `text` (read from `path`), checked field by field: anything wrong is one InputError line. */
export function parseFoldFile(text: string, path: string): FoldFile {
  const where = `--folds ${shownName(path)}`;
  const bad = (what: string): never => {
    throw new InputError(`${where}: not a valid gradfit fold file: ${what}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return bad(`it is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return bad('it is not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== FOLD_FORMAT) return bad(`its "format" is not "${FOLD_FORMAT}"`);
  if (d.version !== FOLD_VERSION) {
    return bad(`version ${JSON.stringify(d.version)}; this gradfit reads version ${FOLD_VERSION} (write the folds again with this version)`);
  }
  const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const count = (v: unknown, name: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad(`"${name}" must be a whole number ≥ 0`));
  const m = d.model as Record<string, unknown> | null;
  if (typeof m !== 'object' || m === null) return bad('"model" is missing');
  if (typeof m.text !== 'string' || m.text.length > 128 * 1024) return bad('"model.text" must be a string');
  const strings = (v: unknown, name: string, pattern: RegExp): string[] => {
    if (!Array.isArray(v) || v.length > MAX_PARAMS || !v.every((s) => typeof s === 'string' && pattern.test(s))) return bad(`"${name}" must be a list of names`);
    return v as string[];
  };
  const params = strings(m.params, 'model.params', NAME);
  if (params.length === 0) return bad('"model.params" is empty');
  const data = strings(m.data, 'model.data', DATA_NAME);
  const P = params.length;
  const degree = m.degree === null ? null : typeof m.degree === 'number' && Number.isInteger(m.degree) && m.degree === P - 1 ? m.degree : bad('"model.degree" must be null or the number of parameters less one');
  let order: number[] | null = null;
  if (m.order !== null) {
    const o = m.order;
    if (!Array.isArray(o) || o.length !== P || !o.every((k) => Number.isInteger(k) && k >= 0 && k < P) || new Set(o).size !== P) return bad('"model.order" must be null or an order of the parameters');
    order = o as number[];
  }
  if (degree !== null && order === null) return bad('a polynomial fold needs "model.order"');
  const model: FoldModel = { text: m.text, params, data, degree, order };
  const n = count(d.n, 'n');
  const q = P + 1;
  const packed = d.R;
  if (!Array.isArray(packed) || packed.length !== (q * (q + 1)) / 2 || !packed.every(isFiniteNumber)) return bad(`"R" must hold ${(q * (q + 1)) / 2} finite numbers`);
  const R = new Float64Array(q * q);
  let t = 0;
  for (let j = 0; j < q; j++) for (let i = 0; i <= j; i++) R[i + j * q] = packed[t++] as number;
  if (!isFiniteNumber(d.sumLogW)) return bad('"sumLogW" must be a finite number');
  // A polynomial's first column is its constant term's, 1 (or w) on every row: the square of
  // R's first entry is n (Σw², which is at least n·exp(Σlog w²/n)). A fold whose R does not hold
  // its n rows (edited, or cut short) would merge as rows that add nothing but degrees of freedom.
  if (order !== null) {
    const ones = R[0] * R[0];
    const least = d.weighted === true ? n * Math.exp(d.sumLogW / Math.max(n, 1)) : n;
    const fits = d.weighted === true ? ones >= least * (1 - 1e-9) : Math.abs(ones - n) <= 1e-9 * Math.max(n, 1);
    if (!fits) return bad(`"R" does not hold its ${n} rows (its constant column's sum of squares is ${ones}, not ${d.weighted === true ? `at least ${least}` : n}): the file was changed after gradfit wrote it`);
  }
  const mean = d.mean;
  if (!Array.isArray(mean) || mean.length !== 3 || !mean.every(isFiniteNumber)) return bad('"mean" must hold 3 finite numbers');
  let basis: FitFold['basis'] = null;
  let x: FitFold['x'] = null;
  if (order !== null && n > 0) {
    const b = d.basis as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null || !isFiniteNumber(b.xm) || !isFiniteNumber(b.xs) || !(b.xs > 0) || 2 ** Math.round(Math.log2(b.xs)) !== b.xs) {
      return bad('"basis" must be {"xm": number, "xs": a power of two}');
    }
    basis = { xm: b.xm, xs: b.xs };
    const r = d.x as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null || !isFiniteNumber(r.min) || !isFiniteNumber(r.max) || !isFiniteNumber(r.absMax) || !(r.min <= r.max)) {
      return bad('"x" must be {"min", "max", "absMax"} with min ≤ max');
    }
    x = { min: r.min, max: r.max, absMax: r.absMax };
  }
  let columns: FoldColumns | null = null;
  if (d.columns !== null) {
    const c = d.columns as Record<string, unknown>;
    const optional = (v: unknown) => v === null || typeof v === 'string';
    if (typeof c !== 'object' || typeof c.x !== 'string' || typeof c.y !== 'string' || !optional(c.sigma) || !optional(c.where) || !Array.isArray(c.data) || !c.data.every((s) => typeof s === 'string')) {
      return bad('"columns" must be null or {"x", "y", "sigma", "where", "data"}');
    }
    columns = { x: c.x, y: c.y, sigma: c.sigma as string | null, where: c.where as string | null, data: c.data as string[] };
  }
  if (typeof d.weighted !== 'boolean') return bad('"weighted" must be true or false');
  const parts = d.parts ?? [];
  if (!Array.isArray(parts) || !parts.every((id) => typeof id === 'string' && PART_ID.test(id))) return bad('"parts" must be a list of part ids (32 hex digits)');
  return {
    fold: { model, basis, R, mean: Float64Array.of(mean[0] as number, 0, mean[1] as number, mean[2] as number), n, sumLogW: d.sumLogW, x },
    columns,
    weighted: d.weighted,
    skipped: count(d.skipped, 'skipped'),
    rowsRead: count(d.rowsRead, 'rowsRead'),
    source: typeof d.source === 'string' ? d.source : '',
    parts: parts as string[],
  };
}

/**
 * Refuse folds that hold the same part twice (by the ids their files list): a copy of a fold
 * file, or a merged fold given beside one of the parts it holds.
 */
export function checkDistinctParts(files: readonly { path: string; file: FoldFile }[]): void {
  const seen = new Map<string, string>();
  for (const { path, file } of files) {
    for (const id of new Set(file.parts)) {
      const other = seen.get(id);
      if (other !== undefined) {
        throw new InputError(
          `--folds ${shownName(other)} and ${shownName(path)} hold the same part's rows (part ${id.slice(0, 8)}…: one is a copy of the other, or a merged fold that holds it), which would count twice; give each part once`,
        );
      }
      seen.set(id, path);
    }
  }
}

/**
 * Refuse, with one line naming both files, folds that are not of the same fit: another model,
 * other parameters, other columns, --sigma in one and not the other, another --where.
 */
export function checkSameFit(files: readonly { path: string; file: FoldFile }[]): void {
  const first = files[0];
  if (first === undefined) return;
  const a = first.file;
  for (const { path, file: b } of files.slice(1)) {
    const differ = (what: string, x: unknown, y: unknown): never => {
      throw new InputError(
        `--folds ${shownName(first.path)} and ${shownName(path)} are folds of different fits: ${what} ${clip(x)} in one, ${clip(y)} in the other; merge only folds written with the same model and columns`,
      );
    };
    const ma = a.fold.model;
    const mb = b.fold.model;
    if (ma.text !== mb.text) differ('the model is', ma.text, mb.text);
    if (ma.params.join(',') !== mb.params.join(',')) differ('the parameters are', ma.params, mb.params);
    if (ma.data.join(',') !== mb.data.join(',')) differ('the data columns are', ma.data, mb.data);
    if (ma.degree !== mb.degree || JSON.stringify(ma.order) !== JSON.stringify(mb.order)) differ('the polynomial terms are', ma.order, mb.order);
    if (a.weighted !== b.weighted) differ('--sigma weighting is', a.weighted, b.weighted);
    if (a.columns && b.columns) {
      for (const key of ['x', 'y', 'sigma', 'where'] as const) {
        if (a.columns[key] !== b.columns[key]) differ(`the ${key === 'where' ? '--where condition' : `${key} column`} is`, a.columns[key], b.columns[key]);
      }
      if (a.columns.data.join('\u0000') !== b.columns.data.join('\u0000')) differ('the columns the model reads are', a.columns.data, b.columns.data);
    }
  }
}

/** A value for a one-line message: its JSON, cut to 40 characters. */
function clip(v: unknown): string {
  const text = shownName(JSON.stringify(v) ?? String(v));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
