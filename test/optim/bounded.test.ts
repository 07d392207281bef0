/**
 * Memory stays bounded at the extremes (issue 15): the loss history of a long run is a fixed
 * number of evenly thinned values with their steps, and the check of the final point probes one
 * point at a time (linear in the number of variables, not quadratic).
 */
import { describe, expect, it } from 'vitest';
import { History, HISTORY_POINTS } from '../../src/optim/history.js';
import { probeForLower } from '../../src/optim/probe.js';
import { gd } from '../../src/optim/gd.js';
import type { Objective } from '../../src/optim/types.js';

describe('History', () => {
  it('keeps every value of a short run', () => {
    const h = new History();
    for (let k = 0; k < HISTORY_POINTS; k++) h.push(k * 2);
    expect(h.values).toEqual(Array.from({ length: HISTORY_POINTS }, (_, k) => k * 2));
    expect(h.steps).toEqual(Array.from({ length: HISTORY_POINTS }, (_, k) => k));
  });

  it('keeps at most HISTORY_POINTS evenly spaced values of a long run, the last one always', () => {
    const h = new History();
    let longest = 0;
    let lastKept = true;
    for (let k = 0; k <= 1_000_003; k++) {
      h.push(-k);
      longest = Math.max(longest, h.values.length);
      lastKept &&= h.steps[h.steps.length - 1] === k;
    }
    expect(longest).toBeLessThanOrEqual(HISTORY_POINTS);
    expect(lastKept).toBe(true);
    expect(h.steps.at(-1)).toBe(1_000_003);
    expect(h.values.at(-1)).toBe(-1_000_003);
    expect(h.values.length).toBeGreaterThan(HISTORY_POINTS / 2);
    h.steps.forEach((step, i) => expect(h.values[i]).toBe(-step));
    // Evenly spaced (but for the last): one stride between neighbours.
    const gaps = new Set(h.steps.slice(1, -1).map((s, i) => s - h.steps[i]));
    expect(gaps.size).toBe(1);
  });

  it('a gd run of a million steps returns a bounded history with its steps', () => {
    const o: Objective = { dim: 1, evaluate: (x, g) => ((g[0] = 2 * (x[0] - 1)), (x[0] - 1) ** 2) };
    const res = gd(o, Float64Array.of(0), { lr: 1e-12, maxSteps: 1_000_000 });
    expect(res.iterations).toBe(1_000_000);
    expect(res.history.length).toBeLessThanOrEqual(HISTORY_POINTS);
    expect(res.historySteps!.at(-1)).toBe(1_000_000);
    expect(res.history.at(-1)).toBe(res.f);
  });
});

describe('probeForLower', () => {
  it('holds memory linear in the number of variables (3,000: not 2n probes of n numbers at once)', () => {
    const n = 3000;
    let peak = 0;
    const o: Objective = {
      dim: n,
      evaluate(x, g) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        let f = 0;
        for (let i = 0; i < n; i++) {
          f += x[i] * x[i];
          g[i] = 2 * x[i];
        }
        return f;
      },
    };
    const x = new Float64Array(n);
    const before = process.memoryUsage().arrayBuffers;
    const res = probeForLower(o, x, 0, new Float64Array(n));
    expect(res.lower).toBeNull();
    expect(res.evaluations).toBe(2 * n + 4);
    // 2n probes of n doubles held at once would be 144 MB; one at a time is a few hundred KB.
    expect(peak - before).toBeLessThan(16 << 20);
  });

  it('still finds the lower side of a saddle', () => {
    const o: Objective = { dim: 2, evaluate: (x, g) => ((g[0] = 2 * x[0]), (g[1] = -2 * x[1]), x[0] ** 2 - x[1] ** 2) };
    const res = probeForLower(o, new Float64Array(2), 0, new Float64Array(2));
    expect(res.lower).not.toBeNull();
    expect(res.lower!.f).toBeLessThan(0);
  });
});
