import { describe, expect, it } from 'vitest';
import { paint, PLAIN } from '../../src/report/color.js';
import { renderFitText } from '../../src/report/fit-text.js';
import type { TextOptions } from '../../src/report/text-options.js';
import { parabolaFit } from './fixtures.js';

/** Styles at level 1: chalk, loaded as the CLI loads it when it colours. */
const COLOURED = await paint(1);

const plain: TextOptions = { chalk: PLAIN, digits: 4, width: 72, chart: true, quiet: false };

describe('renderFitText', () => {
  it('shows the equation, the parameters ± errors, the statistics and how it ended', () => {
    const text = renderFitText(parabolaFit(), { ...plain, chart: false });
    expect(text).toBe(
      [
        'y = -0.542·x^2 + 1.171·x - 0.6189',
        '',
        '  parameter  value    std. error  relative',
        '  c0         -0.6189  ± 0.2016    32.6%',
        '  c1          1.171   ± 0.04711    4.02%',
        '  c2         -0.542   ± 0.01273    2.35%',
        '',
        '  n           200',
        '  RSS         750.2',
        '  RMSE        1.937',
        '  R²          0.9709',
        '  dof         197',
        '  reduced χ²  3.808',
        '  method      lm',
        '',
        'converged after 7 iterations (31 evaluations): the relative reduction of',
        '  the RSS is at most 1e-15',
        '',
      ].join('\n'),
    );
  });

  it('ends with the loss chart on a log scale', () => {
    const text = renderFitText(parabolaFit(), plain);
    expect(text).toContain('\n\nloss (RSS, log scale) per iteration\n');
    expect(text).toMatch(/^12000 ┼/m);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('names the MSE for methods other than lm, and skips the chart for fewer than two points', () => {
    expect(renderFitText(parabolaFit({ method: 'adam' }), plain)).toContain('loss (MSE, log scale) per iteration');
    expect(renderFitText(parabolaFit({ history: [5] }), plain)).not.toContain('per iteration');
  });

  it('with --quiet prints only the parameters at full precision', () => {
    expect(renderFitText(parabolaFit(), { ...plain, quiet: true })).toBe('c0 = -0.6188997451031735\nc1 = 1.1712774901993916\nc2 = -0.5419991319281394\n');
  });

  it('says why a standard error is missing and warns about rank and skipped rows', () => {
    const text = renderFitText(
      parabolaFit({
        stderr: { c0: 0.2, c1: null, c2: null },
        relStderr: { c0: 0.3, c1: null, c2: null },
        rank: { rank: 1, unidentifiable: ['c1'], reason: 'the Jacobian has rank 1 of 3' },
        stderrNote: 'the Jacobian is rank-deficient',
        skipped: 3,
      }),
      { ...plain, chart: false },
    );
    expect(text).toContain('  c1          1.171   not identifiable\n');
    expect(text).toContain('  c2         -0.542   the Jacobian is rank-deficient\n');
    expect(text).toContain('warning: the Jacobian has rank 1 of 3 (not identifiable: c1)\n');
    expect(text).toContain('warning: skipped 3 rows that did not hold numbers (--skip-invalid)\n');
  });

  it('warns when the fit did not converge, and reports a failure with its step and hint', () => {
    const notConverged = renderFitText(parabolaFit({ converged: false, iterations: 1000, message: 'reached the step cap' }), plain);
    expect(notConverged).toContain('warning: did not converge after 1000 iterations (31 evaluations):\n  reached the step cap\n');
    const failed = renderFitText(
      parabolaFit({ converged: false, failure: { step: 12, message: 'the loss is not finite', remedies: [{ kind: 'smaller-lr' }] } }),
      plain,
    );
    expect(failed).toContain('error: stopped at step 12: the loss is not finite; try a smaller --lr\n');
  });

  it('wraps long status and warning lines at spaces to the width, continuing them indented by two', () => {
    const message =
      'the relative reduction of the sum of squares is at most 1.0e-15, actual and predicted (then 4 Gauss–Newton polishing steps)';
    const r = parabolaFit({
      iterations: 18,
      evaluations: 26,
      message,
      rank: { rank: 2, unidentifiable: ['c1', 'c2'], reason: 'the Jacobian has rank 2 of 3: some parameters cannot be told apart from the others' },
      checks: [{ name: 'r2', kind: 'min-r2', passed: false, expected: 0.99, actual: 0.97, difference: null, tolerance: null, message: 'R² = 0.97 is below the minimum of 0.99 that --min-r2 asks for' }],
    });
    for (const width of [40, 60, 80]) {
      const text = renderFitText(r, { ...plain, chart: false, width });
      const status = text.slice(text.indexOf('converged after')).trimEnd().split('\n');
      for (const line of status) expect([...line].length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      // Every line after the first of a message is a continuation: two spaces, then a word.
      const starts = status.filter((l) => !l.startsWith('  ')).map((l) => l.split(' ')[0]);
      expect(starts).toEqual(['converged', 'warning:', '✗']);
      for (const l of status.filter((l) => l.startsWith('  '))) expect(l[2]).not.toBe(' ');
      // Nothing is lost: joined again, the lines read as before.
      expect(status.join('\n').replace(/\n {2}/g, ' ')).toBe(
        [
          `converged after 18 iterations (26 evaluations): ${message}`,
          'warning: the Jacobian has rank 2 of 3: some parameters cannot be told apart from the others (not identifiable: c1, c2)',
          '✗ R² = 0.97 is below the minimum of 0.99 that --min-r2 asks for',
        ].join('\n'),
      );
    }
    const at80 = renderFitText(r, { ...plain, chart: false, width: 80 });
    expect(at80).toContain(
      'converged after 18 iterations (26 evaluations): the relative reduction of the\n  sum of squares is at most 1.0e-15, actual and predicted (then 4 Gauss–Newton\n  polishing steps)\n',
    );
  });

  it('colours each line of a wrapped warning on its own', () => {
    const text = renderFitText(parabolaFit({ converged: false, iterations: 1000, message: 'reached the step cap' }), { ...plain, chalk: COLOURED, chart: false, width: 60 });
    expect(text).toContain('\x1b[33mwarning: did not converge after 1000 iterations (31\x1b[39m\n\x1b[33m  evaluations): reached the step cap\x1b[39m\n');
  });

  it('lists the checks with ✓ and ✗', () => {
    const check = { kind: 'expect' as const, expected: 1.2, actual: 1.1713, difference: -0.0287, tolerance: 0.0012 };
    const text = renderFitText(
      parabolaFit({
        checks: [
          { ...check, name: 'c1', passed: false, message: 'c1 = 1.1713, expected 1.2 ± 0.0012 (off by -0.0287)' },
          { ...check, name: 'c2', passed: true, message: 'c2 = -0.542, as expected' },
        ],
      }),
      { ...plain, chart: false },
    );
    expect(text).toContain('✗ c1 = 1.1713, expected 1.2 ± 0.0012 (off by -0.0287)\n✓ c2 = -0.542, as expected\n');
  });

  it('calls a weighted RSS χ² and has no reduced χ² without degrees of freedom', () => {
    const text = renderFitText(
      parabolaFit({ columns: { x: 'x', y: 'y', sigma: 'dy', data: ['x'] }, stats: { n: 3, rss: 0, rmse: 0, r2: 1, dof: 0, chi2red: null } }),
      { ...plain, chart: false },
    );
    expect(text).toContain('  χ² (weighted RSS)  0\n');
    expect(text).toContain('  reduced χ²         – (no degrees of freedom)\n');
  });

  it('has no escape code anywhere at colour level 0, and colours at level 1', () => {
    const bad = parabolaFit({ converged: false, skipped: 1, checks: [{ name: 'r2', kind: 'min-r2', passed: false, expected: 0.99, actual: 0.97, difference: null, tolerance: null, message: 'R² 0.97 < 0.99' }] });
    expect(renderFitText(bad, plain)).not.toContain('\x1b');
    const coloured = renderFitText(bad, { ...plain, chalk: COLOURED });
    expect(coloured).toContain('\x1b[33mwarning: did not converge');
    expect(coloured).toContain('\x1b[31m✗\x1b[39m R² 0.97 < 0.99');
    expect(coloured).toContain('\x1b[1my = -0.542·x^2');
  });
});
