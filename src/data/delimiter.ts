/** The field delimiter: checking one a user gave, and detecting one from the first data line. */
import { DataError } from './errors.js';

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
 * The delimiter of a file whose first data line is `line` (bytes, without the line break):
 * comma if it has one, else tab, else semicolon, else whitespace. A trailing `#` comment is ignored.
 */
export function detectDelimiter(line: Uint8Array): string {
  const hash = line.indexOf(35);
  const content = hash >= 0 ? line.subarray(0, hash) : line;
  if (content.includes(44)) return ',';
  if (content.includes(9)) return '\t';
  if (content.includes(59)) return ';';
  return WHITESPACE;
}
