import { describe, expect, it } from 'vitest';
import { paint, PLAIN } from '../../src/report/color.js';
import { renderGradText } from '../../src/report/grad-text.js';
import type { TextOptions } from '../../src/report/text-options.js';
import { wxb } from './fixtures.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

const plain: TextOptions = { chalk: PLAIN, digits: 4, width: 80, chart: true, quiet: false };

describe('renderGradText', () => {
  it('prints w*x+b at x=4, w=2, b=3 exactly as docs/CLI.md shows', () => {
    expect(renderGradText(wxb, plain)).toBe('value  11\ndy/dx  2\ndy/dw  4\ndy/db  1\n');
  });

  it('prints the same lines with --quiet', () => {
    expect(renderGradText(wxb, { ...plain, quiet: true })).toBe(renderGradText(wxb, plain));
  });

  it('prints numbers at full precision and aligns longer names', () => {
    const r = { ...wxb, value: 0.1 + 0.2, gradient: { alpha: -1 / 3, x: -0 } };
    expect(renderGradText(r, { ...plain, digits: 2 })).toBe('value      0.30000000000000004\ndy/dalpha  -0.3333333333333333\ndy/dx      0\n');
  });

  it('with colour, only the names change', () => {
    const text = renderGradText(wxb, { ...plain, chalk: COLOURED });
    expect(text).toContain('\x1b[2mvalue\x1b[22m  11\n');
    expect(text.replace(/\x1b\[\d+m/g, '')).toBe(renderGradText(wxb, plain));
  });
});
