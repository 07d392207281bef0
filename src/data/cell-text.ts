/**
 * Showing a rejected cell to a user: trimmed, at most ~40 characters, with control characters and
 * bytes that are not UTF-8 written as escapes (`\t`, `\x00`, `\xff`), so the message stays one line
 * and says exactly what was in the file.
 */

import { NUMBER_PATTERN } from './number.js';
import { option } from '../errors.js';

/** Longest cell text shown in a message, in characters (an ellipsis follows when cut). */
export const SHOWN_CHARS = 40;

/** One piece of the cell: a decoded code point, or a byte that is not part of valid UTF-8. */
type Unit = { codePoint: number } | { byte: number };

/** Decode UTF-8 by hand so that every invalid byte survives as itself. */
function units(bytes: Uint8Array): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      out.push({ codePoint: b });
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let codePoint = length === 2 ? b & 0x1f : length === 3 ? b & 0x0f : b & 0x07;
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) valid = false;
      else codePoint = (codePoint << 6) | (c & 0x3f);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if (valid && length === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) valid = false;
    if (valid && length === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff)) valid = false;
    if (valid) {
      out.push({ codePoint });
      i += length;
    } else {
      out.push({ byte: b });
      i++;
    }
  }
  return out;
}

function isAsciiSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function isSpace(u: Unit): boolean {
  return 'codePoint' in u && String.fromCodePoint(u.codePoint).trim() === '';
}

function render(u: Unit): string {
  if ('byte' in u) return `\\x${u.byte.toString(16).padStart(2, '0')}`;
  const c = u.codePoint;
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return '\\\\';
  if (c === 0x09) return '\\t';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if ((c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCodePoint(c);
}

/** The cell's text for a message, without quotes: trimmed, escaped, cut to about 40 characters. */
export function showCell(bytes: Uint8Array): string {
  // Decode no more than can be shown: a cell of hundreds of MB costs no more than a short one.
  let start = 0;
  while (start < bytes.length && isAsciiSpace(bytes[start])) start++;
  const window = SHOWN_CHARS * 4 + 16;
  if (bytes.length - start > window) {
    let end = bytes.length;
    while (end > start + window && isAsciiSpace(bytes[end - 1])) end--;
    if (end > start + window) {
      const shown = showCell(bytes.subarray(start, start + window));
      return shown.endsWith('…') ? shown : `${shown}…`;
    }
    bytes = bytes.subarray(start, end);
    start = 0;
  }
  const all = units(start > 0 ? bytes.subarray(start) : bytes);
  let from = 0;
  let to = all.length;
  while (from < to && isSpace(all[from])) from++;
  while (to > from && isSpace(all[to - 1])) to--;
  let shown = '';
  let chars = 0;
  for (let i = from; i < to; i++) {
    const piece = render(all[i]);
    if (chars + piece.length > SHOWN_CHARS) return `${shown}…`;
    shown += piece;
    chars += piece.length;
  }
  return shown;
}

/** Whether a cell holds nothing but whitespace. */
export function isBlankCell(bytes: Uint8Array): boolean {
  return showCell(bytes) === '';
}

/**
 * What was found in a cell that is not a number, for "expected a number ..., found <this>";
 * `point` is the decimal point the file is read with (46 '.', or 44 ',' for --decimal ,).
 */
export function describeFound(bytes: Uint8Array, point = 46): string {
  const shown = showCell(bytes);
  if (shown === '') return 'an empty cell';
  const quoted = `"${shown}"`;
  if (/^[+-]?(nan|inf|infinity)$/i.test(shown)) return `${quoted} (only finite numbers are accepted)`;
  const notation = otherNotation(shown, point);
  if (notation !== null) return `${quoted} (${notation})`;
  if (DATE_OR_TIME.test(shown)) return `${quoted} (a date or time: gradfit reads numbers, so convert it to one first, such as days or seconds since the first row)`;
  if (NUMBER_PATTERN.test(shown) && !Number.isFinite(Number(shown))) return `${quoted}, which is too large for a 64-bit float`;
  return quoted;
}

/** A date (2024-01-15, 15/01/2024, 1/15/24), a time (10:30, 10:30:15.5), or both (ISO 8601's T or a space between). */
const DATE_OR_TIME = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})?([T ]?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A number written with a decimal comma, as spreadsheets and R's write.csv2 write them in many locales. */
const DECIMAL_COMMA = /^[+-]?\d*,\d+([eE][+-]?\d+)?$/;
/** Thousands separated by commas, with a decimal point (1,234.5), or by points, with a decimal comma (1.234,5). */
const THOUSANDS_COMMA = /^[+-]?\d{1,3}(,\d{3})+\.\d*$/;
const THOUSANDS_POINT = /^[+-]?\d{1,3}(\.\d{3})+,\d*$/;
/**
 * A whole number grouped in threes (1,000 or 12,345,678; with --decimal ',', 1.000): thousands
 * separators, not a decimal comma (or point). A first group of 0 (0,500) is no grouping.
 */
const GROUPED_BY_COMMAS = /^[+-]?[1-9]\d{0,2}(,\d{3})+$/;
const GROUPED_BY_POINTS = /^[+-]?[1-9]\d{0,2}(\.\d{3})+$/;
/** Fortran's double-precision exponent (1.5D+03), as Fortran programs and some instruments write it. */
const FORTRAN_EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)[dD][+-]?\d+$/;

/**
 * What to do about a number written in a notation other than the one read (`point`): a decimal
 * comma, a decimal point under --decimal ',', thousands separators, a Fortran D exponent; null
 * when it is none of those. A whole number grouped in threes (1,000) is taken for thousands
 * separators, not for a decimal comma: the decimal comma's remedy would read it as 1.
 */
function otherNotation(shown: string, point: number): string | null {
  if (THOUSANDS_COMMA.test(shown)) return `thousands separators are not read: write ${shown.replace(/,/g, '')}`;
  if (THOUSANDS_POINT.test(shown)) return `thousands separators are not read: write ${shown.replace(/\./g, '')}, with ${option('decimal')} ','`;
  // (1,000 is read as 1 with --decimal ',': never suggested for a number grouped in threes.)
  if (GROUPED_BY_COMMAS.test(shown) || (point === 44 && GROUPED_BY_POINTS.test(shown))) {
    return `the file seems to use thousands separators, which are not read: write ${shown.replace(/[,.]/g, '')}`;
  }
  if (point === 44 && NUMBER_PATTERN.test(shown) && shown.includes('.')) return `a decimal point, where ${option('decimal')} ',' reads decimal commas: write ${shown.replace('.', ',')}`;
  if (point === 46 && DECIMAL_COMMA.test(shown)) return `for decimal commas like this one, set ${option('decimal')} to ','`;
  if (FORTRAN_EXPONENT.test(shown)) return `a Fortran exponent: write ${shown.replace(/[dD]/, 'E')}; sed 's/\\([0-9.]\\)[dD]\\([-+]*[0-9]\\)/\\1E\\2/g' rewrites a file`;
  return null;
}

/**
 * Whether a cell that is not a number is one that a whole column is likely to hold: a number in
 * another notation (a decimal comma, a decimal point under --decimal ',', thousands separators)
 * or a date or time. Then dropping its row is the wrong remedy: every row would go.
 */
export function likeItsColumn(bytes: Uint8Array, point = 46): boolean {
  const shown = showCell(bytes);
  return otherNotation(shown, point) !== null || (shown !== '' && DATE_OR_TIME.test(shown));
}
