/**
 * Showing user-supplied text — a column name from a CSV header, a parameter name from a model
 * file, a path, a cell — in a message: control characters (an escape sequence in a header would
 * otherwise reach the terminal), line breaks and other invisible separators are written as
 * escapes (`\n`, `\x1b`, `\u2028`), and very long text is cut, so a message stays one short
 * line that says exactly what was there. Every layer uses this one helper.
 */

/** Longest text shown for one name, in characters (an ellipsis follows when cut). */
export const SHOWN_NAME_CHARS = 80;

/** How many names a list in a message shows before "... and N more". */
export const SHOWN_LIST_NAMES = 20;

function escapeChar(c: number): string | null {
  if (c === 0x09) return '\\t';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if ((c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
    return `\\u${c.toString(16).padStart(4, '0')}`;
  }
  if (c >= 0xd800 && c <= 0xdfff) return `\\u${c.toString(16).padStart(4, '0')}`; // a lone surrogate
  return null;
}

/** `text` with control characters escaped, cut to about `max` characters. */
export function shownName(text: string, max = SHOWN_NAME_CHARS): string {
  let out = '';
  // Look at no more of the text than can be shown: a 100 MB name costs nothing here.
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    const piece = escapeChar(c) ?? String.fromCodePoint(c);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
    i += width;
  }
  return out;
}

/** Names for a message, each escaped and the list cut after `max` with "... and N more". */
export function shownList(names: readonly string[], max = SHOWN_LIST_NAMES, show: (name: string, index: number) => string = (n) => shownName(n)): string {
  const head = names.slice(0, max).map((name, i) => show(name, i));
  const rest = names.length - head.length;
  return rest > 0 ? `${head.join(', ')}, ... and ${rest} more` : head.join(', ');
}

/** `text` with every control character escaped, however long it is. */
export function escapeControls(text: string): string {
  return shownName(text, Number.POSITIVE_INFINITY);
}
