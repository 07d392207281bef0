/** The one error class of the data layer: every message is one line a user can act on. */

/**
 * Anything wrong with a data source: a missing or unreadable file, a cell that is not a number,
 * a ragged row, an unknown column. The message names the place (`file:line:column`) where there is one.
 */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(message: string) {
    super(message);
  }
}
