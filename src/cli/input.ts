/** Where data comes from (FILE, `-`, or piped stdin) and how to read it (delimiter, header, invalid rows). */
import type { ReadOptions, Source } from '../data/index.js';
import { InputError } from '../errors.js';

const NAMED_DELIMITERS: Record<string, string> = {
  tab: '\t',
  '\\t': '\t',
  space: 'whitespace',
  spaces: 'whitespace',
  whitespace: 'whitespace',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};

export function readOptions(o: { delimiter?: string; header?: boolean; skipInvalid?: boolean }): Omit<ReadOptions, 'select'> {
  let delimiter: string | undefined;
  if (o.delimiter !== undefined) {
    delimiter = NAMED_DELIMITERS[o.delimiter.toLowerCase()] ?? o.delimiter;
    if (delimiter === ' ') delimiter = 'whitespace';
    if (delimiter !== 'whitespace' && [...delimiter].length !== 1) {
      throw new InputError(`--delimiter must be one character or tab, space, comma, semicolon, pipe; got '${o.delimiter}'`);
    }
    if (/[0-9.eE+\-"#\r\n]/.test(delimiter)) throw new InputError(`--delimiter '${o.delimiter}' cannot separate numbers; choose another character`);
  }
  return { delimiter, header: o.header === false ? false : 'auto', skipInvalid: Boolean(o.skipInvalid) };
}

/** FILE, `-` for stdin, or (no FILE) stdin when it is not a terminal. */
export function dataSource(file: string | undefined, example: string): Source {
  if (file === undefined || file === '-') {
    if (file === undefined && process.stdin.isTTY) {
      throw new InputError(`no data: give a CSV file or pipe one in, e.g. ${example}`);
    }
    return { kind: 'stdin', stream: process.stdin };
  }
  return { kind: 'file', path: file };
}
