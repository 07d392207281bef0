/**
 * Flags that would do nothing where they are given are said, never silently ignored: refused
 * (exit 2, one line naming both flags) where the flag clearly cannot apply, a note on stderr
 * where a script may pass it to every run alike.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoCrash, expectOneError, gradfitAsync, json, plain, removeScratch, scratch } from './run.js';

const dir = scratch({
  'parabola.csv': 'x,y\n0,1.1\n1,2.9\n2,9.2\n3,19.1\n4,32.8\n5,51.2\n',
  'decay.csv': 'x,y\n0,5\n1,3.1\n2,1.9\n3,1.2\n4,0.7\n5,0.45\n',
});
afterAll(() => removeScratch(dir));
const run = (args: string[]) => gradfitAsync(args, { cwd: dir });

describe('refused: the flag cannot apply (exit 2, naming both flags)', () => {
  it.concurrent.each([
    ['--f-scale without --loss', ['fit', 'parabola.csv', '--degree', '2', '--f-scale', '2'], /--f-scale .*robust --loss.*the linear loss \(the default without --loss\) down-weights nothing/],
    ['--f-scale with --loss linear', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--loss', 'linear', '--f-scale', '0.5'], /--f-scale .*--loss linear down-weights nothing/],
    ['--seed with --degree', ['fit', 'parabola.csv', '--degree', '2', '--seed', '7'], /--seed sets where an iterative fit starts, and --degree 2 is solved exactly/],
    ['--start with --degree', ['fit', 'parabola.csv', '--degree', '2', '--start', 'c0=1'], /--start sets where an iterative fit starts, and --degree 2 is solved exactly/],
    ['--seed with --global', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--seed', '7', '--global'], /--seed .* --global asks for that search/],
    ['--seed when --start gives every parameter', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--start', 'a=5,k=0.5', '--seed', '7'], /--seed .*--start gives every parameter \(a, k\)/],
    ['--seed when --start and --fix give every parameter', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--start', 'a=5', '--fix', 'k=0.5', '--seed', '7'], /--seed .*--start gives every parameter \(a\)/],
    ['minimize --seed when --start gives every variable', ['minimize', '(x-1)^2 + (y-2)^2', '--start', 'x=0,y=0', '--seed', '3'], /--seed .*--start gives every variable \(x, y\)/],
    ['--rtol without --expect or --baseline', ['fit', 'parabola.csv', '--degree', '2', '--rtol', '1e-6'], /--rtol is a tolerance of --expect and --baseline, and neither is given/],
    ['minimize --atol without a check', ['minimize', '(x-1)^2', '--atol', '1e-9'], /--atol is a tolerance of --expect and --baseline/],
  ])('%s', async (_, args, message) => {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(2);
    expectOneError(r);
    expect(plain(r.stderr)).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('a note on stderr: the run goes on (exit 0)', () => {
  it.concurrent.each([
    ['--tol and --max-steps with --degree', ['fit', 'parabola.csv', '--degree', '2', '--tol', '1e-3', '--max-steps', '5', '--json'], /^gradfit: note: --tol, --max-steps have no effect with --degree 2, which is solved exactly/m],
    ['--global with --degree', ['fit', 'parabola.csv', '--degree', '2', '--global', '--json'], /^gradfit: note: --global has no effect with --degree 2/m],
    ['--start with a --model linear in its parameters', ['fit', 'parabola.csv', '--model', 'a*x^2 + b*x + c', '--start', 'a=1', '--json'], /^gradfit: note: --start had no effect: the model is linear in its parameters and was solved exactly/m],
    ['--plot with --json: the JSON alone on stdout', ['fit', 'parabola.csv', '--degree', '2', '--plot', '--json'], /^gradfit: note: --plot is not drawn with --format json, .*--plot-file/m],
  ])('%s', async (_, args, message) => {
    const r = await run(args);
    expectNoCrash(r);
    expect(r.code, r.stderr).toBe(0);
    expect(plain(r.stderr)).toMatch(message);
    expect(json(r).converged).toBe(true);
  });
});

describe('the same flags where they apply: no refusal, no note', () => {
  it.concurrent.each([
    ['--f-scale with a robust loss', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--loss', 'huber', '--f-scale', '0.5', '--json']],
    ['--seed with --degree and a descent method', ['fit', 'parabola.csv', '--degree', '2', '--method', 'adam', '--lr', '0.1', '--seed', '7', '--max-steps', '20000', '--json']],
    ['--start with --degree and --bounds', ['fit', 'parabola.csv', '--degree', '2', '--bounds', 'c0=0:', '--start', 'c0=1', '--json']],
    ['--seed for the parameters --start leaves out', ['fit', 'decay.csv', '--model', 'a*exp(-k*x)', '--start', 'a=5', '--seed', '7', '--json']],
    ['--rtol with --expect', ['fit', 'parabola.csv', '--degree', '2', '--expect', 'c2=2', '--rtol', '0.5', '--json']],
    ['--plot with the text report', ['fit', 'parabola.csv', '--degree', '2', '--plot']],
  ])('%s', async (_, args) => {
    const r = await run(args);
    expectNoCrash(r);
    expect([0, 3], r.stderr).toContain(r.code);
    expect(plain(r.stderr)).not.toMatch(/error|note: --|no effect/);
  });
});
