/** Parsers for flag values: strict numbers and NAME=VALUE lists, with errors that say what to write. */
import { InputError } from '../errors.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A finite number written the usual way ("1e-3", "-2", ".5"); anything else is an InputError. */
export function parseNumber(text: string, what: string): number {
  const t = text.trim();
  const v = NUMBER.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(v)) throw new InputError(`${what} must be a number, got '${text.trim()}'`);
  return v;
}

export function parsePositive(text: string, what: string): number {
  const v = parseNumber(text, what);
  if (!(v > 0)) throw new InputError(`${what} must be greater than 0, got '${text.trim()}'`);
  return v;
}

export function parseNonNegative(text: string, what: string): number {
  const v = parseNumber(text, what);
  if (v < 0) throw new InputError(`${what} must be 0 or more, got '${text.trim()}'`);
  return v;
}

/** A whole number in [min, max]. */
export function parseInteger(text: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = parseNumber(text, what);
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ${min} or more` : `a whole number from ${min} to ${max}`;
    throw new InputError(`${what} must be ${range}, got '${text.trim()}'`);
  }
  return v;
}

/**
 * "x=4,w=2,b=-3" → Map {x→4, w→2, b→-3}. Repeated flags are joined by the caller.
 * Each name must be an identifier and each value a number; a name given twice is an error.
 */
export function parseAssignments(text: string, flag: string): Map<string, number> {
  const out = new Map<string, number>();
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) throw new InputError(`${flag} needs NAME=VALUE pairs, e.g. ${flag} x=1,y=2`);
  for (const item of items) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) throw new InputError(`${flag} expects NAME=VALUE, got '${item}' (e.g. ${flag} x=1,y=2)`);
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    if (!NAME.test(name)) throw new InputError(`${flag}: '${name}' is not a valid name (letters, digits and _, not starting with a digit)`);
    if (out.has(name)) throw new InputError(`${flag} gives '${name}' twice`);
    out.set(name, parseNumber(value, `${flag} ${name}`));
  }
  return out;
}
