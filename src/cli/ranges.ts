/** --range NAME=LO:HI,... (repeatable): a box by variable name, for minimize --global. */
import { InputError } from '../errors.js';
import { parseNumber } from './args.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Joined --range flags → Map name → [lo, hi]; each LO must be below its HI, each name given once. */
export function parseRanges(list: readonly string[] | undefined, flag = '--range', openSides = false): Map<string, [number, number]> {
  // With openSides (--bounds), a side may be empty or inf/-inf: no bound there.
  const side = (text: string, what: string, open: number): number => {
    const t = text.trim().toLowerCase();
    if (openSides && t === '') return open;
    if (openSides && /^[+-]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    return parseNumber(text, what);
  };
  const out = new Map<string, [number, number]>();
  for (const text of list ?? []) {
    const items = text.split(',').map((s) => s.trim());
    if (items.every((s) => s === '')) throw new InputError(`${flag} needs NAME=LO:HI pairs, e.g. ${flag} x=-5:5,y=0:10`);
    for (const item of items) {
      if (item === '') continue;
      const eq = item.indexOf('=');
      if (eq < 0) throw new InputError(`${flag} expects NAME=LO:HI, got '${item}' (e.g. ${flag} x=-5:5)`);
      const name = item.slice(0, eq).trim();
      const bounds = item.slice(eq + 1);
      if (!NAME.test(name)) throw new InputError(`${flag}: '${name}' is not a valid name (letters, digits and _, not starting with a digit)`);
      const colon = bounds.indexOf(':');
      if (colon < 0) throw new InputError(`${flag} ${name} expects LO:HI, got '${bounds.trim()}' (e.g. ${flag} ${name}=-5:5)`);
      const lo = side(bounds.slice(0, colon), `${flag} ${name} LO`, -Infinity);
      const hi = side(bounds.slice(colon + 1), `${flag} ${name} HI`, Infinity);
      if (!(lo < hi)) throw new InputError(`${flag} ${name}=${bounds.trim()}: LO must be below HI`);
      if (out.has(name)) throw new InputError(`${flag} gives '${name}' twice`);
      out.set(name, [lo, hi]);
    }
  }
  return out;
}
