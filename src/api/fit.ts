/**
 * The library's fit: `fit` over arrays (synchronous, as scipy's curve_fit) and `fitCsv` over CSV
 * text, both returning the FitResult that `gradfit fit --json` prints. The CLI runs its fits
 * through `prepareFit` and `runFit` below, so the object the library returns and the one the CLI
 * serialises are made by the same code. Nothing here writes to stdout or stderr or exits.
 */
import { loadFitData, type Dataset, type LoadedFit } from '../fit/dataset.js';
import { fitDataset, FIT_METHODS, type FitMethod, type FitRun, type FitSettings } from '../fit/fit.js';
import { classifyModel, parseModel, polynomialSpec, type ModelSpec, type ParsedModel } from '../fit/model.js';
import { AUTO_MAX_DEGREE, autoMaxDegree, selectDegree, type AutoDegree } from '../fit/selection.js';
import { LOSSES, lossNamed, type LossName } from '../fit/loss.js';
import type { FitResult } from '../fit/result.js';
import { normalizeDelimiter, type ReadOptions, type Source } from '../data/index.js';
import { DataError } from '../data/errors.js';
import type { StepInfo } from '../optim/index.js';
import { OptimisationError } from './errors.js';
import { finiteNumber, integerIn, positiveNumber, nonNegativeNumber, numberRecord, optionError } from './check.js';

/** A column of numbers: an array, a Float64Array, or any array-like of numbers. */
export type Numbers = ArrayLike<number>;

/** What to fit and how: the options shared by `fit` (arrays) and `fitCsv` (CSV text). */
export interface FitOptions {
  /**
   * The model, any expression in gradfit's syntax, e.g. `"a*exp(-k*x)+c"`: `x` and the names of
   * data columns are data, every other name is a parameter. Give `model` or `degree`.
   */
  model?: string;
  /**
   * A polynomial in x of this degree, parameters `c0..cN` (`ck` multiplies `x^k`); or `'auto'`:
   * the degree 0..`maxDegree` with the lowest AICc (reported in `result.selection`).
   */
  degree?: number | 'auto';
  /** With `degree: 'auto'`: the highest degree to try, 1 to 30 (default 10, fewer on few rows). */
  maxDegree?: number;
  /** `'lm'` (default: Levenberg–Marquardt with the engine's exact Jacobian), `'gd'`, `'momentum'`, `'adam'`, `'lbfgs'`. */
  method?: FitMethod;
  /** Starting values by parameter name; without a start for every parameter gradfit searches for the fit itself. */
  start?: Record<string, number>;
  /** Search for the fit even when `start` gives every parameter (the start is one candidate). */
  global?: boolean;
  /** Box constraints by parameter name: `[lo, hi]`, `null` (or ±Infinity) for an open side. */
  bounds?: Record<string, readonly [number | null, number | null]>;
  /** Parameters held at these values (reported in `params`, with a null standard error). */
  fix?: Record<string, number>;
  /** A robust loss, as scipy's least_squares: `'linear'` (default), `'huber'`, `'soft-l1'` (scipy's `'soft_l1'` too), `'cauchy'`, `'arctan'`. */
  loss?: LossName;
  /** The residual size beyond which a robust loss down-weights (default 1). */
  fScale?: number;
  /** With `sigma`: sigma is absolute, the covariance is not scaled by the reduced χ². */
  absoluteSigma?: boolean;
  /** Confidence level of `result.intervals` (default 0.95). */
  level?: number;
  /** `'wald'` (value ± t·stderr, default) or `'profile'` (profile likelihood, as R's confint for nls). */
  intervals?: 'wald' | 'profile';
  /** Learning rate of `gd`, `momentum`, `adam` (default 0.01). */
  lr?: number;
  /** Iteration cap (default 1000 for `lm`, 10000 for the others). */
  maxSteps?: number;
  /** Stopping tolerance (the gradient norm for the descent methods). */
  tol?: number;
  /** Seed for parameters without a start, with a descent method (seeded normal draws). */
  seed?: number;
  /** Called after every iteration: `step`, the loss `f` (RSS for `lm`), the parameters `x`, `gradNorm`. */
  onStep?: (step: StepInfo) => void;
}

/** `fit`'s data: numbers by column. */
export interface ArrayData {
  /** The independent variable, the model's `x` (needed only when the model uses x). */
  x?: Numbers;
  /** The response. */
  y: Numbers;
  /** Per-row standard deviations: weighted least squares with weights 1/σ². */
  sigma?: Numbers;
  /** Further data columns by name: a model identifier with one of these names is data, not a parameter. */
  columns?: Record<string, Numbers>;
  /** Drop the rows where any value used is not a finite number (counted in `result.skipped`) instead of throwing. */
  skipInvalid?: boolean;
}

