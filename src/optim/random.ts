/** A seeded pseudo-random source for --seed: the same seed gives the same numbers on every machine. */

/** mulberry32: a small, fast 32-bit generator with good statistical quality. */
export function uniformSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller), like torch.randn: the notebook's random starting points. */
export function normalSource(seed: number): () => number {
  const u = uniformSource(seed);
  return () => {
    let a = u();
    while (a === 0) a = u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

/**
 * Starting values for `names`: the given ones, else a seeded normal draw when a seed is given,
 * else `fallback` (0 for minimize, 1 for a fit's parameters).
 */
export function startingPoint(
  names: readonly string[],
  given: ReadonlyMap<string, number>,
  fallback: number,
  seed: number | undefined,
): Float64Array {
  const draw = seed === undefined ? null : normalSource(seed);
  return Float64Array.from(names, (name) => given.get(name) ?? (draw ? draw() : fallback));
}
