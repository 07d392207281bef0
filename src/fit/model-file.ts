/**
 * The saved model (`fit --save FILE`, read by `predict`): a small versioned JSON document,
 * written by the CLI (src/cli/files.ts: atomically, never over the data) and checked here when read.
 */
import { InputError } from '../errors.js';
import type { FitResult } from './result.js';
import { shownName } from '../names.js';
import { covarianceProblem } from './covariance-check.js';

export const MODEL_FORMAT = 'gradfit-model';
export const MODEL_VERSION = 1;

export interface SavedModel {
  format: typeof MODEL_FORMAT;
  version: number;
  model: string;
  params: Record<string, number>;
  stderr: Record<string, number | null>;
  /** The model's data identifiers and the CSV columns they were read from (`x` → the -x column). */
  inputs: { identifier: string; column: string }[];
  /** The response column's name, used as the output header. */
  response: string;
  stats: FitResult['stats'];
  /**
   * What confidence and prediction bands need (absent in files saved before them): the
   * parameters' covariance by rows in the order of `params`, the residual degrees of freedom,
   * s² = RSS/dof (the reduced χ² with --sigma), and whether the fit was weighted by --sigma.
   */
  uncertainty?: { covariance: number[][]; dof: number; s2: number; weighted: boolean };
}

export function savedModel(result: FitResult, identifiers: readonly string[], covariance: number[][] | null): SavedModel {
  const s2 = result.stats.chi2red;
  const model: SavedModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    model: result.model,
    params: result.params,
    stderr: result.stderr,
    inputs: identifiers.map((identifier, k) => ({ identifier, column: result.columns.data[k] })),
    response: result.columns.y,
    stats: result.stats,
  };
  if (covariance && s2 !== null && result.stats.dof > 0) model.uncertainty = { covariance, dof: result.stats.dof, s2, weighted: result.columns.sigma !== null };
  return model;
}

/** Longest model expression a model file may hold (gradfit writes expressions from a command line). */
export const MAX_MODEL_CHARS = 128 * 1024;

/** Most inputs or parameters a model file may name. */
export const MAX_MODEL_NAMES = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An input may also be a column by position, `$1`, `$2`, ... (params may not). */
const INPUT = /^(?:[A-Za-z_][A-Za-z0-9_]*|\$[1-9][0-9]*)$/;

/**
 * The saved model in `text` (read from `path`, at most MAX_JSON_BYTES by the caller), checked
 * field by field: anything a damaged or hand-edited file could get wrong is an InputError that
 * says what, never an internal error later.
 */
