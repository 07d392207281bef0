import { describe, expect, it } from 'vitest';
import { progress, type ProgressStream } from '../../src/cli/progress.js';
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

  it('never cuts a number: it drops the bar, the cap, the step, then the word "loss"', () => {
    const whole = new Set(['step', '1200/10000', '1200', 'loss', '3.75e+0']);
    for (let width = 0; width <= 80; width++) {
      const line = progressLine(1200, 10000, 3.75, width);
      expect(line.length, `width ${width}`).toBeLessThanOrEqual(Math.max(0, width - 1));
      for (const word of line.split(' ').filter((w) => w !== '' && !w.startsWith('['))) expect(whole, `width ${width}: ${line}`).toContain(word);
    }
    expect(progressLine(1200, 10000, 3.75, 30)).toBe('step 1200/10000 loss 3.75e+0');
    expect(progressLine(1200, 10000, 3.75, 25)).toBe('step 1200 loss 3.75e+0');
    expect(progressLine(1200, 10000, 3.75, 15)).toBe('loss 3.75e+0');
    expect(progressLine(1200, 10000, 3.75, 10)).toBe('3.75e+0');
    expect(progressLine(1200, 10000, 3.75, 5)).toBe('');
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

/** A terminal that records what is written to it, and a clock the test moves. */
function fakeTerminal(columns: number | undefined) {
  const written: string[] = [];
  const stream: ProgressStream = { isTTY: true, columns, write: (text) => written.push(text) };
  let time = 0;
  return { stream, written, clock: () => time, advance: (ms: number) => (time += ms) };
}

describe('progress (the CLI progress display)', () => {
  it('draws nothing in the first second, then redraws the line with "\\r"', () => {
    const t = fakeTerminal(100);
    const bar = progress(1000, true, t.stream, t.clock);
    bar.tick(1, 5);
    expect(t.written).toEqual([]);
    t.advance(1500);
    bar.tick(300, 5);
    expect(t.written).toEqual([`\r${progressLine(300, 1000, 5, 99)}`]);
  });

  it('clears the line with spaces, never with an escape code (safe on TERM=dumb)', () => {
    const t = fakeTerminal(100);
    const bar = progress(1000, true, t.stream, t.clock);
    t.advance(1500);
    bar.tick(300, 5);
    const drawn = t.written[0].length - 1;
    bar.done();
    expect(t.written[1]).toBe(`\r${' '.repeat(drawn)}\r`);
    expect(t.written.join('')).not.toContain('\x1b');
  });

  it('takes a terminal of size 0 (size not set) as 80 columns wide', () => {
    for (const columns of [0, undefined]) {
      const t = fakeTerminal(columns);
      const bar = progress(1000, true, t.stream, t.clock);
      t.advance(1500);
      bar.tick(300, 5);
      expect(t.written[0]).toBe(`\r${progressLine(300, 1000, 5, 79)}`);
      expect(t.written[0]).toContain('[');
    }
  });

  it('writes nothing when stderr is not a terminal, when disabled, or when nothing was drawn', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const written: string[] = [];
      const bar = progress(1000, enabled, { isTTY, columns: 80, write: (s) => written.push(s) }, () => 5000);
      bar.tick(1, 1);
      bar.done();
      expect(written).toEqual([]);
    }
    const t = fakeTerminal(80);
    progress(1000, true, t.stream, t.clock).done();
    expect(t.written).toEqual([]);
  });
});
