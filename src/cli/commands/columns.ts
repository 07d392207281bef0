/**
 * `gradfit columns FILE` (hidden; for shell completion): the column names of a data file, one per
 * line, read only up to the header (1, 2, ... when the file has none). Names are printed with
 * control characters escaped, so a name cannot send anything to the terminal.
 */
import { readTable } from '../../data/index.js';
import { escapeControls } from '../../names.js';
import { readOptions } from '../input.js';
import { writeOut } from '../output.js';
import { EXIT } from '../exit.js';

/** Thrown from the reader's column choice to stop reading as soon as the header is known. */
class HeaderRead {
  constructor(readonly names: string[]) {}
}

export async function columnsCommand(file: string, o: { delimiter?: string; header?: boolean }): Promise<number> {
  let names: string[] = [];
  try {
    await readTable({ kind: 'file', path: file }, {
      ...readOptions({ ...o, skipInvalid: true }),
      select(header, width) {
        throw new HeaderRead(header ? [...header] : Array.from({ length: width }, (_, i) => String(i + 1)));
      },
    });
  } catch (e) {
    if (!(e instanceof HeaderRead)) throw e;
    names = e.names;
  }
  writeOut(names.map((n) => `${escapeControls(n).replace(/\n/g, '\\n')}\n`).join(''));
  return EXIT.ok;
}
