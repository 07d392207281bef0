import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/svg.js';
import { escapeXml } from '../../src/report/svg-writer.js';
import type { PlotData } from '../../src/report/plot-data.js';
import { parabolaFit, parabolaPlotData } from './fixtures.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader for the structure tests: one root after an optional declaration,
 * every tag balanced, attributes quoted and unique, only the five predefined entities.
 */
function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const entity = (text: string): string => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) fail('bad entity');
    return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? e);
  };
  const skipSpace = (): void => {
    while (/\s/.test(source[i] ?? '')) i++;
  };
  const readElement = (): XmlElement => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const name = /^[A-Za-z_][\w:.-]*/.exec(source.slice(i))?.[0] ?? fail('expected a tag name');
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const m = /^([A-Za-z_][\w:.-]*)="([^"<]*)"/.exec(source.slice(i)) ?? fail('expected an attribute');
      if (m[1] in attributes) fail(`duplicate attribute ${m[1]}`);
      attributes[m[1]] = entity(m[2]);
      i += m[0].length;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= source.length) fail(`unclosed <${name}>`);
      if (source.startsWith('</', i)) {
        const close = `</${name}>`;
        if (!source.startsWith(close, i)) fail(`expected ${close}`);
        i += close.length;
        return { name, attributes, children, text: entity(text) };
      }
      if (source[i] === '<') children.push(readElement());
      else text += source[i++];
    }
  };
  if (source.startsWith('<?xml')) i = source.indexOf('?>') + 2;
  skipSpace();
  const root = readElement();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

function all(e: XmlElement, name: string): XmlElement[] {
  return [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];
}

function texts(e: XmlElement): string[] {
  return all(e, 'text').map((t) => t.text);
}

describe('renderSvg', () => {
  const svg = renderSvg(parabolaFit(), parabolaPlotData());
  const root = parseXml(svg);

  it('is one well-formed <svg> document that opens in a browser', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(root.attributes.width)).toBeGreaterThan(0);
    expect(svg).not.toMatch(/NaN|Infinity|<script/);
  });

  it('has the four panels with their titles, and the equation as the caption', () => {
    const words = texts(root);
    expect(words).toEqual(
      expect.arrayContaining(['y against x', 'residuals (y − model)', 'loss (RSS, log scale) per iteration', 'parameters and statistics', 'y = -0.542·x^2 + 1.171·x - 0.6189']),
    );
    expect(words).toContain('c0 = -0.6189 ± 0.2016 (32.6%)');
  });

  it('draws every data point, every residual, the curve and the loss line, with tick labels on the axes', () => {
    const circles = all(root, 'circle');
    expect(circles.length).toBeGreaterThanOrEqual(2 * 40);
    const polylines = all(root, 'polyline');
    expect(polylines.length).toBe(2); // the fitted curve and the loss
    for (const p of polylines) expect(p.attributes.points).toMatch(/^-?[\d.]+,-?[\d.]+( -?[\d.]+,-?[\d.]+)+$/);
    expect(texts(root)).toEqual(expect.arrayContaining(['-4', '0', '4', 'iteration', '1000', '10000']));
  });

  it('escapes names that are not safe in XML', () => {
    const d: PlotData = { ...parabolaPlotData(), xName: 'a<b & "c"', yName: "it's\u0001" };
    const doc = parseXml(renderSvg(parabolaFit({ model: 'c0 + c1*x + c2*x^2' }), d));
    expect(texts(doc)).toContain("it's against a<b & \"c\"");
  });

  it.each<[string, Partial<PlotData>, Parameters<typeof parabolaFit>[0]]>([
    ['no data', { x: new Float64Array(), y: new Float64Array(), curveX: new Float64Array(), curveY: new Float64Array(), fitted: undefined }, {}],
    ['NaN and Infinity everywhere', { x: Float64Array.of(NaN, 1, 2), y: Float64Array.of(1, Infinity, 2), curveY: new Float64Array(101).fill(NaN) }, { history: [NaN, Infinity, 0, -1] }],
    ['one point and a one-step history', { x: Float64Array.of(1), y: Float64Array.of(1), fitted: Float64Array.of(1) }, { history: [3] }],
    ['a flat loss', {}, { history: [2, 2, 2] }],
  ])('stays well-formed with %s', (_what, part, fit) => {
    const doc = renderSvg(parabolaFit(fit), { ...parabolaPlotData(), ...part });
    expect(parseXml(doc).name).toBe('svg');
    expect(doc).not.toMatch(/NaN|Infinity/);
  });

  it('thins a very large data set and says so', () => {
    const n = 12000;
    const x = Float64Array.from({ length: n }, (_, i) => i / n);
    const d: PlotData = { x, y: x.map((v) => v * v), curveX: Float64Array.of(0, 1), curveY: Float64Array.of(0, 1), xName: 'x', yName: 'y', fitted: x.map((v) => v) };
    const doc = parseXml(renderSvg(parabolaFit(), d));
    expect(texts(doc)).toContain('y against x (1 in 3 of 12000 points)');
    expect(all(doc, 'circle').length).toBeLessThanOrEqual(2 * 5000 + 10);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">&'\u0000\u0007ok\u{1F600}`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;ok\u{1F600}');
  });
});

