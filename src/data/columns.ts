/** Finding a column from what a user typed: a header name, or a 1-based position. */
import { DataError } from './errors.js';
import { shownList, shownName } from '../names.js';

/** The header's names for a message: escaped, and at most a screenful ("... and N more"). */
function listColumns(names: readonly string[]): string {
  return shownList(names, undefined, (name, i) => (name ? shownName(name) : `(unnamed column ${i + 1})`));
}

/**
 * Resolve a column spec (header name, or 1-based index like "2") against names/width.
 * A header name that matches exactly wins over a position; a name found twice is ambiguous.
 * Returns the 0-based index; throws DataError naming the columns there are.
 */
export function resolveColumn(spec: string, names: readonly string[] | null, width: number): number {
  const wanted = spec.trim();
  if (wanted === '') throw new DataError('empty column name; give a header name or a column number');
  if (names) {
    const first = names.indexOf(wanted);
    if (first >= 0) {
      const again = names.indexOf(wanted, first + 1);
      if (again >= 0) {
        throw new DataError(`column name '${shownName(wanted)}' is ambiguous: columns ${first + 1} and ${again + 1} are both called that; give the column number instead`);
      }
      return first;
    }
  }
  if (/^\d+$/.test(wanted)) {
    const position = Number(wanted);
    if (position >= 1 && position <= width) return position - 1;
    const has = `the file has ${width} column${width === 1 ? '' : 's'}`;
    if (position === 0) throw new DataError(`there is no column 0: columns are numbered from 1 (${has})`);
    throw new DataError(names ? `there is no column ${shownName(wanted)}: ${has}: ${listColumns(names)}` : `there is no column ${shownName(wanted)}: ${has}`);
  }
  if (names) throw new DataError(`unknown column '${shownName(wanted)}'; the columns are: ${listColumns(names)}`);
  throw new DataError(`unknown column '${shownName(wanted)}': the file has no header row, so give a column number from 1 to ${width}`);
}
