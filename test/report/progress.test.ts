import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/report/progress.js';

describe('progressLine', () => {
  it('shows the step against the cap, a bar and the loss', () => {
    // 60 columns: 59 usable, 28 of them for the bar; 12% of 28 is 3.
    expect(progressLine(1200, 10000, 3.75, 60)).toBe(`step 1200/10000 [${'#'.repeat(3)}${'.'.repeat(25)}] loss 3.75e+0`);
  });

  it('fits in width − 1 columns, dropping the bar when there is no room', () => {
    for (const width of [20, 30, 40, 50, 80, 200]) expect(progressLine(5, 100, 1234.5, width).length).toBeLessThanOrEqual(width - 1);
    expect(progressLine(5, 100, 1234.5, 30)).toBe('step 5/100 loss 1.23e+3');
  });

  it('has a full bar at the cap, an empty one at 0, and caps the bar width at 40', () => {
    expect(progressLine(100, 100, 1, 200)).toContain(`[${'#'.repeat(40)}]`);
    expect(progressLine(0, 100, 1, 200)).toContain(`[${'.'.repeat(40)}]`);
  });

  it('copes with a non-finite loss and no cap', () => {
    expect(progressLine(7, 100, NaN, 80)).toMatch(/loss NaN$/);
    expect(progressLine(7, 0, Infinity, 80)).toBe('step 7 loss inf');
  });
});
