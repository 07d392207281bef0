/**
 * Memory stays bounded at the extremes (issue 15), end to end under a small V8 heap: a long run's
 * history, and a huge cell that is only shown in 40 characters.
 */
import { describe, expect, it } from 'vitest';
import { afterAll } from 'vitest';
import { expectOneError, gradfit, json, removeScratch, scratch } from './run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeScratch));
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=64' };

describe('bounded memory', () => {
  it('minimize --json over 3,000,000 gd steps keeps a short history with its steps', () => {
    const r = gradfit(['minimize', '(x-1)^2', '--method', 'gd', '--lr', '1e-9', '--max-steps', '3000000', '--json'], { env: SMALL_HEAP });
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.iterations).toBe(3_000_000);
    expect(out.history.length).toBeLessThanOrEqual(1024);
    expect(out.historySteps.length).toBe(out.history.length);
    expect(out.historySteps.at(-1)).toBe(3_000_000);
  });

  it('a cell of 8 million characters is shown in 40 without hundreds of MB', () => {
    const dir = scratch({ 'huge.csv': `x,y\n1,2\n2,${'a'.repeat(8_000_000)}\n` });
    dirs.push(dir);
    const r = gradfit(['fit', 'huge.csv', '--degree', '1'], { cwd: dir, env: SMALL_HEAP });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/found "a{40}…"/);
  });
});
