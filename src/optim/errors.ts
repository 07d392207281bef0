/** Errors of the optimisers' callers: a problem set up with sizes that cannot work. */

/** The objective, the starting point or the least-squares problem do not fit together. */
export class ProblemShapeError extends Error {
  override name = 'ProblemShapeError';
}

/** Throw unless the starting point has one value per variable of the objective. */
export function requireStart(method: string, dim: number, x0: ArrayLike<number>): void {
  if (x0.length !== dim) {
    throw new ProblemShapeError(`${method}: the objective has ${dim} variables but the starting point has ${x0.length} values; give one start per variable`);
  }
}
