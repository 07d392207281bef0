import { describe, expect, it } from 'vitest';
import { paint, PLAIN } from '../../src/report/color.js';
import { renderMinimizeText } from '../../src/report/minimize-text.js';
import type { TextOptions } from '../../src/report/text-options.js';
import { rosenbrockMinimum } from './fixtures.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

const plain: TextOptions = { chalk: PLAIN, digits: 12, width: 72, chart: false, quiet: false };

describe('renderMinimizeText', () => {
  it('leads with where the minimum is', () => {
    const r = rosenbrockMinimum({ expr: '3*x^2+2*x-1.2', minimum: -1.5333333333333332, at: { x: -0.3333333333333333 }, gradient: { x: 1.1e-16 }, gradNorm: 1.1e-16, iterations: 2, evaluations: 5 });
    expect(renderMinimizeText(r, plain)).toBe(
      [
        'minimum f = -1.53333333333 at x = -0.333333333333',
        '',
        '  variable  value            gradient',
        '  x         -0.333333333333  1.1e-16',
        '',
        '  gradient norm  1.1e-16',
        '  method         lbfgs',
        '',
        'converged after 2 iterations (5 evaluations): gradient norm 0 <= tol',
        '  1e-10',
        '',
      ].join('\n'),
    );
  });

  it('says "best f found" when it did not converge, and points at the table for many variables', () => {
    const at = { a: 1, b: 2, c: 3, d: 4 };
    const text = renderMinimizeText(rosenbrockMinimum({ converged: false, at, gradient: at, message: 'reached the step cap' }), { ...plain, digits: 4 });
    expect(text.split('\n')[0]).toBe('best f found = 0 at the point below');
    expect(text).toContain('warning: did not converge after 35 iterations (44 evaluations): reached\n  the step cap');
  });

  it('charts f − min f per iteration on a log scale', () => {
    const text = renderMinimizeText(rosenbrockMinimum(), { ...plain, chart: true });
    expect(text).toContain('f − min f per iteration (log scale)\n');
    expect(text).toMatch(/2\.42e\+1 ┼/); // one notation down the axis, which reaches 1e-30
  });

  it('wraps the status line to the width', () => {
    const r = rosenbrockMinimum({ message: 'the gradient norm 8.3e-11 is at most the tolerance 1e-10 (--tol), so the run stopped here' });
    const text = renderMinimizeText(r, { ...plain, width: 50 });
    expect(text).toContain(
      [
        'converged after 35 iterations (44 evaluations):',
        '  the gradient norm 8.3e-11 is at most the',
        '  tolerance 1e-10 (--tol), so the run stopped here',
      ].join('\n'),
    );
  });

  it('with --quiet prints the location at full precision', () => {
    expect(renderMinimizeText(rosenbrockMinimum({ at: { x: 0.1 + 0.2, y: 1 } }), { ...plain, quiet: true })).toBe('x = 0.30000000000000004\ny = 1\n');
  });

  it('has no escape code at colour level 0', () => {
    expect(renderMinimizeText(rosenbrockMinimum({ converged: false }), { ...plain, chart: true })).not.toContain('\x1b');
    expect(renderMinimizeText(rosenbrockMinimum(), { ...plain, chalk: COLOURED })).toContain('\x1b[32mconverged');
  });
});