describe('axis ticks', () => {
  it('niceTicks picks round steps', async () => {
    const { niceTicks } = await import('../../src/report/ticks.js');
    expect(niceTicks(0, 9.3, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(-8.2, 2.6, 5)).toEqual([-8, -6, -4, -2, 0, 2]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('logTicks gives decades, or 1-2-5 within two decades, or round values within one', async () => {
    const { logTicks } = await import('../../src/report/ticks.js');
    expect(logTicks(-0.5, 6.5, 5)).toEqual([0, 2, 4, 6]);
    expect(logTicks(2.9, 4.1).map((e) => Math.round(10 ** e))).toEqual([1000, 2000, 5000, 10000]);
    expect(logTicks(Math.log10(750), Math.log10(900)).map((e) => Math.round(10 ** e))).toEqual([760, 780, 800, 820, 840, 860, 880, 900]);
  });
});

/** fixtures/growth.csv and its logistic fit: the data fill the top right of the picture. */
function growth(): { fit: ReturnType<typeof parabolaFit>; data: PlotData } {
  const pop = [2.5, 4.5, 8.6, 16.9, 31.6, 59.5, 100.5, 179.6, 284.4, 435.6, 567.5, 676.0, 740.8, 793.5, 826.5, 810.2, 878.3, 876.6, 893.7, 838.9, 875.9, 850.9, 827.9, 877.0, 834.9];
  const model = (t: number): number => 859.1742924271294 / (1 + Math.exp(-0.6522347728325449 * (t - 9.02261965702553)));
  const x = Float64Array.from(pop, (_, i) => i);
  const curveX = Float64Array.from({ length: 241 }, (_, i) => i / 10);
  const data: PlotData = { x, y: Float64Array.from(pop), curveX, curveY: curveX.map(model), xName: 't', yName: 'pop', fitted: x.map(model) };
  const history = [8011816.16, 5024467.76, 4725606.84, 4054966.68, 2589688.07, 1388131.29, 470635.69, 240134.56, 91577.54, 15236.35, 6642.96, 6607.42, ...Array<number>(9).fill(6607.41)];
  return { fit: parabolaFit({ model: 'K/(1+exp(-r*(t-t0)))', params: { K: 859.17, r: 0.6522, t0: 9.023 }, stderr: {}, relStderr: {}, history }), data };
}

const num = (e: XmlElement, name: string): number => Number(e.attributes[name]);

/** The plot area of a panel: the rectangle of its clip path. */
function plotArea(doc: XmlElement, clipId: string): { x0: number; x1: number; y0: number; y1: number } {
  const rect = all(doc, 'clipPath').find((c) => c.attributes.id === clipId)!.children[0];
  return { x0: num(rect, 'x'), x1: num(rect, 'x') + num(rect, 'width'), y0: num(rect, 'y'), y1: num(rect, 'y') + num(rect, 'height') };
}

/** The loss panel's markers, its horizontal grid lines (at the y ticks) and its y tick labels. */
function lossPanel(doc: XmlElement) {
  const area = plotArea(doc, 'clip-loss');
  const markers = all(doc, 'circle').filter((c) => c.attributes.fill === '#7b3fa0');
  const gridYs = all(doc, 'line')
    .filter((l) => l.attributes.stroke === '#e6e6e6' && l.attributes.y1 === l.attributes.y2 && num(l, 'x1') === area.x0)
    .map((l) => num(l, 'y1'))
    .filter((y) => y >= area.y0 && y <= area.y1);
  const yLabels = all(doc, 'text')
    .filter((t) => t.attributes['text-anchor'] === 'end' && num(t, 'x') < area.x0 && num(t, 'y') >= area.y0 && num(t, 'y') <= area.y1 + 8)
    .map((t) => t.text);
  return { area, markers, gridYs, yLabels };
}

describe('renderSvg, the loss panel', () => {
  it('keeps the first and the last marker off the frame', () => {
    const { area, markers } = lossPanel(parseXml(renderSvg(growth().fit, growth().data)));
    expect(markers.length).toBe(21);
    const xs = markers.map((m) => num(m, 'cx'));
    expect(Math.min(...xs) - area.x0).toBeGreaterThan(5);
    expect(area.x1 - Math.max(...xs)).toBeGreaterThan(5);
  });

  it('has a grid line and a label at or beyond both the smallest and the largest loss', () => {
    for (const fit of [growth().fit, parabolaFit()]) {
      const { markers, gridYs, yLabels } = lossPanel(parseXml(renderSvg(fit, parabolaPlotData())));
      const ys = markers.map((m) => num(m, 'cy'));
      // Pixels grow downwards: the smallest loss is the largest cy.
      expect(Math.max(...gridYs)).toBeGreaterThanOrEqual(Math.max(...ys));
      expect(Math.min(...gridYs)).toBeLessThanOrEqual(Math.min(...ys));
      expect(yLabels.length).toBe(gridYs.length);
    }
  });

  it('labels the ticks in one notation: powers of ten across large values, plain numbers across small ones', () => {
    const large = lossPanel(parseXml(renderSvg(growth().fit, growth().data))).yLabels;
    expect(large).toEqual(['5×10³', '10⁴', '10⁵', '10⁶', '10⁷']);
    const small = lossPanel(parseXml(renderSvg(parabolaFit(), parabolaPlotData()))).yLabels;
    expect(small).toEqual(['500', '1000', '2000', '5000', '10000', '20000']);
  });

  it('says the loss is on a log scale, and which loss it is', () => {
    expect(texts(parseXml(renderSvg(growth().fit, growth().data)))).toContain('loss (RSS, log scale) per iteration');
    expect(texts(parseXml(renderSvg(parabolaFit({ method: 'adam' }), parabolaPlotData())))).toContain('loss (MSE, log scale) per iteration');
  });
});

describe('renderSvg, the fit panel', () => {
  /** The legend's frame: the translucent white rectangle. */
  const legendFrame = (doc: XmlElement) => {
    const rect = all(doc, 'rect').find((r) => r.attributes.fill === 'white' && r.attributes['fill-opacity'] === '0.85')!;
    return { x0: num(rect, 'x'), x1: num(rect, 'x') + num(rect, 'width'), y0: num(rect, 'y'), y1: num(rect, 'y') + num(rect, 'height') };
  };
  const under = (box: { x0: number; x1: number; y0: number; y1: number }, x: number, y: number): boolean => x >= box.x0 - 2 && x <= box.x1 + 2 && y >= box.y0 - 2 && y <= box.y1 + 2;

  it('puts the legend where it hides neither data points nor the curve (growth.csv: top left)', () => {
    const doc = parseXml(renderSvg(growth().fit, growth().data));
    const box = legendFrame(doc);
    const area = plotArea(doc, 'clip-fit');
    expect(box.x0 - area.x0).toBeLessThan(20); // the left side
    const points = all(doc, 'circle').filter((c) => c.attributes.fill === '#1f77b4' && c.attributes.r === '2.2');
    expect(points.length).toBe(25);
    for (const p of points) expect(under(box, num(p, 'cx'), num(p, 'cy')), `point at ${p.attributes.cx},${p.attributes.cy}`).toBe(false);
    const curve = all(doc, 'polyline').find((p) => p.attributes.stroke === '#d62728')!;
    for (const xy of curve.attributes.points!.split(' ')) {
      const [x, y] = xy.split(',').map(Number) as [number, number];
      expect(under(box, x, y), `curve at ${xy}`).toBe(false);
    }
  });

  it('keeps the legend top right when that corner is free (a decay)', () => {
    const t = Float64Array.from({ length: 40 }, (_, i) => i / 2);
    const model = (v: number): number => 465 * Math.exp(-0.21 * v) + 7.7;
    const curveX = Float64Array.from({ length: 201 }, (_, i) => i / 10);
    const d: PlotData = { x: t, y: t.map((v, i) => model(v) + 10 * Math.sin(i)), curveX, curveY: curveX.map(model), xName: 't', yName: 'counts', fitted: t.map(model) };
    const doc = parseXml(renderSvg(parabolaFit(), d));
    const area = plotArea(doc, 'clip-fit');
    const box = legendFrame(doc);
    expect(area.x1 - box.x1).toBeLessThan(20);
    expect(box.y0 - area.y0).toBeLessThan(20);
  });

  it('draws the data points over the curve', () => {
    const svg = renderSvg(growth().fit, growth().data);
    const curveAt = svg.indexOf('stroke="#d62728" stroke-width="2"');
    const firstPoint = svg.indexOf('fill="#1f77b4" fill-opacity="0.6"');
    expect(curveAt).toBeGreaterThan(0);
    expect(firstPoint).toBeGreaterThan(curveAt);
  });
});

describe('logAxis', () => {
  it('ends at ticks at or beyond the data, in whole decades or at the 1, 2 or 5 next to it', async () => {
    const { logAxis } = await import('../../src/report/ticks.js');
    const values = (a: { min: number; max: number; ticks: number[] }) => ({
      min: Number((10 ** a.min).toPrecision(6)),
      max: Number((10 ** a.max).toPrecision(6)),
      ticks: a.ticks.map((e) => Number((10 ** e).toPrecision(6))),
    });
    expect(values(logAxis(Math.log10(6607), Math.log10(8.01e6)))).toEqual({ min: 5000, max: 1e7, ticks: [5000, 1e4, 1e5, 1e6, 1e7] });
    expect(values(logAxis(Math.log10(750), Math.log10(12000)))).toEqual({ min: 500, max: 20000, ticks: [500, 1000, 2000, 5000, 10000, 20000] });
    expect(values(logAxis(Math.log10(760), Math.log10(890)))).toEqual({ min: 760, max: 900, ticks: [760, 780, 800, 820, 840, 860, 880, 900] });
    const wide = logAxis(-28.3, 3.1);
    expect(wide.ticks[0]).toBe(wide.min);
    expect(wide.ticks.at(-1)).toBe(wide.max);
    expect(wide.min).toBeLessThanOrEqual(-28.3);
    expect(wide.max).toBeGreaterThanOrEqual(3.1);
  });

  it('always has a tick at or below the smallest value and at or above the largest, within the range', async () => {
    const { logAxis } = await import('../../src/report/ticks.js');
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: 1e-6, max: 40, noNaN: true }), (lo, span) => {
        const hi = Math.min(308, lo + span);
        fc.pre(hi > lo);
        const a = logAxis(lo, hi);
        const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
        expect(a.ticks.length).toBeGreaterThanOrEqual(2);
        expect(a.ticks[0]).toBeLessThanOrEqual(lo + eps);
        expect(a.ticks.at(-1)!).toBeGreaterThanOrEqual(hi - eps);
        expect(a.min).toBeLessThanOrEqual(a.ticks[0] + eps);
        expect(a.max).toBeGreaterThanOrEqual(a.ticks.at(-1)! - eps);
      }),
      { numRuns: 200 },
    );
  });

  it('logTickLabeller writes one notation per axis', async () => {
    const { logTickLabeller } = await import('../../src/report/ticks.js');
    const sci = logTickLabeller([-7, Math.log10(2e-6), 0, 6]);
    expect([-7, Math.log10(2e-6), 0, 6, Math.log10(5e3)].map(sci)).toEqual(['10⁻⁷', '2×10⁻⁶', '10⁰', '10⁶', '5×10³']);
    const plain = logTickLabeller([-2, 0, Math.log10(20000)]);
    expect([-2, 0, Math.log10(20000)].map(plain)).toEqual(['0.01', '1', '20000']);
  });
});
