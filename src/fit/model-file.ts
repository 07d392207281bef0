/**
 * The saved model (`fit --save FILE`, read by `predict`): a small versioned JSON document,
 * written atomically (a temporary file in the same folder, then a rename), never over the data.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { FitResult } from './result.js';

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
}

export function savedModel(result: FitResult, identifiers: readonly string[]): SavedModel {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    model: result.model,
    params: result.params,
    stderr: result.stderr,
    inputs: identifiers.map((identifier, k) => ({ identifier, column: result.columns.data[k]! })),
    response: result.columns.y,
    stats: result.stats,
  };
}

/** True when `a` and `b` are the same file on disk (hard links and symbolic links included). */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Refuse, before any work, to write an output over one of the inputs. */
export function guardOutput(path: string, inputs: readonly string[], flag: string): void {
  for (const input of inputs) {
    if (sameFile(path, input)) throw new InputError(`${flag} ${path} would overwrite the input ${input}; choose another file name`);
  }
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${flag} ${path} is a directory; give a file name`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
}

/** Write text to `path` atomically: readers see the old file or the whole new one, never a part. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${path}: ${code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}

export function readModelFile(path: string): SavedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `no such model file: ${path}` : code === 'EISDIR' ? `${path} is a directory, not a model file` : `cannot read ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is not JSON; a model file is made by gradfit fit ... --save model.json`);
  }
  const m = doc as Partial<SavedModel> | null;
  if (!m || typeof m !== 'object' || m.format !== MODEL_FORMAT) {
    throw new InputError(`${path} is not a gradfit model file; one is made by gradfit fit ... --save model.json`);
  }
  if (m.version !== MODEL_VERSION) {
    throw new InputError(`${path} is a version ${m.version} model file; this gradfit reads version ${MODEL_VERSION}`);
  }
  const ok =
    typeof m.model === 'string' &&
    m.params && typeof m.params === 'object' &&
    Object.values(m.params).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    Array.isArray(m.inputs) &&
    m.inputs.every((i) => i && typeof i.identifier === 'string' && typeof i.column === 'string') &&
    typeof m.response === 'string';
  if (!ok) throw new InputError(`${path} is a damaged gradfit model file (a field is missing or not a number); save it again`);
  return m as SavedModel;
}