/** `fitCsv`'s data: CSV (or tab-, semicolon-, whitespace-separated) text and the column choices. */
export interface CsvData {
  /** The table as text or as UTF-8 bytes. A first row that is not all numbers is a header. */
  csv: string | Uint8Array;
  /** The name the data has in error messages (`name:line:column`), default `<csv>`. */
  name?: string;
  /** The column `x` stands for: a header name or 1-based index (default: the first column the model does not name). */
  x?: string;
  /** The response: a column, or an expression of columns such as `"log(Volume)"` (default: the next free column). */
  y?: string;
  /** Per-row standard deviations: a column or an expression of columns. */
  sigma?: string;
  /** Keep only the rows where this condition of columns holds, e.g. `"Time > 0"`. */
  where?: string;
  /** The field separator: one character, `'tab'` or `'whitespace'` (default: detected). */
  delimiter?: string;
  /** The decimal point: `'.'` (default) or `','`. */
  decimal?: '.' | ',';
  /** `false`: the first row is data, not a header, and no comment line gives names; `true`: it is the header, even numbers (default: detected). */
  header?: boolean;
  /** Drop rows that are not numeric (counted in `result.skipped`) instead of throwing a DataError. */
  skipInvalid?: boolean;
}

/** The fit options checked and turned into the use case's settings, and the model parsed. */
export interface PreparedFit {
  model: ModelSpec | ParsedModel;
  /** `degree: 'auto'`: the request; null otherwise. */
  auto: AutoDegree | null;
  settings: FitSettings;
}

/** Check the options (a bad value is an InputError, an unparsable model an ExprError) and parse the model. */
export function prepareFit(o: FitOptions): PreparedFit {
  if ((o.degree === undefined) === (o.model === undefined)) {
    throw optionError(
      'model',
      o.degree === undefined ? 'say what to fit: a `model` expression (e.g. "a*exp(-k*x)+c") or a polynomial `degree`' : '`degree` and `model` cannot be used together; give one',
    );
  }
  const method = o.method ?? 'lm';
  if (!(FIT_METHODS as readonly string[]).includes(method)) throw optionError('method', `unknown method '${String(method)}'; choose one of: ${FIT_METHODS.join(', ')}`);
  let auto: AutoDegree | null = null;
  let model: ModelSpec | ParsedModel;
  if (o.degree === 'auto') {
    auto = { max: o.maxDegree === undefined ? null : integerIn(o.maxDegree, 'maxDegree', 1, AUTO_MAX_DEGREE) };
    if (method !== 'lm') throw optionError('degree', "`degree: 'auto'` compares exact least-squares fits: use it with the default method (lm)");
    model = polynomialSpec(0);
  } else if (o.degree !== undefined) {
    if (o.maxDegree !== undefined) throw optionError('maxDegree', "`maxDegree` goes with `degree: 'auto'`");
    model = polynomialSpec(integerIn(o.degree, 'degree', 0, 100));
  } else {
    if (typeof o.model !== 'string') throw optionError('model', '`model` must be a string, an expression such as "a*exp(-k*x)+c"');
    model = parseModel(o.model);
  }
  const loss = o.loss === undefined ? undefined : typeof o.loss === 'string' ? lossNamed(o.loss) : null;
  if (o.loss !== undefined && !loss) throw optionError('loss', `unknown loss '${String(o.loss)}'; choose one of: ${LOSSES.join(', ')}`);
  if (o.intervals !== undefined && o.intervals !== 'wald' && o.intervals !== 'profile') throw optionError('intervals', `\`intervals\` must be 'wald' or 'profile', not '${String(o.intervals)}'`);
  const level = o.level === undefined ? 0.95 : finiteNumber(o.level, 'level');
  if (!(level > 0 && level < 1)) throw optionError('level', `\`level\` must be a probability between 0 and 1 (e.g. 0.95), not ${level}`);
  const settings: FitSettings = {
    method,
    start: new Map(Object.entries(numberRecord(o.start, 'start'))),
    global: o.global === true,
    level,
    intervals: o.intervals ?? 'wald',
  };
  if (o.lr !== undefined) settings.lr = positiveNumber(o.lr, 'lr');
  if (o.maxSteps !== undefined) settings.maxSteps = integerIn(o.maxSteps, 'maxSteps', 1, 1e9);
  if (o.tol !== undefined) settings.tol = nonNegativeNumber(o.tol, 'tol');
  if (o.seed !== undefined) settings.seed = integerIn(o.seed, 'seed', 0, 2 ** 32 - 1);
  if (o.bounds !== undefined) settings.bounds = boundsOf(o.bounds);
  if (o.fix !== undefined) settings.fix = new Map(Object.entries(numberRecord(o.fix, 'fix')));
  if (loss) settings.loss = loss;
  if (o.fScale !== undefined) settings.fScale = positiveNumber(o.fScale, 'fScale');
  if (o.absoluteSigma === true) settings.absoluteSigma = true;
  if (o.onStep !== undefined) settings.onStep = o.onStep;
  return { model, auto, settings };
}

