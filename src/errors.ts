/**
 * Errors that are the user's to fix: bad usage or bad input (flags, values, model set-up).
 * The CLI prints the message as one line and exits with code 2. Expression errors (ExprError)
 * and data errors (DataError) are the same kind of error, defined beside their layers.
 */
export class InputError extends Error {
  override name = 'InputError';
}
