/** The field delimiter: checking one a user gave, and detecting one from the first data line. */
import { DataError } from './errors.js';
import { startsComment } from './comments.js';

/** The delimiter value meaning "runs of spaces and tabs", as gnuplot and numpy write files. */
export const WHITESPACE = 'whitespace';

const NAMED: Record<string, string> = {
  whitespace: WHITESPACE,
  space: WHITESPACE,
  spaces: WHITESPACE,
  ' ': WHITESPACE,
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};

/**
 * Normalise a delimiter as given (',' ';' '\t' '|', 'tab', 'whitespace', ...) to a single
 * character or `WHITESPACE`. Characters that can be part of a number, a quote, '#' or a line
 * break cannot separate fields and are refused.
 */
export function normalizeDelimiter(given: string): string {
  const named = NAMED[given.toLowerCase()];
  if (named !== undefined) return named;
  if ([...given].length !== 1) {
    throw new DataError(`delimiter '${given}' must be a single character, 'tab' or 'whitespace'`);
  }
  if (/[0-9.eE+\-"#\r\n]/.test(given)) {
    throw new DataError(`delimiter '${JSON.stringify(given).slice(1, -1)}' cannot separate numbers; choose another character`);
  }
  return given;
}

/**
 * The delimiter of a file whose first line is `line` (bytes, without the line break): comma if it
 * has one, else tab, else semicolon, else whitespace, counting only what is outside quotes
 * (`"time, s" "y"` is whitespace-separated). A trailing `#` comment is ignored (where it would
 * start one in a whitespace-separated line: comments.ts). A line of numbers only, separated by a
 * mix of tabs and spaces (gnuplot's demo files), is whitespace: a tab-separated field with a
 * space inside would be no number. With `decimal` ',' a comma is part of a number, and the choice
 * is semicolon, then tab, then whitespace.
 */
export function detectDelimiter(line: Uint8Array, decimal = '.'): string {
  const content = outsideQuotes(line, decimal === ',' ? 44 : 46);
  if (decimal === ',') {
    if (content.includes(59)) return ';';
    if (content.includes(9) && !mixedSpacing(content)) return '\t';
    return WHITESPACE;
  }
  if (content.includes(44)) return ',';
  if (content.includes(9)) return mixedSpacing(content) ? WHITESPACE : '\t';
  if (content.includes(59)) return ';';
  return WHITESPACE;
}

/** Whether a line with tabs is numbers separated by runs of tabs and spaces, with a space between two of them. */
function mixedSpacing(content: Uint8Array): boolean {
  const text = Buffer.from(content).toString('latin1');
  const tokens = text.trim().split(/[ \t]+/);
  if (!tokens.every((t) => /^[+-]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][+-]?\d+)?$/.test(t))) return false;
  return text.split('\t').some((field) => /\S +\S/.test(field));
}

/**
 * The line without its comment and with the text of each quoted field blanked out (its quotes
 * kept), so that only delimiters outside quotes are seen.
 */
function outsideQuotes(line: Uint8Array, point: number): Uint8Array {
  const out = Uint8Array.from(line);
  let inQuotes = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) out[i] = 97;
    else if (c === 35 && startsComment(out, 0, i, -1, point)) return out.subarray(0, i);
  }
  return out;
}
