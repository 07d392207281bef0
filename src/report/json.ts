/** `--json`: exactly one JSON document, numbers at full precision. */
import type { Remedy } from '../optim/index.js';
import { wordRemedies } from './remedies.js';

/**
 * `r` as one JSON document followed by a newline: objects indented by two spaces, arrays of
 * numbers, strings, booleans and nulls on one line (so `history` stays compact). Numbers are
 * written as JavaScript writes them (shortest text that reads back as the same double);
 * NaN and ±Infinity become null, -0 becomes 0; typed arrays become arrays. Fields that are
 * undefined or functions are left out, as JSON.stringify does. A failure's remedies are also
 * worded, as `hint` beside them, in the command line's vocabulary.
 */
export function renderJson(r: object): string {
  return `${serialise(r, '')}\n`;
}

function serialise(value: unknown, indent: string): string {
  const leaf = scalarJson(value);
  if (leaf !== undefined) return leaf;
  const inner = `${indent}  `;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    if (items.length === 0) return '[]';
    const scalars = items.map((item) => scalarJson(item) ?? (isOmitted(item) ? 'null' : undefined));
    if (scalars.every((s) => s !== undefined)) return `[${scalars.join(', ')}]`;
    return `[\n${items.map((item) => inner + (isOmitted(item) ? 'null' : serialise(item, inner))).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(withHint(value as Record<string, unknown>)).filter(([, v]) => !isOmitted(v));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${serialise(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** The JSON text of a number, string, boolean or null; undefined for anything else. */
function scalarJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null';
    case 'bigint':
      return String(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A failure ({step, message, remedies}) with its worded hint before the remedies; anything else as it is. */
function withHint(o: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(o.remedies) || typeof o.message !== 'string' || 'hint' in o) return o;
  const { remedies, ...rest } = o;
  return { ...rest, hint: wordRemedies(remedies as Remedy[]), remedies };
}
