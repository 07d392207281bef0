import { describe, expect, it } from 'vitest';
import { alignDecimals, layoutColumns, visibleWidth } from '../../src/report/layout.js';
import { fillNonFinite, resampleLinear } from '../../src/report/resample.js';
import { paint, PLAIN } from '../../src/report/color.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

describe('layout helpers', () => {
  it('alignDecimals lines up decimal points', () => {
    expect(alignDecimals(['-0.6189', '1.171', '-0.542', '12', '1.5e-7'])).toEqual(['-0.6189', ' 1.171 ', '-0.542 ', '12     ', ' 1.5e-7']);
  });

  it('layoutColumns pads by visible width, ignoring colour codes', () => {
    const c = COLOURED;
    const lines = layoutColumns([[c.dim('name'), 'v'], ['longer', 'w']], { indent: '  ' });
    expect(lines.map((l) => l.replace(/\x1b\[\d+m/g, ''))).toEqual(['  name    v', '  longer  w']);
    expect(visibleWidth(lines[0])).toBe(11);
  });
});

describe('resampling for charts', () => {
  it('stretches and thins linearly, keeping both ends', () => {
    expect(resampleLinear([0, 10], 5)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(resampleLinear([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(resampleLinear([7], 3)).toEqual([7, 7, 7]);
    expect(resampleLinear([], 3)).toEqual([]);
    expect(resampleLinear([1e308, -1e308], 3)).toEqual([1e308, 0, -1e308]);
  });

  it('fills non-finite values from the value before (or after, at the start)', () => {
    expect(fillNonFinite([NaN, 2, Infinity, 3])).toEqual({ series: [2, 2, 2, 3], replaced: 2 });
    expect(fillNonFinite([NaN])).toEqual({ series: [], replaced: 1 });
  });
});
