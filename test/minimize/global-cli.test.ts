/** `gradfit minimize --global` and `--range` end to end, through the built CLI (npm run build first). */
import { describe, expect, it } from 'vitest';
import { expectNoCrash, gradfit, gradfitAsync, json, plain } from '../cli/run.js';

const FR = '(-13 + x1 + ((5 - x2)*x2 - 2)*x2)^2 + (-29 + x1 + ((x2 + 1)*x2 - 14)*x2)^2';

describe('minimize --global', () => {
  it('takes Freudenstein–Roth from (0.5, -2) to the global minimum, with the search in the JSON', () => {
    const r = gradfit(['minimize', FR, '--start', 'x1=0.5,x2=-2', '--global', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = json(r) as Record<string, any>;
    expect(out).toMatchObject({ command: 'minimize', method: 'lbfgs', minimum: 0, at: { x1: 5, x2: 4 }, converged: true });
    const s = out.search;
    expect(Object.keys(s)).toEqual(['starts', 'candidates', 'reachedBest', 'nextBest', 'box', 'budget']);
    expect(s.box).toEqual({ x1: [-9.5, 10.5], x2: [-22, 18] });
    expect(s.starts).toBeGreaterThan(10);
    expect(s.candidates).toBeGreaterThan(1000);
    expect(s.reachedBest).toBeGreaterThanOrEqual(1);
    expect(s.reachedBest).toBeLessThanOrEqual(s.starts);
    expect(s.nextBest.f).toBeCloseTo(48.98425367924, 8);
    expect(Object.keys(s.nextBest.at)).toEqual(['x1', 'x2']);
    expect(out.evaluations).toBeGreaterThan(s.candidates);
  });

  it('says so when the minimum it reports lies outside the box (the box is where it looks, not a bound)', () => {
    const r = gradfit(['minimize', 'sin(x) - x^2/1000', '--range', 'x=-1:1', '--no-chart']);
    expect(r.code).toBe(0);
    expect(plain(r.stdout + r.stderr).replace(/\s+/g, ' ')).toMatch(/the lowest minimum lies outside the box in x \(the box is where the search looks, not a bound\)/);
    const inside = gradfit(['minimize', FR, '--start', 'x1=0.5,x2=-2', '--global', '--no-chart']);
    expect(plain(inside.stdout + inside.stderr)).not.toMatch(/outside the box/);
  });

  it('without --global the same start still ends in the local minimum (behaviour unchanged)', () => {
    const r = gradfit(['minimize', FR, '--start', 'x1=0.5,x2=-2', '--json']);
    expect(r.code).toBe(0);
    const out = json(r) as Record<string, any>;
    expect(out.minimum).toBeCloseTo(48.98425367924, 8);
    expect(out.search).toBeUndefined();
  });

  it('is deterministic: two runs give byte-identical output (JSON and text)', async () => {
    const args = ['minimize', '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)', '--start', 'x=3.3,y=-2.7', '--global'];
    const [a, b, c, d] = await Promise.all([gradfitAsync([...args, '--json']), gradfitAsync([...args, '--json']), gradfitAsync(args), gradfitAsync(args)]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).toBe(d.stdout);
    expect((JSON.parse(a.stdout) as { minimum: number }).minimum).toBe(0);
  });

  it('says what the search did in one line of the text report', () => {
    const r = gradfit(['minimize', FR, '--start', 'x1=0.5,x2=-2', '--global', '--no-color']);
    expect(r.code).toBe(0);
    const text = plain(r.stdout).replace(/\n  /g, ' ');
    expect(text).toMatch(/^minimum f = 0 at x1 = 5, x2 = 4$/m);
    expect(text).toMatch(/^global search: \d+ points screened in x1 in \[-9\.5, 10\.5\], x2 in \[-22, 18\]; \d+ local runs, \d+ reached the lowest value; next lowest minimum f = 48\.98\d+ at x1 = 11\.41\d+, x2 = -0\.8968\d+$/m);
  });

  it('--range sets the box of some variables and implies --global; the others get the default box', () => {
    const r = gradfit(['minimize', '(x-1)^2 + (y+2)^2 + sin(5*x)^2', '--range', 'x=-3:4', '--start', 'y=1', '--json']);
    expect(r.code).toBe(0);
    const out = json(r) as Record<string, any>;
    expect(out.search.box).toEqual({ x: [-3, 4], y: [-9, 11] });
    expect(out.converged).toBe(true);
  });

  it('--range is repeatable and --quiet prints only the result', () => {
    const r = gradfit(['minimize', '(-13 + x1 + ((5 - x2)*x2 - 2)*x2)^2 + (-29 + x1 + ((x2 + 1)*x2 - 14)*x2)^2', '--range', 'x1=-20:20', '--range', 'x2=-10:10', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('x1 = 5\nx2 = 4\n');
  });

  it('--trace shows the path of the best local run', () => {
    const r = gradfit(['minimize', FR, '--start', 'x1=0.5,x2=-2', '--global', '--trace']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('step,f,x1,x2');
    expect(rows.at(-1)).toMatch(/,0,5,4$/);
    expect(r.stderr).toMatch(/global search: /);
  });

  it.each([
    [['--range', 'x=1:1'], /--range x=1:1: LO must be below HI/],
    [['--range', 'x=2:-2'], /--range x=2:-2: LO must be below HI/],
    [['--range', 'z=0:1'], /--range names 'z', which is not in the expression \(its variables are: x, y\)/],
    [['--range', 'x=a:1'], /--range x LO must be a number, got 'a'/],
    [['--range', 'x=0:inf'], /--range x HI must be a number, got 'inf'/],
    [['--range', 'x=1'], /--range x expects LO:HI, got '1'/],
    [['--range', 'x'], /--range expects NAME=LO:HI, got 'x'/],
    [['--range', 'x=0:1,x=2:3'], /--range gives 'x' twice/],
    [['--range', ''], /--range needs NAME=LO:HI pairs/],
  ])('%j is one line "gradfit: error: ..." and exit 2', (flags, message) => {
    const r = gradfit(['minimize', 'x^2 + y^2', ...flags]);
    expectNoCrash(r);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gradfit: error: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
  });

  it('f finite nowhere in the box is an input error (exit 2)', () => {
    const r = gradfit(['minimize', 'sqrt(-x-100)', '--range', 'x=0:1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: the expression is not finite at the start or at any of the \d+ points screened in x in \[0, 1\]; give a box where it is defined with --range\n$/);
  });

  it.each([
    ['x^3', []],
    ['x^3', ['--range', 'x=-1:1']],
    ['sin(x) - x^2/1000', []],
    ['x - y^2', ['--range', 'x=0:1,y=0:1']],
  ])('%s %j: no minimum, exit 3, never a converged result', (expr, flags) => {
    const r = gradfit(['minimize', expr, '--global', ...flags, '--json']);
    expect(r.code).toBe(3);
    const out = json(r) as Record<string, any>;
    expect(out.converged).toBe(false);
    expect(out.reason).toBe('unbounded');
    expect(r.stderr).toMatch(/^gradfit: error: .*decreases without bound/);
  });

  it('exp(x): only an asymptote, exit 3', () => {
    const r = gradfit(['minimize', 'exp(x)', '--global']);
    expect(r.code).toBe(3);
  });

  it('--help lists --global and --range', () => {
    const r = gradfit(['minimize', '--help']);
    expect(r.stdout).toMatch(/--global/);
    expect(r.stdout).toMatch(/--range <name=lo:hi,\.\.\.>/);
  });
});