function boundsOf(bounds: Record<string, readonly [number | null, number | null]>): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const [name, pair] of Object.entries(bounds)) {
    if (!Array.isArray(pair) || pair.length !== 2) throw optionError('bounds', `\`bounds.${name}\` must be a pair [lo, hi] (null for an open side)`);
    const side = (v: unknown, open: number): number => {
      if (v === null || v === open) return open;
      if (typeof v !== 'number' || Number.isNaN(v)) throw optionError('bounds', `\`bounds.${name}\` must hold numbers or null, not ${String(v)}`);
      return v;
    };
    const lo = side(pair[0], -Infinity);
    const hi = side(pair[1], Infinity);
    if (!(lo < hi)) throw optionError('bounds', `\`bounds.${name}\` is [${lo}, ${hi}]: the lower bound must be below the upper one`);
    out.set(name, [lo, hi]);
  }
  return out;
}

/**
 * The fit itself, for the library and the CLI alike: `degree: 'auto'` picks the degree, then the
 * use case runs. The result's `checks` are empty (the CLI adds its regression checks).
 */
export function runFit(loaded: LoadedFit, prepared: PreparedFit): FitRun {
  const selection = prepared.auto ? selectDegree(loaded.data, autoMaxDegree(prepared.auto, loaded.data.n)) : null;
  if (selection) loaded.spec = polynomialSpec(selection.chosen);
  const run = fitDataset(loaded, prepared.settings);
  if (selection) run.result.selection = selection;
  return run;
}

/** A result whose optimisation failed is thrown (with the result in the error); else returned. */
function settled(result: FitResult): FitResult {
  if (result.failure) throw new OptimisationError(result);
  return result;
}

/**
 * Fit a model to data given as arrays, synchronously.
 *
 * @returns the result that `gradfit fit --json` prints for the same data (without `provenance`,
 *   and without the CSV reading details in `columns`).
 * @throws InputError for bad options, ExprError for a model that does not parse, DataError for
 *   bad data (arrays of different lengths, a value that is not a finite number, a sigma that is
 *   not positive), OptimisationError when the fit failed (its `result` is still there).
 */
export function fit(options: FitOptions & ArrayData): FitResult {
  if (typeof options === 'object' && options !== null && 'csv' in options) throw optionError('csv', 'CSV text is read by fitCsv, which is asynchronous: await fitCsv({ csv, ... })');
  const prepared = prepareFit(options);
  const loaded = arrayData(options, prepared.model);
  return settled(runFit(loaded, prepared).result);
}

/**
 * Fit a model to CSV text, read by the same reader as the command line (header detection,
 * delimiters, quotes, `name:line:column` errors). Asynchronous because that reader is.
 *
 * @returns the result that `gradfit fit FILE --json` prints for the same text (without `provenance`).
 * @throws as `fit` does; a cell that is not a number is a DataError with `position` and
 *   `hint: { kind: 'skip-invalid' }` (the `skipInvalid` option drops such rows).
 */
export async function fitCsv(options: FitOptions & CsvData): Promise<FitResult> {
  const prepared = prepareFit(options);
  const { csv } = options;
  if (typeof csv !== 'string' && !(csv instanceof Uint8Array)) throw optionError('csv', '`csv` must be a string or a Uint8Array of UTF-8 text');
  const source: Source = { kind: 'text', name: options.name ?? '<csv>', bytes: typeof csv === 'string' ? new TextEncoder().encode(csv) : csv };
  const read: Omit<ReadOptions, 'select'> = {
    delimiter: options.delimiter === undefined ? undefined : normalizeDelimiter(options.delimiter),
    decimal: options.decimal ?? '.',
    header: options.header === undefined ? 'auto' : options.header,
    skipInvalid: options.skipInvalid === true,
  };
  if (read.decimal !== '.' && read.decimal !== ',') throw optionError('decimal', `\`decimal\` must be '.' or ',', not '${String(read.decimal)}'`);
  const loaded = await loadFitData(source, read, { x: options.x, y: options.y, sigma: options.sigma, where: options.where }, prepared.model);
  return settled(runFit(loaded, prepared).result);
}

