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
    return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
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
      if (m[1]! in attributes) fail(`duplicate attribute ${m[1]}`);
      attributes[m[1]!] = entity(m[2]!);
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
      expect.arrayContaining(['y against x', 'residuals (y − model)', 'loss (log10 RSS) per iteration', 'parameters and statistics', 'y = -0.542·x^2 + 1.171·x - 0.6189']),
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
