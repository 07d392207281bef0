/** Splits expression text into tokens: numbers, names, operators, parentheses and commas. */
import { ExprError, columnOf } from './errors.js';

/** What a token is. `**` lexes as `^` (its alias); `end` marks the end of the text. */
export type TokenKind =
  | 'num'
  | 'ident'
  | '+'
  | '-'
  | '*'
  | '/'
  | '^'
  | '('
  | ')'
  | ','
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '!'
  | '&&'
  | '||'
  | '?'
  | ':'
  | 'end';

/** One token: its kind, its exact text, and where it sits in the source (half-open). */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** The parsed value of a number token. */
  value: number;
}

const SINGLE_CHAR_TOKENS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['^', '^'],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['<', '<'],
  ['>', '>'],
  ['!', '!'],
  ['?', '?'],
  [':', ':'],
]);

/** Two-character operators; `**` is `^`. */
const DOUBLE_CHAR_TOKENS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['**', '^'],
  ['<=', '<='],
  ['>=', '>='],
  ['==', '=='],
  ['!=', '!='],
  ['&&', '&&'],
  ['||', '||'],
]);

/** What a lone character that only exists doubled was probably meant as. */
const DOUBLED_HINTS: ReadonlyMap<string, string> = new Map([
  ['=', ' (to compare, write ==)'],
  ['&', ' (for "and", write &&)'],
  ['|', ' (for "or", write ||)'],
]);

/** Tokenises the whole source, ending with an `end` token. Throws ExprError on a bad character or number. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (isWhitespace(ch)) {
      i++;
    } else if (isDigit(ch) || (ch === '.' && isDigit(source[i + 1]))) {
      const token = lexNumber(source, i);
      tokens.push(token);
      i = token.end;
    } else if (ch === '$' && isDigit(source[i + 1])) {
      // A column by position, as in gnuplot and awk: `$1`, `$12`. Only digits may follow.
      let j = i + 1;
      while (isDigit(source[j])) j++;
      if (j < source.length && isIdentPart(source[j])) {
        throw new ExprError(`a column by position is '$' and digits only, as $2; '${source.slice(i, j + 1)}' at column ${columnOf(i)} is not one`, { start: i, end: j + 1 }, source);
      }
      tokens.push({ kind: 'ident', text: source.slice(i, j), start: i, end: j, value: Number.NaN });
      i = j;
    } else if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < source.length && isIdentPart(source[j])) j++;
      tokens.push({ kind: 'ident', text: source.slice(i, j), start: i, end: j, value: Number.NaN });
      i = j;
    } else if (DOUBLE_CHAR_TOKENS.has(source.slice(i, i + 2))) {
      const text = source.slice(i, i + 2);
      tokens.push({ kind: DOUBLE_CHAR_TOKENS.get(text)!, text, start: i, end: i + 2, value: Number.NaN });
      i += 2;
    } else {
      const kind = SINGLE_CHAR_TOKENS.get(ch);
      if (kind === undefined) {
        const char = String.fromCodePoint(source.codePointAt(i) ?? 0);
        throw new ExprError(
          `unexpected character ${describeChar(char)} at column ${columnOf(i)}${DOUBLED_HINTS.get(char) ?? ''}`,
          { start: i, end: i + char.length },
          source,
        );
      }
      tokens.push({ kind, text: ch, start: i, end: i + 1, value: Number.NaN });
      i++;
    }
  }
  tokens.push({ kind: 'end', text: '', start: source.length, end: source.length, value: Number.NaN });
  return tokens;
}

/** Digits with an optional fraction and exponent: `2`, `1.5`, `.5`, `1.`, `1e-3`, `2.5E+4`. */
function lexNumber(source: string, start: number): Token {
  let j = start;
  while (isDigit(source[j])) j++;
  if (source[j] === '.') {
    j++;
    while (isDigit(source[j])) j++;
  }
  if (source[j] === 'e' || source[j] === 'E') {
    let k = j + 1;
    if (source[k] === '+' || source[k] === '-') k++;
    if (isDigit(source[k])) {
      while (isDigit(source[k])) k++;
      j = k;
    }
  }
  if (source[j] === '.') {
    let k = j;
    while (k < source.length && (isDigit(source[k]) || source[k] === '.')) k++;
    throw new ExprError(
      `malformed number '${source.slice(start, k)}' at column ${columnOf(start)}`,
      { start, end: k },
      source,
    );
  }
  const text = source.slice(start, j);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new ExprError(
      `number out of range: ${text} at column ${columnOf(start)} (the largest is about 1.8e308)`,
      { start, end: j },
      source,
    );
  }
  return { kind: 'num', text, start, end: j, value };
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

/**
 * `'$'` for a visible ASCII character, `'é' (U+00E9)` for other visible characters, and just
 * `U+00A0` for invisible ones (controls, spaces, line separators, combining marks).
 */
function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0x21 && code <= 0x7e) return `'${char}'`;
  // (A literal here, not at the top of the module: compiling its Unicode classes takes a few
  // tenths of a millisecond, which every start would pay for a message that is rarely written.)
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return `'${char}' (${hex})`;
  return hex;
}

