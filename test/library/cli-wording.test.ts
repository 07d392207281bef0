/**
 * The CLI words the typed errors' structured fields itself: the skip-invalid hint becomes the
 * flag, the kind decides the exit code (docs/CLI.md), an expression error gets its caret lines.
 */
import { describe, expect, it } from 'vitest';
import { expectOneError, gradfit } from '../cli/run.js';

describe('the CLI words typed errors', () => {
  it('a cell that is not a number: the hint as --skip-invalid, exit 2', () => {
    const r = gradfit(['fit', '-', '--degree', '1'], { input: 'x,y\n1,2\n2,abc\n3,4\n' });
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toBe('gradfit: error: <stdin>:3:2: expected a number in column 2 (y), found "abc" (--skip-invalid drops such rows)\n');
  });

  it('a row with too few fields: the same hint', () => {
    const r = gradfit(['fit', '-', '--degree', '1'], { input: 'x,y\n1,2\n2\n3,4\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:3: 1 field, expected at least 2 \(--skip-invalid drops such rows\)\n$/);
  });

  it('a data error that skipping cannot help has no hint', () => {
    const r = gradfit(['fit', 'no/such/file.csv', '--degree', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gradfit: error: no such file: no/such/file.csv\n');
  });

  it('an expression error: the caret lines, exit 2; a failed optimisation: exit 3', () => {
    const r = gradfit(['minimize', '3*x^^2']);
    expect(r.code).toBe(2);
    expectOneError(r, { caret: true });
    expect(gradfit(['minimize', 'x^3', '--quiet']).code).toBe(3);
  });
});