/** The name data given as arrays has in messages ("..., but the data has 2"). */
const ARRAY_SOURCE = 'the data';

/** Arrays to the use case's dataset: every column as long as y, finite, sigma positive. */
function arrayData(o: ArrayData, model: ModelSpec | ParsedModel): LoadedFit {
  const given = o.columns ?? {};
  if (typeof given !== 'object' || given === null) throw optionError('columns', '`columns` must be an object of named arrays');
  for (const name of Object.keys(given)) {
    if (name === 'x' || name === 'y') throw optionError('columns', `\`columns\` holds '${name}': give it as the \`${name}\` option instead`);
  }
  const spec = 'params' in model ? model : classifyModel(model, ['x', ...Object.keys(given)]);
  const positional = spec.data.find((id) => id.startsWith('$'));
  if (positional !== undefined) throw optionError('model', `the model reads ${positional}, a column by its position, which arrays do not have: name it in \`columns\``);
  const usesX = spec.data.includes('x');
  if (usesX && o.x === undefined) throw optionError('x', 'the model uses x: give `x`, an array of numbers as long as `y`');
  const y = column(o.y, 'y');
  const n = y.length;
  const named = (value: unknown, name: string): Float64Array => {
    const c = column(value, name);
    if (c.length !== n) throw new DataError(`\`${name}\` has ${c.length} values but \`y\` has ${n}; give one value per row`);
    return c;
  };
  const dataCols = spec.data.filter((id) => id !== 'x');
  let x = o.x !== undefined ? named(o.x, 'x') : null;
  const cols = new Map<string, Float64Array>();
  for (const id of dataCols) cols.set(id, named(given[id], `columns.${id}`));
  const sigma = o.sigma !== undefined ? named(o.sigma, 'sigma') : null;
  // Every value used must be finite (and every sigma positive); with skipInvalid such rows go.
  const used: [string, Float64Array][] = [['y', y], ...(x ? [['x', x] as [string, Float64Array]] : []), ...[...cols].map(([id, c]): [string, Float64Array] => [`columns.${id}`, c])];
  if (sigma) used.push(['sigma', sigma]);
  const keep = new Uint8Array(n).fill(1);
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    for (const [name, c] of used) {
      if (Number.isFinite(c[i])) continue;
      if (!o.skipInvalid) throw new DataError(`\`${name}[${i}]\` is ${c[i]}: every value must be a finite number`, { hint: { kind: 'skip-invalid' } });
      keep[i] = 0;
    }
    if (keep[i] === 0) skipped++;
  }
  const kept = (c: Float64Array): Float64Array => (skipped === 0 ? c : c.filter((_, i) => keep[i] === 1));
  const rows = n - skipped;
  if (rows === 0) throw new DataError(skipped > 0 ? `no data rows: all ${skipped} rows have a value that is not a finite number` : 'no data rows: `y` is empty');
  let w: Float64Array | null = null;
  if (sigma) {
    const s = kept(sigma);
    w = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      if (!(s[i] > 0)) throw new DataError(`\`sigma\` must be positive, but row ${i} has ${s[i]}`);
      w[i] = 1 / s[i];
    }
  }
  // The x the report uses: `x`, else the first column the model reads, else the row number.
  const firstCol = dataCols[0];
  let xName = 'x';
  if (x === null) {
    if (firstCol !== undefined) {
      x = cols.get(firstCol) ?? null;
      xName = firstCol;
    } else xName = 'row';
  }
  const data: Dataset = {
    source: ARRAY_SOURCE,
    n: rows,
    x: x ? kept(x) : Float64Array.from({ length: rows }, (_, i) => i + 1),
    y: kept(y),
    w,
    cols: spec.data.map((id) => kept(id === 'x' ? (x as Float64Array) : (cols.get(id) as Float64Array))),
    names: { x: xName, y: 'y', sigma: sigma ? 'sigma' : null },
    skipped,
    firstSkipped: null,
  };
  return { spec, data };
}

/** An array-like of numbers as a Float64Array (a copy: the caller's arrays are never changed). */
function column(value: unknown, name: string): Float64Array {
  if (value instanceof Float64Array) return value.slice();
  if (typeof value !== 'object' || value === null || typeof (value as { length?: unknown }).length !== 'number') {
    throw optionError(name, `\`${name}\` must be an array of numbers or a Float64Array`);
  }
  const list = value as ArrayLike<unknown>;
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number') throw new DataError(`\`${name}[${i}]\` is not a number (it is ${v === null ? 'null' : typeof v})`);
    out[i] = v;
  }
  return out;
}
