/** --bounds and --fix, checked against the model and the start, and their fields in the result. */
import type { Kernel } from '../expr/index.js';
import { build, replaceIdents } from '../expr/index.js';
import { InputError, option } from '../errors.js';
import type { Dataset } from './dataset.js';
import { classify, type ModelSpec } from './model.js';
import { constrains, onBound, type Box } from './bounds.js';
import { downWeighted } from './loss.js';
import type { SolveOutcome } from './outcome.js';
import type { FitResult } from './result.js';
import type { FitSettings } from './settings.js';

/** --bounds and --fix, checked against the model and the start. */
export interface Constraints {
  fixed: Map<string, number>;
  /** Bounds over the parameters that are not fixed (spec order), or undefined when none is given. */
  box: Box | undefined;
  /** The bounds as given, by name. */
  bounds: Map<string, readonly [number, number]>;
}

export function constraintsOf(spec: ModelSpec, data: Dataset, settings: FitSettings): Constraints {
  const list = spec.params.join(', ');
  const bounds = new Map(settings.bounds ?? []);
  const fixed = new Map(settings.fix ?? []);
  for (const [flag, names] of [[option('bounds'), bounds.keys()], [option('fix'), fixed.keys()]] as const) {
    for (const name of names) {
      if (!spec.params.includes(name)) throw new InputError(`${flag} names '${name}', which is not a parameter of the model (its parameters are: ${list})`);
    }
  }
  for (const [name, [lo, hi]] of bounds) {
    if (!(lo < hi)) throw new InputError(`${option('bounds')} gives ${name} the bounds ${lo}:${hi}; the lower bound must be below the upper one`);
  }
  if (fixed.size > 0 && fixed.size === spec.params.length) {
    throw new InputError(`${option('fix')} holds every parameter of the model (${list}): nothing is left to fit; leave at least one free`);
  }
  for (const [name, v] of fixed) {
    if (settings.start.has(name)) throw new InputError(`${option('start')} gives '${name}', which ${option('fix')} holds at ${v}; give it in one of them`);
    const b = bounds.get(name);
    if (b && !(v >= b[0] && v <= b[1])) throw new InputError(`${option('fix')} holds ${name} at ${v}, outside its ${option('bounds')} ${b[0]}:${b[1]}`);
  }
  for (const [name, v] of settings.start) {
    const b = bounds.get(name);
    if (b && !(v >= b[0] && v <= b[1])) throw new InputError(`${option('start')} gives ${name}=${v}, outside its ${option('bounds')} ${b[0]}:${b[1]}; start inside the bounds`);
  }
  if (settings.absoluteSigma && !data.w) throw new InputError(`${option('absoluteSigma')} needs ${option('sigma')}: it says that the sigma column holds absolute standard deviations`);
  if (settings.fScale !== undefined && !(settings.fScale > 0 && Number.isFinite(settings.fScale))) throw new InputError(`${option('fScale')} must be a positive number, got ${settings.fScale}`);
  const free = spec.params.filter((name) => !fixed.has(name));
  const box = bounds.size > 0 ? { lo: Float64Array.from(free, (name) => bounds.get(name)?.[0] ?? -Infinity), hi: Float64Array.from(free, (name) => bounds.get(name)?.[1] ?? Infinity) } : undefined;
  return { fixed, box: constrains(box) ? box : undefined, bounds };
}

/** The model with the fixed parameters replaced by their values. */
export function fixedSpec(spec: ModelSpec, fixed: ReadonlyMap<string, number>): ModelSpec {
  // Classified anew: a polynomial with a coefficient held is no longer one, but still linear.
  const held = replaceIdents(spec.ast, (node) => (fixed.has(node.name) ? { ...build.num(fixed.get(node.name) ?? NaN), span: node.span } : node));
  return classify(held, spec.text, spec.params.filter((name) => !fixed.has(name)), spec.data);
}

/** The JSON fields and notes of --fix, --bounds, --loss and --absolute-sigma. */
export function describeConstraints(
  result: FitResult,
  full: ModelSpec,
  spec: ModelSpec,
  c: Constraints,
  outcome: SolveOutcome,
  settings: FitSettings,
  kernel: Kernel,
  data: Dataset,
  scale: number,
): void {
  if (c.fixed.size > 0) result.fixed = full.params.filter((name) => c.fixed.has(name));
  if (c.bounds.size > 0) {
    const bounds: Record<string, [number | null, number | null]> = Object.create(null);
    for (const name of full.params) {
      const b = c.bounds.get(name);
      if (b) bounds[name] = [Number.isFinite(b[0]) ? b[0] : null, Number.isFinite(b[1]) ? b[1] : null];
    }
    result.bounds = bounds;
    const sides = onBound(outcome.params, c.box);
    const atBound: Record<string, 'lower' | 'upper'> = Object.create(null);
    spec.params.forEach((name, k) => {
      if (sides[k]) atBound[name] = sides[k];
    });
    result.atBound = atBound;
    const names = Object.keys(atBound);
    if (names.length > 0) {
      const notes: Record<string, string> = Object.create(null);
      for (const name of names) {
        notes[name] = `${name} ends on its ${atBound[name]} bound: its standard error is that of an unconstrained fit at the bound, and says nothing of the side the bound cuts off`;
      }
      result.stderrNotes = notes;
    }
  }
  const loss = settings.loss ?? 'linear';
  if (settings.loss !== undefined || settings.fScale !== undefined) {
    result.loss = loss;
    result.fScale = settings.fScale ?? 1;
    result.downWeighted = loss === 'linear' ? 0 : downWeighted(kernel, outcome.params, data, (settings.fScale ?? 1) / scale);
    if (outcome.cost !== undefined) result.cost = (outcome.cost * scale * scale) / 2;
  }
  if (settings.absoluteSigma) result.absoluteSigma = true;
}

/** The covariance of the free parameters `free`, widened to `all` with zeros for the fixed ones. */
export function fullCovariance(cov: number[][], all: readonly string[], free: readonly string[]): number[][] {
  const at = all.map((name) => free.indexOf(name));
  return at.map((i) => at.map((j) => (i >= 0 && j >= 0 ? cov[i][j] : 0)));
}
