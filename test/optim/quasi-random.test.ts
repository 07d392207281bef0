import { describe, expect, it } from 'vitest';
import { quasiRandom } from '../../src/optim/quasi-random.js';

describe('quasiRandom', () => {
  it('gives the same points every time', () => {
    const a = quasiRandom(3);
    const b = quasiRandom(3);
    for (let i = 0; i < 10; i++) expect(a.next()).toEqual(b.next());
  });

  it('in one dimension is the golden-ratio sequence', () => {
    const q = quasiRandom(1);
    const phi = (1 + Math.sqrt(5)) / 2;
    for (let n = 1; n <= 5; n++) expect(q.next()[0]).toBeCloseTo((0.5 + n / phi) % 1, 12);
  });

  it('fills every cell of a 4×4 grid within the first 64 points of a 2-d sequence', () => {
    const q = quasiRandom(2);
    const seen = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const p = q.next();
      expect(p[0]).toBeGreaterThanOrEqual(0);
      expect(p[0]).toBeLessThan(1);
      seen.add(Math.floor(p[0] * 4) * 4 + Math.floor(p[1] * 4));
    }
    expect(seen.size).toBe(16);
  });

  it('covers every octant of a 6-d cube evenly: 640 points, 10 ± 6 per each of the 64 octants', () => {
    const q = quasiRandom(6);
    const counts = new Array(64).fill(0);
    for (let i = 0; i < 640; i++) {
      const p = q.next();
      let cell = 0;
      for (let j = 0; j < 6; j++) cell = cell * 2 + (p[j] < 0.5 ? 0 : 1);
      counts[cell]++;
    }
    for (const c of counts) expect(Math.abs(c - 10)).toBeLessThanOrEqual(6);
  });
});
