/**
 * What every reader checks of its bytes, on one thread or several: that they are text (no NUL
 * byte, not UTF-16), that no line is absurdly long, that decimal commas and comma separators do
 * not clash; and a UTF-8 byte order mark skipped.
 */
import { DataError } from './errors.js';
import { option } from '../errors.js';
import { MAX_LINE_BYTES } from './limits.js';
import { countBreaks } from './line-breaks.js';
import type { ReadAhead } from './read-ahead.js';

/** The code of the decimal point (',' with --decimal ',', else '.'), refused beside a comma delimiter. */
export function decimalPoint(decimal: string | undefined, delimiter: string | undefined): number {
  const point = decimal === ',' ? 44 : 46;
  if (point === 44 && delimiter === ',') throw new DataError(`with ${option('decimal')} ',' the comma is in the numbers, so it cannot also separate fields; the delimiter is ';' by default`);
  return point;
}

/** The checks over the bytes a reader holds now (`bytes()`: a reader may switch to another). */
export function textGuards(name: string, bytes: () => ReadAhead, line: () => number) {
  return {
    /** Refuse input with a NUL byte in `buf[from, to)`: it is not text. */
    checkText(from: number, to: number): void {
      const b = bytes();
      const found = b.buf.subarray(from, to).indexOf(0);
      if (found >= 0) throw new DataError(`${name} does not look like a text file (NUL byte at line ${line() + countBreaks(b.buf, b.start, from + found)})`);
    },
    tooLong(): never {
      throw new DataError(`${name}:${line()}: a line longer than ${MAX_LINE_BYTES >> 20} MiB; is this really a text table?`);
    },
  };
}

/** Read a few bytes first: refuse UTF-16, skip a UTF-8 byte order mark, and check what was read is text. */
export async function startText(bytes: ReadAhead, name: string, checkText: (from: number, to: number) => void): Promise<void> {
  while (!bytes.eof && bytes.end - bytes.start < 4) await bytes.readMore();
  const b = bytes.buf;
  const s = bytes.start;
  if ((b[s] === 0xff && b[s + 1] === 0xfe) || (b[s] === 0xfe && b[s + 1] === 0xff)) {
    throw new DataError(`${name} is UTF-16 text; convert it to UTF-8 first (e.g. iconv -f UTF-16 -t UTF-8)`);
  }
  // UTF-16 without a byte order mark: ASCII characters with a zero byte before (big-endian) or
  // after (little-endian) each one.
  const order = bytes.end - s >= 4 ? utf16Order(b.subarray(s, Math.min(bytes.end, s + 64))) : null;
  if (order !== null) {
    throw new DataError(`${name} looks like UTF-16 text (${order}, without a byte order mark); convert it to UTF-8 first (e.g. iconv -f UTF-16${order === 'big-endian' ? 'BE' : 'LE'} -t UTF-8)`);
  }
  if (bytes.end - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) bytes.start += 3;
  checkText(bytes.start, bytes.end);
}

/** 'big-endian' or 'little-endian' when `head` (an even number of bytes or more) reads as ASCII in UTF-16 of that order; else null. */
function utf16Order(head: Uint8Array): 'big-endian' | 'little-endian' | null {
  const pairs = head.length >> 1;
  let big = 0;
  let little = 0;
  for (let k = 0; k < pairs; k++) {
    const a = head[2 * k];
    const c = head[2 * k + 1];
    if (a === 0 && c > 0 && c < 0x80) big++;
    else if (c === 0 && a > 0 && a < 0x80) little++;
  }
  if (big === pairs) return 'big-endian';
  if (little === pairs) return 'little-endian';
  return null;
}
