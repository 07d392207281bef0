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
 * `indexed`: a name may also be a parameter of one group, `k[A]` (`fit --group`): the text in
 * brackets is the group's value as written, commas and spaces included, and holds no `]`.
 */
export function parseAssignments(text: string, flag: string, indexed = false): Map<string, number> {
  const out = new Map<string, number>();
  const items = indexed ? splitOutsideBrackets(text) : text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) throw new InputError(`${flag} needs NAME=VALUE pairs, e.g. ${flag} x=1,y=2`);
  for (const item of items) {
    if (item === '') continue;
    const close = indexed ? item.indexOf(']') : -1;
    const eq = item.indexOf('=', close + 1);
    if (eq < 0) throw new InputError(`${flag} expects NAME=VALUE, got '${item}' (e.g. ${flag} x=1,y=2)`);
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    if (!(NAME.test(name) || (indexed && INDEXED.test(name)))) {
      throw new InputError(`${flag}: '${name}' is not a valid name (letters, digits and _, not starting with a digit${indexed ? '; or name[group]' : ''})`);
    }
    if (out.has(name)) throw new InputError(`${flag} gives '${name}' twice`);
    out.set(name, parseNumber(value, `${flag} ${name}`));
  }
  return out;
}

/** A parameter of one group: `k[A]`, `k[B, late]`. */
const INDEXED = /^[A-Za-z_][A-Za-z0-9_]*\[[^\]]*\]$/;

/** The items of a NAME=VALUE list, split at the commas outside `[...]`, trimmed. */
function splitOutsideBrackets(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      items.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  items.push(text.slice(from).trim());
  return items;
}
