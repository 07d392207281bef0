/**
 * Flags that would do nothing in the company they are given in. A flag that clearly cannot apply
 * is refused (exit 2, naming both flags), so that a user never believes it took effect; one that
 * a script may pass to every run alike (`--tol`, `--max-steps`) is a note on stderr instead.
 */
import { InputError } from '../errors.js';
import type { RawOptions } from './settings.js';

/** The fit flags this module looks at. */
export interface FitFlags extends RawOptions {
  degree?: string;
  loss?: string;
  fScale?: string;
  bounds?: string[];
  plot?: boolean;
  global?: boolean;
}

/** The robust losses, by every spelling --loss reads (linear is not one). */
function robust(loss: string | undefined): boolean {
  return loss !== undefined && loss.trim() !== 'linear';
}

/**
 * `--degree N` with the default method and neither --bounds nor a robust loss: a least-squares
 * polynomial, solved exactly in one pass, with no start, no iterations and no random draws.
 */
export function exactPolynomial(o: FitFlags, method: string): boolean {
  return o.degree !== undefined && method === 'lm' && o.bounds === undefined && !robust(o.loss);
}

/** Refuse, before any work, fit flags that cannot apply with the others given. */
export function refuseNoOpFitFlags(o: FitFlags, method: string): void {
  if (o.fScale !== undefined && !robust(o.loss)) {
    throw new InputError(
      `--f-scale sets the residual size beyond which a robust --loss down-weights, and ${o.loss === undefined ? 'the linear loss (the default without --loss)' : '--loss linear'} down-weights nothing: give --loss huber, soft-l1, cauchy or arctan with it, or leave out --f-scale`,
    );
  }
  if (o.seed !== undefined && o.global === true) {
    throw new InputError('--seed draws random starting values in place of the search for a start, and --global asks for that search: give one of them');
  }
  if (exactPolynomial(o, method)) {
    const given = [o.start !== undefined ? '--start' : null, o.seed !== undefined ? '--seed' : null].filter((f) => f !== null);
    if (given.length > 0) {
      throw new InputError(
        `${given.join(' and ')} ${given.length === 1 ? 'sets' : 'set'} where an iterative fit starts, and --degree ${o.degree!.trim()} is solved exactly with no start: leave out ${given.join(' and ')} (${given.length === 1 ? 'it applies' : 'they apply'} with --method gd, adam, ..., --bounds or --loss)`,
      );
    }
  }
}

/**
 * A note on stderr for --plot with --json or --format csv, whose output is all of standard output
 * (a pipeline's `--json | jq` must stay one document): the chart is left out; else ''.
 */
export function unplottedNote(o: FitFlags, format: string): string {
  if (o.plot !== true || format === 'text') return '';
  return `gradfit: note: --plot is not drawn with --format ${format}, whose output is all of standard output; write a picture with --plot-file FILE.svg instead\n`;
}

/** A note on stderr for iteration flags given to an exact polynomial fit, which has no iterations; else ''. */
export function exactPolynomialNote(o: FitFlags, method: string): string {
  if (!exactPolynomial(o, method)) return '';
  const given = [
    o.tol !== undefined ? '--tol' : null,
    o.maxSteps !== undefined ? '--max-steps' : null,
    o.global === true ? '--global' : null,
  ].filter((f) => f !== null);
  if (given.length === 0) return '';
  return `gradfit: note: ${given.join(', ')} ${given.length === 1 ? 'has' : 'have'} no effect with --degree ${o.degree!.trim()}, which is solved exactly in one pass (the global least-squares minimum, no iterations)\n`;
}

/**
 * A note on stderr for the flags of an iterative fit given to a --model that turned out linear in
 * its parameters and was solved exactly (`method` 'linear'); else ''.
 */
export function exactLinearNote(o: FitFlags, method: string): string {
  if (method !== 'linear' || o.degree !== undefined) return '';
  const given = [
    o.start !== undefined ? '--start' : null,
    o.seed !== undefined ? '--seed' : null,
    o.tol !== undefined ? '--tol' : null,
    o.maxSteps !== undefined ? '--max-steps' : null,
    o.global === true ? '--global' : null,
  ].filter((f) => f !== null);
  if (given.length === 0) return '';
  return `gradfit: note: ${given.join(', ')} had no effect: the model is linear in its parameters and was solved exactly in one pass (the global least-squares minimum, no iterations)\n`;
}

/** --seed draws the starting values --start does not give: refused when --start gives them all (`free`: the names that need a start). */
export function refuseIdleSeed(seed: number | undefined, start: ReadonlyMap<string, number>, free: readonly string[], what: string): void {
  if (seed === undefined || free.length === 0 || !free.every((name) => start.has(name))) return;
  throw new InputError(`--seed draws the starting values that --start leaves out, and --start gives every ${what} (${free.join(', ')}): leave out --seed, or leave a ${what} out of --start`);
}
