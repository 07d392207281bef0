import { describe, expect, it } from 'vitest';
import { paint, PLAIN } from '../../src/report/color.js';
import { visibleWidth } from '../../src/report/layout.js';
import { fitPlot } from '../../src/report/plot.js';
import type { PlotData } from '../../src/report/plot-data.js';
import { parabolaPlotData } from './fixtures.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

const plain = { width: 72, chalk: PLAIN };

describe('fitPlot', () => {
  it('draws data points and the fitted curve with labelled axes, within the width', () => {
    const text = fitPlot(parabolaPlotData(), plain);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('y against x   • data  ─ fitted curve');
    expect(lines.length).toBe(1 + 15 + 2);
    expect(text).toContain('•');
    expect(text).toMatch(/[╭╮╯╰]/); // the parabola turns
    expect(lines.at(-2)).toMatch(/^ +└─+$/);
    expect(lines.at(-1)).toMatch(/^ +-5 +0 +5$/);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThan(72);
  });

  it('puts the highest point on the top row and the lowest on the bottom row', () => {
    const d: PlotData = { x: Float64Array.of(0, 1, 2), y: Float64Array.of(0, 10, 5), curveX: new Float64Array(), curveY: new Float64Array(), xName: 't', yName: 'v' };
    const rows = fitPlot(d, { ...plain, height: 5 }).split('\n').slice(1, 6);
    expect(rows[0]).toMatch(/^10 ┤ +•$/);
    expect(rows[2]).toMatch(/^ 5 ┤ +•$/);
    expect(rows[4]).toMatch(/^ 0 ┤•$/);
  });

  it('draws the data points over the curve, so points on a perfect fit all show', () => {
    const x = Float64Array.from({ length: 11 }, (_, i) => i);
    const d: PlotData = { x, y: x.map((v) => 2 * v), curveX: x, curveY: x.map((v) => 2 * v), xName: 'x', yName: 'y' };
    const grid = fitPlot(d, { width: 62, height: 21, chalk: PLAIN }).split('\n').slice(1, 22).join('\n');
    expect(grid.split('•').length - 1).toBe(11);
    expect(grid).toMatch(/[─╭╮╯╰│]/); // and the curve is still there between them
  });

  it.each<[string, Partial<PlotData>]>([
    ['no data at all', { x: new Float64Array(), y: new Float64Array(), curveX: new Float64Array(), curveY: new Float64Array() }],
    ['a single point', { x: Float64Array.of(2), y: Float64Array.of(3), curveX: Float64Array.of(2), curveY: Float64Array.of(3) }],
    ['a flat line', { x: Float64Array.of(1, 2, 3), y: Float64Array.of(4, 4, 4), curveX: Float64Array.of(1, 3), curveY: Float64Array.of(4, 4) }],
    ['NaN and Infinity', { x: Float64Array.of(1, NaN, 3, 4), y: Float64Array.of(1, 2, Infinity, 4), curveX: Float64Array.of(1, 2, 4), curveY: Float64Array.of(NaN, 2, 4) }],
    ['a curve that explodes', { x: Float64Array.of(1, 2, 3), y: Float64Array.of(1, 2, 3), curveX: Float64Array.of(1, 2, 3), curveY: Float64Array.of(1, 2, 1e300) }],
    ['only a curve', { x: new Float64Array(), y: new Float64Array(), curveX: Float64Array.of(0, 1), curveY: Float64Array.of(0, 1) }],
  ])('never throws with %s', (_what, part) => {
    const d = { ...parabolaPlotData(), ...part };
    const text = fitPlot(d, plain);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says when there is nothing to plot and counts the points it skipped', () => {
    const empty = { x: Float64Array.of(NaN), y: Float64Array.of(1), curveX: new Float64Array(), curveY: new Float64Array(), xName: 'x', yName: 'y' };
    expect(fitPlot(empty, plain)).toContain('(no finite points to plot)');
    const some = { ...parabolaPlotData(), x: Float64Array.of(1, NaN, 3), y: Float64Array.of(1, 2, 3) };
    expect(fitPlot(some, plain)).toContain('(1 non-finite point not drawn)');
  });

  it('has no escape codes without colour, and colours data and curve with it', () => {
    expect(fitPlot(parabolaPlotData(), plain)).not.toContain('\x1b');
    const coloured = fitPlot(parabolaPlotData(), { ...plain, chalk: COLOURED });
    expect(coloured).toContain('\x1b[36m•');
    expect(coloured).toContain('\x1b[33m');
  });
});
