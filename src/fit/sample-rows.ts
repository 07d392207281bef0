/**
 * Which rows stand for all of them when a search works on a sample: the rows cut into `count`
 * equal stretches, one row from each at a fixed pseudo-random place in it. The sample covers the
 * data as evenly as a stride would, but unlike a stride it does not alias: every k-th row of an
 * evenly spaced x sees a sinusoid of frequency ω and one of ω + 2π/(k·Δx) alike, so a search on
 * it can take one for the other, while rows at irregular places tell them apart.
 * The same n and count always give the same rows.
 */
import { uniformSource } from '../optim/random.js';

/** The place in each stretch is drawn from this seed. */
const SEED = 0x5eed;

/** Indices of `count` rows of `n` (all of them, in order, when n ≤ count), increasing. */
export function sampleRows(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const u = uniformSource(SEED);
  const pick: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * n) / count);
    const end = Math.floor(((i + 1) * n) / count);
    pick.push(start + Math.min(end - start - 1, Math.floor(u() * (end - start))));
  }
  return pick;
}
