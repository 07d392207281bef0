/**
 * The colour decision, made in one place. chalk detects colour support by itself but ignores
 * `NO_COLOR`, so the CLI asks `colorLevel` and gets its styles from `paint`. chalk is loaded only
 * to colour: plain output (a pipe, a file, NO_COLOR), which is every scripted run, never loads it.
 */

/** chalk's levels: 0 none, 1 the 16 basic colours, 2 256 colours, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** The styles the reports use, and the level they colour at: a chalk instance, or PLAIN. */
export interface Paint {
  readonly level: number;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const same = (text: string): string => text;

/** Level 0 without chalk: every style leaves the text as it is, as chalk's do at level 0. */
export const PLAIN: Paint = { level: 0, bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

/** What the decision depends on; the caller passes them in (the report layer reads no globals). */
export interface ColorContext {
  /** Whether the output stream is a terminal. */
  isTTY: boolean;
  /** The environment (NO_COLOR, FORCE_COLOR, TERM, COLORTERM are read). */
  env: Record<string, string | undefined>;
  /** `--color` (true), `--no-color` (false) or neither (undefined). */
  flag?: boolean;
}

/**
 * The colour level for one output stream, by these rules, first match wins:
 * 1. `--no-color` → 0.
 * 2. `--color` → on: FORCE_COLOR's level if it names one above 0, else the terminal's level (at least 1).
 * 3. `FORCE_COLOR` set → `0`/`false` → 0; `1`/`2`/`3` → that level; `''`/`true` → 1; a larger
 *    number → 3. It overrides NO_COLOR, a pipe and TERM=dumb (as Node's own `getColorDepth` does).
 * 4. `NO_COLOR` set and non-empty → 0.
 * 5. not a terminal → 0; `TERM=dumb` → 0.
 * 6. on a terminal: 3 if COLORTERM is `truecolor`/`24bit`, 2 if TERM mentions 256, else 1.
 */
export function colorLevel(o: ColorContext): ColorLevel {
  if (o.flag === false) return 0;
  const forced = forcedLevel(o.env.FORCE_COLOR);
  if (o.flag === true) return forced !== undefined && forced > 0 ? forced : terminalLevel(o.env);
  if (forced !== undefined) return forced;
  if (o.env.NO_COLOR !== undefined && o.env.NO_COLOR !== '') return 0;
  if (!o.isTTY) return 0;
  if (o.env.TERM === 'dumb') return 0;
  return terminalLevel(o.env);
}

/** The styles at exactly `level` (0: plain text, no escape codes at all). */
export async function paint(level: ColorLevel): Promise<Paint> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}

/** FORCE_COLOR's level, or undefined when it is not set. */
function forcedLevel(value: string | undefined): ColorLevel | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true') return 1;
  if (v === 'false') return 0;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n)) return 1;
  if (n <= 0) return 0;
  return n >= 3 ? 3 : (n as 1 | 2);
}

/** The level a terminal supports, from COLORTERM and TERM (always at least 1). */
function terminalLevel(env: Record<string, string | undefined>): 1 | 2 | 3 {
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 3;
  if ((env.TERM ?? '').includes('256')) return 2;
  return 1;
}
