import { describe, expect, it } from 'vitest';
import { paint, PLAIN } from '../../src/report/color.js';
import { lossChart, type LossChartOptions } from '../../src/report/loss-chart.js';
import { visibleWidth } from '../../src/report/layout.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

const plain: LossChartOptions = { width: 60, log: true, title: 'loss (RSS, log scale) per iteration', chalk: PLAIN };
const decay = Array.from({ length: 40 }, (_, i) => 750 + 1000 * Math.exp(-i / 3));

describe('lossChart', () => {
  it('draws a title, labelled y axis, x axis numbered by iteration, all within the width', () => {
    const chart = lossChart(decay, plain);
    const lines = chart.trimEnd().split('\n');
    expect(lines[0]).toBe('loss (RSS, log scale) per iteration');
    expect(lines[1]).toMatch(/^1750 ┼/); // the first (highest) value, labelled with the loss itself
    expect(lines[10]).toMatch(/^ 750 ┤/);
    expect(lines[11]).toMatch(/^ {5}└─+$/);
    expect(lines[12]).toMatch(/^ {5}0 +39$/);
    expect(lines.length).toBe(13);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThan(60);
    expect(chart.endsWith('\n')).toBe(true);
  });

  it('stretches a short history across the width and thins a long one', () => {
    for (const history of [[10, 1], Array.from({ length: 5000 }, (_, i) => 1 / (i + 1))]) {
      const axis = lossChart(history, plain).split('\n').find((l) => l.includes('└'))!;
      expect(axis.length).toBeGreaterThan(50);
      expect(axis.length).toBeLessThan(60);
    }
  });

  it.each([
    ['empty', [], /no iterations to draw/],
    ['single', [3.75], /3\.75 ┼─+/],
    ['flat', [2, 2, 2, 2], /2 ┼─+/],
    ['all NaN', [NaN, NaN], /no finite values to draw/],
    ['with NaN and Infinity', [NaN, 100, Infinity, 10, -Infinity, 1], /3 non-finite values drawn at the value before/],
    ['with zeros on a log scale', [100, 1, 0], /values ≤ 0 drawn one decade below/],
    ['all zero on a log scale', [0, 0], /no positive values: linear scale/],
    ['huge and tiny', [1e308, -1e308, 5e-324], /1e\+308/],
  ])('never throws on a %s series', (_what, history, shows) => {
    const chart = lossChart(history as number[], plain);
    expect(chart).toMatch(shows);
    expect(chart.endsWith('\n')).toBe(true);
  });

  it('writes every y label in one notation: all in exponent form once one needs it', () => {
    const history = [1.16e6, 4.7e5, 2e5, 9.9e4, 3.9e4, 9e3, 4197, 4197];
    const labels = lossChart(history, plain)
      .split('\n')
      .slice(1, 11)
      .map((l) => l.split(/[┼┤]/)[0].trim());
    expect(labels[0]).toBe('1.16e+6');
    expect(labels[9]).toBe('4.2e+3');
    for (const label of labels) expect(label).toMatch(/^\d(\.\d+)?e[+-]\d+$/);
    // Without a label that needs an exponent, plain numbers as before.
    expect(lossChart(decay, plain)).toMatch(/^1750 ┼/m);
  });

  it('colours the line only when chalk has colour', () => {
    expect(lossChart(decay, plain)).not.toContain('\x1b');
    expect(lossChart(decay, { ...plain, chalk: COLOURED })).toContain('\x1b[36m');
  });

  it('draws a linear scale when asked, with labels that are the values', () => {
    const chart = lossChart([0, 5, 10], { ...plain, log: false, height: 3 });
    expect(chart.split('\n').slice(1, 4).map((l) => l.slice(0, 3))).toEqual([' 10', '  5', '  0']);
  });

  it('stays drawable in a very narrow terminal', () => {
    expect(() => lossChart(decay, { ...plain, width: 5 })).not.toThrow();
  });
});
