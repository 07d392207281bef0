/**
 * The library throws typed errors — a GradfitError with a kind, and the subclass for it — for a
 * bad expression, bad data, bad options and a failed optimisation; it never writes to stdout or
 * stderr and never exits; and its messages do not tell a library user to pass a command-line flag.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataError, ExprError, fit, fitCsv, grad, GradfitError, InputError, minimize, OptimisationError } from '../../src/index.js';

/** The error `run` throws (or rejects with); fails when it returns. */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but the call returned');
}

const X = [0, 1, 2, 3, 4, 5, 6, 7];
const Y = X.map((x) => 3 * Math.exp(-0.4 * x) + 1 + 0.01 * Math.cos(5 * x));

/** No flag (--start, (--skip-invalid ...), -x) in a message meant for a library user; "exp(-k*x)" is no flag. */
const FLAG = /(^|[\s(])--[a-z]|(^|\s)-[a-z]\b/;

describe('typed errors', () => {
  it('a bad expression: ExprError, kind expression, with its column', async () => {
    const e = await thrown(() => fit({ x: X, y: Y, model: 'a*exp(-k*x' }));
    expect(e).toBeInstanceOf(ExprError);
    expect(e).toBeInstanceOf(GradfitError);
    const err = e as ExprError;
    expect(err.kind).toBe('expression');
    expect(err.column).toBeGreaterThan(1);
    expect(err.caret()).toContain('^');
    expect((await thrown(() => minimize('3*x^^2'))) as GradfitError).toMatchObject({ kind: 'expression' });
    expect((await thrown(() => grad('sin(', { x: 1 }))) as GradfitError).toBeInstanceOf(ExprError);
  });

  it('a cell that is not a number: DataError, kind data, its position and a structured hint (no flag in the message)', async () => {
    const e = await thrown(() => fitCsv({ csv: 'x,y\n1,2\n2,abc\n3,5\n4,7\n', degree: 1 }));
    expect(e).toBeInstanceOf(DataError);
    const err = e as DataError;
    expect(err.kind).toBe('data');
    expect(err.position).toEqual({ source: '<csv>', line: 3, column: 2 });
    expect(err.hint).toEqual({ kind: 'skip-invalid' });
    expect(err.message).toMatch(/^<csv>:3:2: expected a number in column 2 \(y\), found/);
    expect(err.message).not.toMatch(FLAG);
    // The option the hint stands for works.
    const r = await fitCsv({ csv: 'x,y\n1,2\n2,abc\n3,5\n4,7\n', degree: 1, skipInvalid: true });
    expect(r.skipped).toBe(1);
    expect(r.stats.n).toBe(3);
  });

  it('a decimal comma: the option that reads it, and no hint to drop the row (that would drop them all)', async () => {
    const csv = 'x;y\n1;2,5\n2;3,5\n3;4,5\n';
    const err = (await thrown(() => fitCsv({ csv, degree: 1 }))) as DataError;
    expect(err).toMatchObject({ kind: 'data', hint: null, position: { line: 2, column: 2 } });
    expect(err.message).toContain("set `decimal` to ','");
    expect((await fitCsv({ csv, degree: 1, decimal: ',' })).params.c1).toBeCloseTo(1, 12);
  });

  it('bad arrays: DataError (lengths, values), with skipInvalid for values', async () => {
    const short = (await thrown(() => fit({ x: X.slice(1), y: Y, degree: 1 }))) as DataError;
    expect(short).toBeInstanceOf(DataError);
    expect(short.message).toMatch(/`x` has 7 values but `y` has 8/);
    const nan = (await thrown(() => fit({ x: X, y: [...Y.slice(0, 3), NaN, ...Y.slice(4)], degree: 1 }))) as DataError;
    expect(nan).toMatchObject({ kind: 'data', hint: { kind: 'skip-invalid' } });
    expect(nan.message).toContain('`y[3]` is NaN');
    expect(fit({ x: X, y: [...Y.slice(0, 3), NaN, ...Y.slice(4)], degree: 1, skipInvalid: true }).skipped).toBe(1);
    expect((await thrown(() => fit({ x: X, y: Y, sigma: X, degree: 1 }))) as DataError).toMatchObject({ kind: 'data', message: expect.stringMatching(/sigma.*positive.*row 0/) });
    expect((await thrown(() => fit({ x: X, y: ['1', 2] as unknown as number[], degree: 1 }))) as DataError).toBeInstanceOf(DataError);
  });

  it('bad options: InputError, kind input, with the option in `option` and in the words', async () => {
    const cases: [string, () => unknown, RegExp, string][] = [
      ['model and degree', () => fit({ x: X, y: Y, model: 'a*x', degree: 1 }), /`degree` and `model`/, 'model'],
      ['neither', () => fit({ x: X, y: Y }), /a `model` expression .* or a polynomial `degree`/, 'model'],
      ['a fractional degree', () => fit({ x: X, y: Y, degree: 1.5 }), /`degree` must be a whole number/, 'degree'],
      ['an unknown method', () => fit({ x: X, y: Y, degree: 1, method: 'newton' as 'lm' }), /unknown method 'newton'/, 'method'],
      ['a start that is not a number', () => fit({ x: X, y: Y, model: 'a*x', start: { a: Number.NaN } }), /`start.a` must be a finite number, not NaN/, 'start'],
      ['a start for no parameter', () => fit({ x: X, y: Y, model: 'a*exp(-k*x)+c', start: { q: 1 } }), /`start` names 'q', which is not a parameter/, 'start'],
      ['a start outside its bounds', () => fit({ x: X, y: Y, model: 'a*exp(-k*x)+c', start: { k: -1 }, bounds: { k: [0, null] } }), /`start` gives k=-1, outside its `bounds`/, 'start'],
      ['bounds the wrong way round', () => fit({ x: X, y: Y, model: 'a*exp(-k*x)+c', bounds: { k: [1, 0] } }), /`bounds.k` is \[1, 0\]/, 'bounds'],
      ['absoluteSigma without sigma', () => fit({ x: X, y: Y, degree: 1, absoluteSigma: true }), /`absoluteSigma` needs `sigma`/, 'absoluteSigma'],
      ['a level of 95', () => fit({ x: X, y: Y, degree: 1, level: 95 }), /`level` must be a probability/, 'level'],
      ['the model uses x, no x given', () => fit({ y: Y, model: 'a*x' }), /give `x`/, 'x'],
      ['a column that is not an array', () => fit({ x: X, y: Y, model: 'a*t', columns: { t: 3 as unknown as number[] } }), /`columns.t` must be an array/, 'columns'],
      ['CSV text given to fit', () => fit({ csv: 'x,y\n1,2\n', degree: 1 } as unknown as Parameters<typeof fit>[0]), /fitCsv/, 'csv'],
      ['minimize: a start for no variable', () => minimize('x^2', { start: { y: 1 } }), /`start` names 'y'/, 'start'],
      ['minimize: maxSteps 0', () => minimize('x^2', { maxSteps: 0 }), /`maxSteps` must be a whole number from 1/, 'maxSteps'],
      ['grad: a variable without a value', () => grad('w*x+b', { x: 1, w: 2 }), /no value for 'b'.*`at`/, 'at'],
      ['grad: a value for no variable', () => grad('w*x', { x: 1, w: 2, z: 3 }), /`at` gives 'z'/, 'at'],
    ];
    for (const [what, run, message, option] of cases) {
      const e = await thrown(run);
      expect(e, what).toBeInstanceOf(InputError);
      expect((e as InputError).kind, what).toBe('input');
      expect((e as InputError).option, what).toBe(option);
      expect((e as Error).message, what).toMatch(message);
      expect((e as Error).message, what).not.toMatch(FLAG);
    }
    // An error the use case finds (not an option's value) names no option.
    const tooFew = (await thrown(() => fit({ x: [1, 2], y: [1, 2], degree: 2 }))) as InputError;
    expect(tooFew).toMatchObject({ kind: 'input', option: null, message: 'degree 2 needs at least 3 data rows, but the data has 2' });
  });

  it('a failed fit and a failed minimisation: OptimisationError, kind optimisation, with the result', async () => {
    const e = await thrown(() => fit({ x: X, y: Y.map((y) => 100 * y), model: 'a*exp(-k*x)+c', start: { a: 10, k: 0.1, c: 0 }, method: 'gd', lr: 1 }));
    expect(e).toBeInstanceOf(OptimisationError);
    const err = e as OptimisationError;
    expect(err.kind).toBe('optimisation');
    expect(err.result.command).toBe('fit');
    expect(err.result.failure).not.toBeNull();
    expect(err.message).toContain(err.result.failure?.message);

    const unbounded = (await thrown(() => minimize('x^3'))) as OptimisationError;
    expect(unbounded).toBeInstanceOf(OptimisationError);
    expect(unbounded.result).toMatchObject({ command: 'minimize', reason: 'unbounded' });
  });

  it('a run that stops at the step cap is returned, not thrown: converged false', () => {
    const r = minimize('(1-x)^2 + 100*(y-x^2)^2', { method: 'gd', lr: 1e-4, maxSteps: 5 });
    expect(r.converged).toBe(false);
    expect(r.failure).toBeNull();
  });
});

describe('nothing on stdout or stderr, no process.exit', () => {
  const writes: string[] = [];
  beforeEach(() => {
    writes.length = 0;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (writes.push(`stdout: ${String(chunk)}`), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (writes.push(`stderr: ${String(chunk)}`), true));
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) called`);
    }) as typeof process.exit);
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void writes.push(`console.log: ${a.join(' ')}`));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void writes.push(`console.error: ${a.join(' ')}`));
    vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void writes.push(`console.warn: ${a.join(' ')}`));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    const exitCode = process.exitCode;
    process.exitCode = undefined;
    expect(exitCode ?? 0).toBe(0);
  });

  it('successful runs, warnings, skipped rows, and every kind of error', async () => {
    // A fit with data columns by name, skipped rows and a fit that warns (a rank-deficient model).
    const okCsv = await fitCsv({ csv: 'label,t,v\na,0,1\nb,1,3\nc,x,4\nd,2,5.1\ne,3,6.9\n', model: 'a + b*t', y: 'v', skipInvalid: true });
    expect(okCsv.skipped).toBe(1);
    const deficient = fit({ x: X, y: Y, model: 'a*b*x + c' });
    expect(deficient.rank).not.toBeNull();
    fit({ x: X, y: Y, model: 'a*exp(-k*x)+c' });
    minimize('x^2 + y^2', { global: true });
    grad('sin(x)*y', { x: 1, y: 2 });
    const failures = [
      () => fit({ x: X, y: Y, model: 'a*' }),
      () => fitCsv({ csv: 'x,y\n1,2\n2,abc\n', degree: 1 }),
      () => fitCsv({ csv: '', degree: 1 }),
      () => fit({ x: X, y: Y, degree: 1, maxSteps: 0 }),
      () => minimize('x^3'),
      () => minimize('-exp(x)', { method: 'gd' }),
    ];
    for (const run of failures) expect(await thrown(run)).toBeInstanceOf(GradfitError);
    expect(writes).toEqual([]);
  });
});
