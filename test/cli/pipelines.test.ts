/**
 * gradfit in shell pipelines and CI jobs (issue 5): stdin is a file like any other, machine
 * output is exactly what it says, regression checks fail the build with a reason, saved models
 * predict, exit codes follow docs/CLI.md, closed pipes end quietly and output is reproducible.
 */
import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectNoCrash, expectOneError, gradfit, json, plain, removeScratch, scratch, shell, REFERENCE, type Run } from './run.js';

const SEED = readFileSync(join(REFERENCE, 'seed_parabola.csv'));
/** A small exact line, y = 2t + 1, with named columns. */
const LINE = 't,counts\n0,1\n1,3\n2,5\n3,7\n4,9\n';

let dir: string;
let fitted: any; // `fit data.csv --degree 2 --json`, the reference run
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = scratch({ 'data.csv': SEED, 'line.csv': LINE });
  const r = gradfit(['fit', 'data.csv', '--degree', '2', '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  fitted = json(r);
});

afterAll(() => removeScratch(dir));

const fit = (args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Run =>
  gradfit(['fit', ...args], { cwd: dir, ...opts });

/** The value of c0 + c1·x + c2·x² for the reference fit. */
const parabola = (x: number): number => fitted.params.c0 + fitted.params.c1 * x + fitted.params.c2 * x * x;


/** The output without JSON's provenance (which names the input and arguments), keeping the input's hash and size. */
function sameResult(stdout: string): string {
  if (!stdout.startsWith('{')) return stdout;
  const doc = JSON.parse(stdout);
  const input = doc.provenance?.input;
  if (doc.provenance) doc.provenance = { bytes: input?.bytes, sha256: input?.sha256, rows: doc.provenance.rows };
  return JSON.stringify(doc);
}

describe('stdin is the same bytes as a file', () => {
  it.each([
    ['--json', ['--json']],
    ['text', ['--no-color']],
    ['csv', ['--format', 'csv']],
  ])('fit FILE, fit - and piped fit give byte-identical %s output', (_, flags) => {
    const fromFile = fit(['data.csv', '--degree', '2', ...flags]);
    const fromDash = fit(['-', '--degree', '2', ...flags], { input: SEED });
    const piped = fit(['--degree', '2', ...flags], { input: SEED });
    expect(fromFile.code).toBe(0);
    expect(fromDash.code).toBe(0);
    expect(piped.code).toBe(0);
    // JSON's provenance names the input and the arguments, which differ by design; its hash does not.
    expect(sameResult(fromDash.stdout)).toBe(sameResult(fromFile.stdout));
    expect(sameResult(piped.stdout)).toBe(sameResult(fromFile.stdout));
    expect(fromDash.stderr).toBe(fromFile.stderr);
  });

  it('a model fit reads named columns from stdin as from the file', () => {
    const args = ['--model', 'a*t+b', '-x', 't', '-y', 'counts', '--json'];
    const fromFile = fit(['line.csv', ...args]);
    const piped = fit(args, { input: LINE });
    expect(fromFile.code).toBe(0);
    expect(sameResult(piped.stdout)).toBe(sameResult(fromFile.stdout));
    const out = json(piped);
    expect(out.params.a).toBeCloseTo(2, 10);
    expect(out.params.b).toBeCloseTo(1, 10);
  });
});

describe('machine-readable output', () => {
  it('--json is exactly one JSON document, with no colour even when colour is forced', () => {
    for (const [command, args] of [
      ['fit', ['fit', 'data.csv', '--degree', '2', '--json']],
      ['minimize', ['minimize', '(x-1)^2 + (y+2)^2', '--json']],
      ['grad', ['grad', 'x*y', '--at', 'x=2,y=3', '--json']],
    ] as const) {
      const r = gradfit([...args], { cwd: dir, env: { FORCE_COLOR: '1' } });
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).not.toContain('\u001b');
      expect(r.stdout.trimStart().startsWith('{'), command).toBe(true);
      expect(r.stdout.endsWith('}\n'), command).toBe(true);
      expect(() => JSON.parse(r.stdout), command).not.toThrow();
      expect(r.stderr, command).toBe('');
    }
  });

  it('--json carries the fields docs/CLI.md promises, numbers at full precision', () => {
    expect(Object.keys(fitted)).toEqual(expect.arrayContaining(['model', 'method', 'params', 'stderr', 'stats', 'iterations', 'converged', 'checks']));
    expect(Object.keys(fitted.stats)).toEqual(expect.arrayContaining(['n', 'rss', 'rmse', 'r2', 'dof']));
    // Full precision: the text of each number reads back as itself with 15+ significant digits.
    expect(String(fitted.params.c1).replace(/[-.]/g, '').length).toBeGreaterThanOrEqual(15);
    const m = json(gradfit(['minimize', '(x-1)^2 + (y+2)^2', '--json']));
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['expr', 'method', 'minimum', 'at', 'gradient', 'iterations', 'converged']));
    expect(m.at.x).toBeCloseTo(1, 8);
    expect(m.at.y).toBeCloseTo(-2, 8);
  });

  it('--format csv is a header row of names and one row of values', () => {
    const r = fit(['data.csv', '--degree', '2', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const header = lines[0].split(',');
    const values = lines[1].split(',');
    expect(values).toHaveLength(header.length);
    expect(header).toEqual(expect.arrayContaining(['c0', 'c1', 'c2']));
    for (const name of ['c0', 'c1', 'c2']) expect(Number(values[header.indexOf(name)])).toBe(fitted.params[name]);
    for (const name of ['n', 'rss', 'rmse', 'r2']) {
      if (header.includes(name)) expect(Number(values[header.indexOf(name)])).toBe(fitted.stats[name]);
    }

    const m = gradfit(['minimize', '(x-1)^2', '--format', 'csv']);
    expect(m.code).toBe(0);
    const [mh, mv] = m.stdout.trimEnd().split('\n').map((l) => l.split(','));
    expect(m.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(mv).toHaveLength(mh!.length);
    expect(Number(mv![mh!.indexOf('x')])).toBeCloseTo(1, 8);
  });

  it('--quiet prints only the result lines: one per parameter, at full precision', () => {
    const r = fit(['data.csv', '--degree', '2', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = plain(r.stdout).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, k) => {
      const m = /^\s*(c\d)\s*[=:\s]\s*(\S+)\s*$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![1]).toBe(`c${k}`);
      expect(Number(m![2])).toBe(fitted.params[`c${k}`]);
    });

    const q = gradfit(['minimize', '(x-1)^2 + (y+2)^2', '--quiet']);
    expect(q.code).toBe(0);
    expect(plain(q.stdout).trimEnd().split('\n').length).toBeLessThanOrEqual(3);
  });
});

