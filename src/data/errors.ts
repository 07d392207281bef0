/** The one error class of the data layer: every message is one line a user can act on. */
import { GradfitError, type DataPosition, type ErrorHint } from '../errors.js';

/**
 * Anything wrong with a data source: a missing or unreadable file, a cell that is not a number,
 * a ragged row, an unknown column. The message names the place (`file:line:column`) where there
 * is one, and `position` holds it for programs; `hint` is `{ kind: 'skip-invalid' }` when the
 * row could have been dropped instead.
 */
export class DataError extends GradfitError {
  override readonly name: string = 'DataError';
  /** Where the error is, when it is at a place in the source; else null. */
  readonly position: DataPosition | null;

  constructor(message: string, options: { hint?: ErrorHint | null; position?: DataPosition | null } = {}) {
    super('data', message, options);
    this.position = options.position ?? null;
  }
}
