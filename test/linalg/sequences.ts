/** Small deterministic helpers shared by the least-squares tests. */

/** Σ c_k x^k by Horner's rule. */
export const poly = (c: number[], x: number): number => c.reduceRight((acc, ck) => acc * x + ck, 0);

/** A fixed pseudo-random sequence in (-1, 1) (a linear congruential generator), so tests are repeatable. */
export function noise(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
