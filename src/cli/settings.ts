/** Raw commander option values → checked, typed settings. Every bad value is an InputError (exit 2). */
import { baselineStderr, baselineValues, type CheckRequest } from '../checks/checks.js';
import { InputError } from '../errors.js';
import { readSmallFile } from './files.js';
import { shownName } from '../names.js';
import { parseAssignments, parseInteger, parseNonNegative, parseNumber, parsePositive } from './args.js';

export interface RawOptions {
  json?: boolean;
  format?: string;
  quiet?: boolean;
  digits?: string;
  chart?: boolean;
  color?: boolean;
  start?: string[];
  lr?: string;
  maxSteps?: string;
  tol?: string;
  seed?: string;
  strict?: boolean;
  method?: string;
  expect?: string[];
  baseline?: string;
  rtol?: string;
  atol?: string;
  maxRmse?: string;
  minR2?: string;
  sigmaTol?: string;
  junit?: string;
  [key: string]: unknown;
}

export type Format = 'text' | 'json' | 'csv';

export interface OutputSettings {
  format: Format;
  quiet: boolean;
  digits: number;
  chart: boolean;
  /** false when --no-color was given. */
  color: boolean | undefined;
}

/** `digits`: the command's default number of significant digits in text output. */
export function outputSettings(o: RawOptions, digits = 6): OutputSettings {
  if (o.json && o.format && o.format !== 'json') throw new InputError(`--json and --format ${o.format} contradict each other; give one`);
  return {
    format: o.json ? 'json' : ((o.format as Format | undefined) ?? 'text'),
    quiet: Boolean(o.quiet),
    digits: o.digits === undefined ? digits : parseInteger(o.digits, '--digits', 1, 17),
    chart: o.chart !== false,
    color: o.color === false ? false : undefined,
  };
}

export interface OptimiserSettings {
  start: Map<string, number>;
  lr?: number;
  maxSteps?: number;
  tol?: number;
  seed?: number;
  strict: boolean;
}

/** Joined --start flags (each NAME=VALUE,...); a name given twice is an error. */
export function assignments(list: string[] | undefined, flag: string, indexed = false): Map<string, number> {
  const out = new Map<string, number>();
  for (const text of list ?? []) {
    for (const [name, value] of parseAssignments(text, flag, indexed)) {
      if (out.has(name)) throw new InputError(`${flag} gives '${name}' twice`);
      out.set(name, value);
    }
  }
  return out;
}

export function optimiserSettings(o: RawOptions): OptimiserSettings {
  return {
    start: assignments(o.start, '--start'),
    lr: o.lr === undefined ? undefined : parsePositive(o.lr, '--lr'),
    maxSteps: o.maxSteps === undefined ? undefined : parseInteger(o.maxSteps, '--max-steps', 1, 1e9),
    tol: o.tol === undefined ? undefined : parseNonNegative(o.tol, '--tol'),
    seed: o.seed === undefined ? undefined : parseInteger(o.seed, '--seed', 0, 2 ** 32 - 1),
    strict: Boolean(o.strict),
  };
}

/** Methods that take no learning rate: they choose their own steps. */
const OWN_STEP_METHODS: readonly string[] = ['lm', 'lbfgs'];

/** A warning line for stderr when --lr is given to a method that ignores it, else ''. */
export function ignoredLearningRate(method: string, opt: OptimiserSettings): string {
  if (opt.lr === undefined || !OWN_STEP_METHODS.includes(method)) return '';
  return `gradfit: warning: --lr has no effect with --method ${method}, which chooses its own steps (--lr is for gd, momentum and adam)\n`;
}

/** A method name from the command's list, with the list in the error. */
export function methodSetting<M extends string>(value: string | undefined, allowed: readonly M[], fallback: M): M {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`unknown method '${shownName(value)}'; choose one of: ${allowed.join(', ')}`);
  }
  return value as M;
}

export function checkRequest(o: RawOptions, key: 'params' | 'at'): CheckRequest {
  const req: CheckRequest = {
    tolerance: {
      rtol: o.rtol === undefined ? 1e-3 : parseNonNegative(o.rtol, '--rtol'),
      atol: o.atol === undefined ? 0 : parseNonNegative(o.atol, '--atol'),
    },
  };
  req.toleranceGiven = o.rtol !== undefined || o.atol !== undefined;
  if (req.toleranceGiven && o.expect === undefined && o.baseline === undefined) {
    const given = [o.rtol !== undefined ? '--rtol' : null, o.atol !== undefined ? '--atol' : null].filter((f) => f !== null).join(' and ');
    throw new InputError(`${given} ${given.includes(' and ') ? 'are the tolerances' : 'is a tolerance'} of --expect and --baseline, and neither is given: add the check (--expect NAME=VALUE or --baseline FILE.json), or leave out ${given}`);
  }
  if (o.expect) req.expect = assignments(o.expect, '--expect', true);
  if (o.sigmaTol !== undefined) {
    req.sigmaTol = parsePositive(o.sigmaTol, '--sigma-tol');
    if (o.baseline === undefined) throw new InputError('--sigma-tol compares with the standard errors of a --baseline FILE.json; give --baseline too (--expect uses --rtol/--atol)');
  }
  if (o.baseline !== undefined) {
    const doc = readJson(o.baseline, '--baseline');
    const source = shownName(o.baseline);
    req.baseline = { values: baselineValues(doc, source, key), source: o.baseline };
    if (req.sigmaTol !== undefined) req.baseline.stderr = baselineStderr(doc, source);
  }
  if (o.maxRmse !== undefined) req.maxRmse = parseNonNegative(o.maxRmse, '--max-rmse');
  if (o.minR2 !== undefined) req.minR2 = parseNumber(o.minR2, '--min-r2');
  return req;
}

function readJson(path: string, flag: string): unknown {
  const text = readSmallFile(path, flag);
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${flag} ${shownName(path)} is not JSON; make it with gradfit ... --json > ${shownName(path)}`);
  }
}
