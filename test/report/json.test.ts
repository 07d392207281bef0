import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderJson } from '../../src/report/json.js';
import { parabolaFit, wxb } from './fixtures.js';

describe('renderJson', () => {
  it('writes exactly one JSON document and a newline', () => {
    const text = renderJson(wxb);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(wxb);
  });

  it('writes NaN and ±Infinity as null, and -0 as 0', () => {
    const text = renderJson({ a: NaN, b: Infinity, c: [-Infinity, 1, -0], d: { e: NaN } });
    expect(JSON.parse(text)).toEqual({ a: null, b: null, c: [null, 1, 0], d: { e: null } });
    expect(text).not.toMatch(/NaN|Infinity|-0\b/);
  });

  it('round-trips every double exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 20 }), (values) => {
        const back = JSON.parse(renderJson({ values })) as { values: number[] };
        expect(back.values).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the whole fit result, history included, with arrays of numbers on one line', () => {
    const fit = parabolaFit();
    const text = renderJson(fit);
    expect(JSON.parse(text)).toEqual(fit);
    expect(text).toContain('  "history": [12000.5, 3000.25, 900, 760.1, 750.3, 750.2426090491267, 750.2426090491267, 750.2426090491267],\n');
    expect(text).toContain('  "params": {\n    "c0": -0.6188997451031735,\n');
  });

  it('writes typed arrays as arrays, leaves out undefined fields, escapes strings', () => {
    const text = renderJson({ x: Float64Array.of(0.5, NaN), skip: undefined, s: 'a "quoted"\nline', nested: [{ k: 1 }, [2, 3]], empty: [], none: {} });
    expect(JSON.parse(text)).toEqual({ x: [0.5, null], s: 'a "quoted"\nline', nested: [{ k: 1 }, [2, 3]], empty: [], none: {} });
  });
});
