/**
 * Free cores are the cores less the threads other processes run now (/proc/loadavg's fourth
 * field counts the reading thread too), not the one-minute load average.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freeCores, othersRunning } from '../src/free-cores.js';

describe('free cores', () => {
  it('reads the threads running now from /proc/loadavg, less the reader', () => {
    expect(othersRunning('0.52 0.58 0.59 1/467 1234\n')).toBe(0);
    expect(othersRunning('1.95 1.10 0.70 3/470 1299\n')).toBe(2);
    expect(othersRunning('')).toBeNull();
    expect(othersRunning('0.5 0.5 0.5 x/4 1\n')).toBeNull();
  });

  it('is at least 1 and at most the cores available', () => {
    const free = freeCores();
    expect(free).toBeGreaterThanOrEqual(1);
    expect(free).toBeLessThanOrEqual(availableParallelism());
  });
});
