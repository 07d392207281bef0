/** Solves with upper-triangular matrices (column-major, leading dimension ldr). */

/**
 * Solve R·x = b in place (b becomes x), where R is the leading k×k upper triangle of `r`.
 * Back substitution by columns; a zero diagonal gives ±Infinity or NaN, as division does.
 */
export function solveUpper(r: Float64Array, ldr: number, k: number, b: Float64Array): void {
  for (let j = k - 1; j >= 0; j--) {
    const xj = b[j] / r[j + j * ldr];
    b[j] = xj;
    for (let i = 0; i < j; i++) b[i] = b[i] - r[i + j * ldr] * xj;
  }
}

/** Solve Rᵀ·x = b in place (b becomes x), where R is the leading k×k upper triangle of `r`. */
export function solveUpperTransposed(r: Float64Array, ldr: number, k: number, b: Float64Array): void {
  for (let j = 0; j < k; j++) {
    let sum = b[j];
    for (let i = 0; i < j; i++) sum -= r[i + j * ldr] * b[i];
    b[j] = sum / r[j + j * ldr];
  }
}

/**
 * The inverse of the leading k×k upper triangle of `r`, as a new k×k column-major upper
 * triangular array. Column j of R⁻¹ solves R·x = e_j, which only involves the first j+1 rows.
 */
export function invertUpper(r: Float64Array, ldr: number, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const col = new Float64Array(j + 1);
    col[j] = 1;
    solveUpper(r, ldr, j + 1, col);
    inv.set(col, j * k);
  }
  return inv;
}
