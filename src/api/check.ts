/** Checks of the library's option values (JavaScript callers may pass anything): each bad value is an InputError naming the option. */
import { InputError } from '../errors.js';

/** The InputError about `option` (`start.a` is about the option `start`). */
export function optionError(option: string, message: string): InputError {
  return new InputError(message, { option: option.split('.')[0] });
}

export function finiteNumber(v: unknown, option: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw optionError(option, `\`${option}\` must be a finite number, not ${describe(v)}`);
  return v;
}

export function positiveNumber(v: unknown, option: string): number {
  const x = finiteNumber(v, option);
  if (!(x > 0)) throw optionError(option, `\`${option}\` must be positive, not ${x}`);
  return x;
}

export function nonNegativeNumber(v: unknown, option: string): number {
  const x = finiteNumber(v, option);
  if (!(x >= 0)) throw optionError(option, `\`${option}\` must be zero or positive, not ${x}`);
  return x;
}

export function integerIn(v: unknown, option: string, min: number, max: number): number {
  const x = finiteNumber(v, option);
  if (!Number.isInteger(x) || x < min || x > max) throw optionError(option, `\`${option}\` must be a whole number from ${min} to ${max}, not ${x}`);
  return x;
}

/** {name: number} with every value finite (undefined → {}). */
export function numberRecord(v: unknown, option: string): Record<string, number> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw optionError(option, `\`${option}\` must be an object of numbers by name, e.g. { a: 1 }`);
  const out: Record<string, number> = Object.create(null);
  for (const [name, value] of Object.entries(v)) out[name] = finiteNumber(value, `${option}.${name}`);
  return out;
}

function describe(v: unknown): string {
  return typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v === 'string' ? `the string '${v}'` : typeof v;
}