export function parseModelFile(text: string, path: string): SavedModel {
  const where = shownName(path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(`${where} is not JSON; a model file is made by gradfit fit ... --save model.json`);
  }
  const m = doc as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m) || m.format !== MODEL_FORMAT) {
    throw new InputError(`${where} is not a gradfit model file; one is made by gradfit fit ... --save model.json`);
  }
  if (m.version !== MODEL_VERSION) {
    const found = typeof m.version === 'number' ? `version ${m.version}` : m.version === undefined ? 'no version' : `version ${shownName(JSON.stringify(m.version), 20)}`;
    throw new InputError(`${where} has ${found}; this gradfit reads model files of version ${MODEL_VERSION} only (save the model again with this gradfit)`);
  }
  const damaged = (what: string): InputError => new InputError(`${where} is a damaged gradfit model file: ${what}; save it again`);
  if (typeof m.model !== 'string' || m.model.trim() === '') throw damaged('"model" is not an expression');
  if (m.model.length > MAX_MODEL_CHARS) throw damaged(`"model" is longer than ${MAX_MODEL_CHARS / 1024}K characters`);
  if (typeof m.response !== 'string') throw damaged('"response" is not a column name');
  const params = namedNumbers(m.params, 'params', damaged, false) as Record<string, number>;
  const stderr = m.stderr === undefined ? Object.create(null) : namedNumbers(m.stderr, 'stderr', damaged, true);
  if (!Array.isArray(m.inputs) || m.inputs.length > MAX_MODEL_NAMES) throw damaged('"inputs" is not a list of inputs');
  const inputs: SavedModel['inputs'] = [];
  const identifiers = new Set<string>();
  for (const item of m.inputs as unknown[]) {
    const i = item as Record<string, unknown> | null;
    if (!i || typeof i !== 'object' || typeof i.identifier !== 'string' || typeof i.column !== 'string') {
      throw damaged('an input has no "identifier" or "column"');
    }
    if (!INPUT.test(i.identifier)) throw damaged(`the input '${shownName(i.identifier)}' is not a name`);
    if (identifiers.has(i.identifier)) throw damaged(`the input '${i.identifier}' is listed twice`);
    if (Object.hasOwn(params, i.identifier)) throw damaged(`'${i.identifier}' is both an input and a parameter`);
    identifiers.add(i.identifier);
    inputs.push({ identifier: i.identifier, column: i.column });
  }
  const stats = (m.stats && typeof m.stats === 'object' ? m.stats : {}) as FitResult['stats'];
  const saved: SavedModel = { format: MODEL_FORMAT, version: MODEL_VERSION, model: m.model, params, stderr, inputs, response: m.response, stats };
  if (m.uncertainty !== undefined) saved.uncertainty = uncertaintyOf(m.uncertainty, Object.keys(params), damaged);
  return saved;
}

/**
 * The "uncertainty" block, checked: a p×p matrix of finite numbers that can be a covariance
 * (symmetric, positive semi-definite, up to rounding), dof a whole number ≥ 1, s² ≥ 0.
 */
function uncertaintyOf(value: unknown, names: readonly string[], damaged: (what: string) => InputError): NonNullable<SavedModel['uncertainty']> {
  const p = names.length;
  const u = value as Record<string, unknown> | null;
  if (!u || typeof u !== 'object' || Array.isArray(u)) throw damaged('"uncertainty" is not an object');
  const cov = u.covariance;
  if (!Array.isArray(cov) || cov.length !== p || !cov.every((row) => Array.isArray(row) && row.length === p && row.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw damaged(`"uncertainty.covariance" is not a ${p}×${p} matrix of numbers`);
  }
  const problem = covarianceProblem(cov as number[][], names.map((name) => shownName(name)));
  if (problem !== null) throw damaged(`"uncertainty.covariance" is not a covariance: ${problem}`);
  if (typeof u.dof !== 'number' || !Number.isInteger(u.dof) || u.dof < 1) throw damaged('"uncertainty.dof" is not a whole number of 1 or more');
  if (typeof u.s2 !== 'number' || !Number.isFinite(u.s2) || u.s2 < 0) throw damaged('"uncertainty.s2" is not a number of 0 or more');
  if (typeof u.weighted !== 'boolean') throw damaged('"uncertainty.weighted" is not true or false');
  return { covariance: cov as number[][], dof: u.dof, s2: u.s2, weighted: u.weighted };
}

/** A JSON object of name → finite number (or null where `nulls`), as a null-prototype record. */
function namedNumbers(value: unknown, field: string, damaged: (what: string) => InputError, nulls: boolean): Record<string, number | null> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw damaged(`"${field}" is not an object of numbers`);
  const out: Record<string, number | null> = Object.create(null);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_MODEL_NAMES) throw damaged(`"${field}" has more than ${MAX_MODEL_NAMES} names`);
  for (const [name, v] of entries) {
    if (!NAME.test(name)) throw damaged(`"${field}" has '${shownName(name)}', which is not a name`);
    if (!((typeof v === 'number' && Number.isFinite(v)) || (nulls && v === null))) throw damaged(`"${field}.${name}" is not a number`);
    out[name] = v as number | null;
  }
  return out;
}
