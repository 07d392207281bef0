/** Normal deviates from a fixed seed (Park–Miller and Box–Muller): the same rows on every run, on every machine. */
export function seededNoise(n: number, sd: number, seed = 12345): Float64Array {
  let s = (seed * 7919 + 1234567) % 2147483647;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return Float64Array.from({ length: n }, () => sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}
