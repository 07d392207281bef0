/** Plain-text layout helpers: padding that ignores colour codes, decimal alignment, tables. */
import { stripVTControlCharacters } from 'node:util';

/** The number of terminal columns `text` takes (escape codes excluded, one column per code point). */
export function visibleWidth(text: string): number {
  // Text without escape sequences or characters beyond the BMP (nearly all of it): its length,
  // without compiling Node's pattern of escape sequences (a few tenths of a millisecond).
  if (!/[\u001b\u009b\ud800-\udfff]/.test(text)) return text.length;
  return [...stripVTControlCharacters(text)].length;
}

/** `text` padded with spaces on the right to `width` visible columns. */
export function padRight(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * Number texts padded so their decimal points (or the end of their integer part) line up and
 * all have one width: ["-0.6189", "1.171"] → ["-0.6189", " 1.171 "].
 */
export function alignDecimals(texts: readonly string[]): string[] {
  const integerWidth = (t: string): number => {
    const m = /^[^.e]*/.exec(t);
    return m ? m[0].length : t.length;
  };
  const left = Math.max(0, ...texts.map(integerWidth));
  const padded = texts.map((t) => ' '.repeat(left - integerWidth(t)) + t);
  const width = Math.max(0, ...padded.map((t) => t.length));
  return padded.map((t) => t.padEnd(width));
}

/**
 * Rows of cells laid out in left-aligned columns separated by `gap` spaces, each line prefixed
 * by `indent`, trailing spaces removed. Cells may contain colour codes.
 */
export function layoutColumns(rows: readonly (readonly string[])[], opts: { indent?: string; gap?: number } = {}): string[] {
  const indent = opts.indent ?? '';
  const gap = ' '.repeat(opts.gap ?? 2);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  return rows.map((row) => (indent + row.map((cell, i) => (i === row.length - 1 ? cell : padRight(cell, widths[i]))).join(gap)).trimEnd());
}

/** Below this many columns a status line is not wrapped at all (each word would get a line). */
const MIN_WRAP_WIDTH = 20;

/**
 * Plain `text` broken at spaces into lines of at most `width` columns, every line after the
 * first starting with `indent` (which counts towards the width). A word longer than a line
 * stays whole on a line of its own. A width that is not finite or below 20 leaves `text` whole.
 * `wrapWords('converged after 18 iterations: the relative reduction ...', 40)` is
 * `['converged after 18 iterations: the', '  relative reduction ...']`.
 */
export function wrapWords(text: string, width: number, indent = '  '): string[] {
  if (!(Number.isFinite(width) && width >= MIN_WRAP_WIDTH)) return [text];
  const limit = Math.floor(width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? (lines.length > 0 ? indent : '') + word : `${line} ${word}`;
    if (line !== '' && visibleWidth(candidate) > limit) {
      lines.push(line);
      line = indent + word;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}