describe('regression checks (CI)', () => {
  it('--expect passes within the default rtol of 1e-3, and says nothing on stderr', () => {
    const r = fit(['data.csv', '--degree', '2', '--expect', 'c1=1.1713,c2=-0.542', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const checks = json(r).checks;
    expect(checks).toHaveLength(2);
    for (const c of checks) expect(c).toMatchObject({ kind: 'expect', passed: true });
  });

  it('--expect fails with exit 1 and says what was expected, what came out and the difference', () => {
    const r = fit(['data.csv', '--degree', '2', '--expect', 'c1=1.2']);
    expectNoCrash(r);
    expect(r.code).toBe(1);
    const said = plain(r.stdout + r.stderr);
    expect(said).toMatch(/c1/);
    expect(said).toMatch(/1\.2\b/); // expected
    expect(said).toMatch(/1\.171\d*/); // actual
    expect(said).toMatch(/-?0\.0287\d*/); // difference
  });

  it('a failed check is in the JSON and on stderr, so a script reading stdout still sees why', () => {
    const r = fit(['data.csv', '--degree', '2', '--expect', 'c1=1.2', '--json']);
    expect(r.code).toBe(1);
    const [check] = json(r).checks;
    expect(check).toMatchObject({ name: 'c1', kind: 'expect', passed: false, expected: 1.2 });
    expect(check.actual).toBe(fitted.params.c1);
    expect(check.difference).toBeCloseTo(fitted.params.c1 - 1.2, 12);
    expect(r.stderr).toMatch(/c1.*1\.2.*0\.0287/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a failed check is said on stderr even with --quiet', () => {
    const r = fit(['data.csv', '--degree', '2', '--expect', 'c1=1.2', '--quiet']);
    expect(r.code).toBe(1);
    expect(plain(r.stdout + r.stderr)).toMatch(/c1.*1\.2.*0\.0287/);
  });

  it.each([
    ['a wider --rtol passes', ['--rtol', '0.05'], 0],
    ['--rtol 0 with a wide --atol passes', ['--rtol', '0', '--atol', '0.03'], 0],
    ['--rtol 0 with a narrow --atol fails', ['--rtol', '0', '--atol', '0.02'], 1],
  ])('--expect c1=1.2: %s', (_, flags, code) => {
    const r = fit(['data.csv', '--degree', '2', '--expect', 'c1=1.2', ...flags, '--json']);
    expect(r.code).toBe(code);
    expect(json(r).checks[0].passed).toBe(code === 0);
  });

  it('--expect on minimize checks where the minimum is', () => {
    expect(gradfit(['minimize', '(x-2)^2', '--expect', 'x=2', '--atol', '1e-6']).code).toBe(0);
    const r = gradfit(['minimize', '(x-2)^2', '--expect', 'x=3', '--atol', '1e-6', '--json']);
    expect(r.code).toBe(1);
    expect(json(r).checks[0]).toMatchObject({ name: 'x', passed: false, expected: 3 });
  });

  describe('--baseline', () => {
    beforeAll(() => {
      writeFileSync(at('base.json'), fit(['data.csv', '--degree', '2', '--json']).stdout);
      const drifted = JSON.parse(readFileSync(at('base.json'), 'utf8'));
      drifted.params.c1 *= 1.01;
      writeFileSync(at('drifted.json'), JSON.stringify(drifted));
      writeFileSync(at('linear.json'), fit(['data.csv', '--degree', '1', '--json']).stdout);
      writeFileSync(at('cubic.json'), fit(['data.csv', '--degree', '3', '--json']).stdout);
    });

    it('passes against an earlier --json result of the same fit', () => {
      const r = fit(['data.csv', '--degree', '2', '--baseline', 'base.json', '--rtol', '1e-12', '--json']);
      expect(r.code).toBe(0);
      const checks = json(r).checks;
      expect(checks.map((c: any) => c.name).sort()).toEqual(['c0', 'c1', 'c2']);
      for (const c of checks) expect(c).toMatchObject({ kind: 'baseline', passed: true });
    });

    it('fails with exit 1 when a coefficient drifted, naming it and by how much', () => {
      const r = fit(['data.csv', '--degree', '2', '--baseline', 'drifted.json']);
      expectNoCrash(r);
      expect(r.code).toBe(1);
      const said = plain(r.stdout + r.stderr);
      expect(said).toMatch(/c1/);
      expect(said).toMatch(/-0\.0117\d*/); // the difference: 1% of 1.1713
      const j = json(fit(['data.csv', '--degree', '2', '--baseline', 'drifted.json', '--json']));
      expect(j.checks.filter((c: any) => !c.passed).map((c: any) => c.name)).toEqual(['c1']);
    });

    it('fails when this result has a parameter the baseline lacks', () => {
      const r = fit(['data.csv', '--degree', '2', '--baseline', 'linear.json', '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/c2.*(not in|missing)/);
      expect(json(r).checks.find((c: any) => c.name === 'c2').passed).toBe(false);
    });

    it('fails when the baseline has a parameter this result lacks', () => {
      const r = fit(['data.csv', '--degree', '2', '--baseline', 'cubic.json', '--json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/c3/);
      expect(json(r).checks.find((c: any) => c.name === 'c3').passed).toBe(false);
    });
  });

  it('--max-rmse and --min-r2 pass and fail on the fit statistics', () => {
    const { rmse, r2 } = fitted.stats;
    const pass = fit(['data.csv', '--degree', '2', '--max-rmse', String(rmse * 1.01), '--min-r2', String(r2 * 0.99), '--json']);
    expect(pass.code).toBe(0);
    expect(json(pass).checks.map((c: any) => [c.kind, c.passed])).toEqual([
      ['max-rmse', true],
      ['min-r2', true],
    ]);

    const tooRough = fit(['data.csv', '--degree', '2', '--max-rmse', '1.5']);
    expect(tooRough.code).toBe(1);
    expect(plain(tooRough.stdout + tooRough.stderr)).toMatch(/RMSE.*1\.93\d*.*1\.5|1\.5.*1\.93/);

    const tooLoose = fit(['data.csv', '--degree', '2', '--min-r2', '0.9999', '--json']);
    expect(tooLoose.code).toBe(1);
    expect(json(tooLoose).checks[0]).toMatchObject({ kind: 'min-r2', passed: false, expected: 0.9999, actual: r2 });
  });
});

describe('--save and predict', () => {
  beforeAll(() => {
    const r = fit(['data.csv', '--degree', '2', '--save', 'model.json', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = fit(['line.csv', '--model', 'a*t+b', '-x', 't', '-y', 'counts', '--save', 'line-model.json']);
    expect(s.code, s.stderr).toBe(0);
  });

  it('writes the expression, the values, the standard errors, the columns and a format version', () => {
    const model = JSON.parse(readFileSync(at('model.json'), 'utf8'));
    const text = JSON.stringify(model);
    expect(text).toContain('c0 + c1*x + c2*x^2');
    expect(model.params).toEqual(fitted.params);
    expect(model.stderr).toEqual(fitted.stderr);
    expect(Object.keys(model)).toEqual(expect.arrayContaining(['version']));
    expect(text).toMatch(/"x"/);
    // Written atomically: no temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => /tmp|~$|\.part$/.test(f))).toEqual([]);
  });

  it('predicts x,y rows from one number per line, from a file and from stdin', () => {
    writeFileSync(at('xs.txt'), '0\n1\n2.5\n-4\n');
    const fromFile = gradfit(['predict', 'model.json', 'xs.txt'], { cwd: dir });
    const fromDash = gradfit(['predict', 'model.json', '-'], { cwd: dir, input: '0\n1\n2.5\n-4\n' });
    const piped = gradfit(['predict', 'model.json'], { cwd: dir, input: '0\n1\n2.5\n-4\n' });
    for (const r of [fromFile, fromDash, piped]) {
      expectNoCrash(r);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(fromFile.stdout);
    }
    const lines = fromFile.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('x,y');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.map((r) => r[0])).toEqual([0, 1, 2.5, -4]);
    for (const [x, y] of rows) expect(y).toBeCloseTo(parabola(x!), 12);
  });

  it('predicts from a CSV by column name, whatever the column order', () => {
    writeFileSync(at('new.csv'), 'id,counts,t\n1,99,10\n2,99,-1.5\n');
    const r = gradfit(['predict', 'line-model.json', 'new.csv'], { cwd: dir });
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows).toHaveLength(2);
    expect(rows[0][0]).toBe(10);
    expect(rows[0][1]).toBeCloseTo(21, 10);
    expect(rows[1][0]).toBe(-1.5);
    expect(rows[1][1]).toBeCloseTo(-2, 10);
  });

  it('--save replaces an older model whole', () => {
    writeFileSync(at('old.json'), '{"partial": tru');
    expect(fit(['data.csv', '--degree', '1', '--save', 'old.json']).code).toBe(0);
    const model = JSON.parse(readFileSync(at('old.json'), 'utf8'));
    expect(Object.keys(model.params)).toEqual(['c0', 'c1']);
  });

  it('--save refuses to overwrite the input data (exit 2), however the path is written', () => {
    linkSync(at('line.csv'), at('hardlink.csv'));
    symlinkSync(at('line.csv'), at('symlink.csv'));
    for (const target of ['line.csv', './line.csv', at('line.csv'), 'hardlink.csv', 'symlink.csv']) {
      const r = fit(['line.csv', '--degree', '1', '--save', target]);
      expectOneError(r);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toMatch(/overwrite|input/);
      expect(readFileSync(at('line.csv'), 'utf8'), target).toBe(LINE);
    }
  });

  it('--save into a folder that does not exist fails cleanly and leaves nothing behind', () => {
    const r = fit(['line.csv', '--degree', '1', '--save', 'no/such/folder/model.json']);
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(existsSync(at('no'))).toBe(false);
  });

  it('a failed fit saves nothing', () => {
    const r = fit(['data.csv', '--degree', '2', '--method', 'gd', '--lr', '10', '--save', 'diverged.json']);
    expect(r.code).toBe(3);
    expect(existsSync(at('diverged.json'))).toBe(false);
  });
});

describe('exit codes', () => {
  it('--strict turns "stopped at the step cap" into exit 3; without it the run is a success that says so', () => {
    const args = ['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--start', 'x=-1.2,y=1', '--max-steps', '3', '--json'];
    const lenient = gradfit(args);
    expect(lenient.code).toBe(0);
    const out = json(lenient);
    expect(out.converged).toBe(false);
    expect(out.iterations).toBeLessThanOrEqual(3);
    expect(lenient.stderr).toMatch(/^gradfit: warning: .*converge/);

    const strict = gradfit([...args, '--strict']);
    expectOneError(strict);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/converge/);
    expect(json(strict).converged).toBe(false);

    const strictFit = fit(['data.csv', '--degree', '2', '--method', 'gd', '--max-steps', '2', '--strict']);
    expect(strictFit.code).toBe(3);
    expect(strictFit.stderr).toMatch(/^gradfit: error: .*converge/);
  });

  it('a converged run is not affected by --strict', () => {
    expect(gradfit(['minimize', '(x-1)^2', '--strict']).code).toBe(0);
    expect(fit(['data.csv', '--degree', '2', '--strict']).code).toBe(0);
  });

  it('a failed optimisation (exit 3) outranks a failed check (exit 1)', () => {
    const r = gradfit(['minimize', '3*x^2+2*x-1.2', '--method', 'gd', '--lr', '10', '--expect', 'x=5', '--json']);
    expect(r.code).toBe(3);
  });
});

describe('a closed pipe ends quietly', () => {
  it('minimize --trace | head -1: head gets the header, gradfit no EPIPE trace', () => {
    // About 4 MB of trace rows, far more than a pipe holds once head has gone.
    const r = shell(
      '( gradfit minimize "x^4 - 3*x" --method gd --lr 1e-7 --tol 0 --max-steps 100000 --trace --quiet; echo "exit=$?" >&2 ) | head -1',
      { cwd: dir },
    );
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('step,f,x\n');
    expect(r.stderr).not.toMatch(/EPIPE|error/i);
    expect(r.stderr).toMatch(/(^|\n)exit=(0|141)\n$/);
  });

  it('predict | head -2 over 300,000 rows', () => {
    const r = shell('( seq 1 300000 | gradfit predict model.json; echo "exit=$?" >&2 ) | head -2', { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('x,y');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^exit=(0|141)\n$/);
  });

  it('writes every byte to a non-blocking pipe that fills up (a full pipe is waited for, not an error)', () => {
    // Python hands gradfit a pipe in O_NONBLOCK mode (Node's own spawn would make it blocking),
    // then drains it slowly: gradfit's writes meet EAGAIN whenever the 64 KB pipe is full.
    writeFileSync(at('xs.txt'), Array.from({ length: 50000 }, (_, i) => `${i}\n`).join(''));
    writeFileSync(
      at('nonblocking.py'),
      [
        'import fcntl, os, subprocess, sys, time',
        'r, w = os.pipe()',
        'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
        'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)',
        'os.close(w)',
        'time.sleep(0.3)',
        "data = b''",
        'while True:',
        '    chunk = os.read(r, 65536)',
        '    if not chunk: break',
        '    data += chunk',
        '    time.sleep(0.001)',
        'p.wait()',
        "print(p.returncode, data.count(b'\\n'), data.splitlines()[-1].decode(), repr(p.stderr.read().decode()))",
      ].join('\n'),
    );
    const r = shell(`python3 nonblocking.py ${JSON.stringify(BIN)} predict model.json xs.txt`, { cwd: dir });
    expect(r.stdout.trim(), r.stderr).toMatch(/^0 50001 49999,\S+ ''$/);
  });

  it('a full disk on stdout is one clear error (exit 2), and a closed stderr costs nothing but the message', () => {
    const full = shell('gradfit fit data.csv --degree 2 --json > /dev/full', { cwd: dir });
    expect(full.code).toBe(2);
    expect(plain(full.stderr)).toMatch(/^gradfit: error: cannot write to standard output: ENOSPC[^\n]*\n$/);
    const silent = shell('gradfit grad "x^" 2> /dev/full; echo "exit=$?"', { cwd: dir });
    expect(silent.stdout).toBe('exit=2\n');
  });

  it('--trace on a pipe that stays open gives one CSV row per step, the summary on stderr', () => {
    const r = gradfit(['minimize', '3*x^2+2*x-1.2', '--method', 'gd', '--start', 'x=-0.2934', '--tol', '1e-3', '--trace']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('step,f,x');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    // Step 0 is the start; then one row per step of the textbook loop, which takes 90.
    expect(rows[0]).toEqual([0, 3 * 0.2934 ** 2 - 2 * 0.2934 - 1.2, -0.2934]);
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 91 }, (_, k) => k));
    expect(rows.every((row) => row.length === 3 && row.every(Number.isFinite))).toBe(true);
    expect(plain(r.stderr)).toMatch(/-0\.333/);
  });
});

describe('reproducible output', () => {
  it('the same input and flags give byte-identical output', () => {
    for (const args of [
      ['fit', 'data.csv', '--degree', '2', '--no-color'],
      ['fit', 'line.csv', '--model', 'a*exp(k*t)', '-x', 't', '-y', 'counts', '--json'],
      ['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--start', 'x=-1.2,y=1', '--method', 'adam', '--json'],
    ]) {
      const first = gradfit(args, { cwd: dir });
      const second = gradfit(args, { cwd: dir });
      expect(first.code, args.join(' ')).toBeLessThanOrEqual(1);
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toBe(first.stderr);
    }
  });

  it('--seed draws the same start every time, and another seed another start', () => {
    const run = (seed: string): any => json(gradfit(['minimize', '(x-1)^2 + (y+2)^2', '--method', 'gd', '--seed', seed, '--json']));
    const a = run('7');
    const b = run('7');
    const c = run('8');
    expect(b).toEqual(a);
    expect(c.history[0]).not.toBe(a.history[0]);
    const unseeded = json(gradfit(['minimize', '(x-1)^2 + (y+2)^2', '--method', 'gd', '--json']));
    expect(unseeded.history[0]).toBe(5); // the default start is 0: f(0, 0) = 1 + 4
  });
});
