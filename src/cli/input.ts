/** Where data comes from (FILE, `-`, or piped stdin) and how to read it (delimiter, header, invalid rows). */
import { normalizeDelimiter, type ReadOptions, type Source } from '../data/index.js';
import { fstatSync } from 'node:fs';
import { InputError, wordOptions } from '../errors.js';
import { escapeControls } from '../names.js';
import { isTerminal, writeErr } from './output.js';

/**
 * How to read the data; the delimiter is checked (and named ones like 'tab' resolved) by the data
 * layer. The reader's notes (a first row of 0,1 taken for names) go to stderr as they come.
 */
export function readOptions(o: { delimiter?: string; header?: boolean; skipInvalid?: boolean; decimal?: string }): Omit<ReadOptions, 'select'> {
  return {
    delimiter: o.delimiter === undefined ? undefined : normalizeDelimiter(o.delimiter),
    decimal: decimalSetting(o.decimal),
    header: o.header === undefined ? 'auto' : o.header,
    skipInvalid: Boolean(o.skipInvalid),
    onNote: (message) => writeErr(`gradfit: note: ${escapeControls(wordOptions(message, 'flags'))}\n`),
  };
}

/** FILE, `-` for stdin, or (no FILE) stdin when it is not a terminal. */
export function dataSource(file: string | undefined, example: string): Source {
  if (file === undefined || file === '-') {
    // (process.stdin is not touched: creating it loads Node's stream and net modules and makes a
    // pipe non-blocking; the reader reads descriptor 0 directly.)
    if (file === undefined && isTerminal(0)) {
      throw new InputError(`no data: give a CSV file or pipe one in, e.g. ${example}`);
    }
    let directory = false;
    try {
      directory = fstatSync(0).isDirectory();
    } catch {
      // no stdin at all: the reader says there is no data
    }
    if (directory) throw new InputError(`standard input is a directory, not data: give a CSV file or pipe one in, e.g. ${example}`);
    return { kind: 'stdin', fd: 0, stream: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() } };
  }
  return { kind: 'file', path: file };
}

/** --decimal: '.' or ',' (also 'comma', 'point', 'dot'). */
function decimalSetting(given: string | undefined): '.' | ',' {
  if (given === undefined) return '.';
  const named: Record<string, '.' | ','> = { '.': '.', ',': ',', point: '.', dot: '.', period: '.', comma: ',' };
  const found = named[given.trim().toLowerCase()];
  if (found === undefined) throw new InputError(`--decimal must be '.' or ',', not '${given}'`);
  return found;
}
