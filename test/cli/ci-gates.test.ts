/** CI gates: --sigma-tol, --junit, GitHub Actions annotations (README "Use in CI"). */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { gradfit, json, removeScratch, scratch, shell, ROOT, expectOneError } from './run.js';
import { escapeData, escapeProperty, annotations } from '../../src/cli/annotations.js';
import { junitXml, xmlEscape } from '../../src/cli/junit.js';

const DECAY = join(ROOT, 'fixtures/decay.csv');
const MODEL = ['--model', 'a*exp(-k*t)+c', '-x', 't', '-y', 'counts'];
const dir = scratch();
afterAll(() => removeScratch(dir));

const baseline = json(gradfit(['fit', DECAY, ...MODEL, '--json']));
/** A baseline with `k` moved by `dk` (and optionally standard errors changed). */
function moved(name: string, dk: number, stderr?: Record<string, number | null>): string {
  const doc = structuredClone(baseline);
  doc.params.k += dk;
  if (stderr) Object.assign(doc.stderr, stderr);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('--sigma-tol', () => {
  const se = baseline.stderr.k as number;

  it('passes a drift within K combined standard errors that --rtol 1e-4 would fail', () => {
    const b = moved('near.json', se); // 1σ of one side ≈ 0.71 combined σ
    expect(gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--rtol', '1e-4', '--quiet']).code).toBe(1);
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', '2', '--json']);
    expect(r.code).toBe(0);
    const k = json(r).checks.find((c: { name: string }) => c.name === 'k');
    expect(k.sigmas).toBeCloseTo(-1 / Math.SQRT2, 10);
    expect(k.combinedStderr).toBeCloseTo(Math.SQRT2 * se, 15);
  });

  it('fails a drift beyond K σ, giving the difference in σ, exit 1', () => {
    const b = moved('far.json', 5 * se);
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', '3', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/check failed: k = 0\.209\d+, baseline 0\.2456\d+: off by -0\.036\d+ = -3\.54σ \(σ = 0\.0103\d+, combined\), more than --sigma-tol 3σ/);
  });

  it('fails when --rtol is given too and only --rtol fails', () => {
    const b = moved('near2.json', se);
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', '2', '--rtol', '1e-4', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/k = .*within 2σ and outside ± .* \(--rtol 0\.0001\)/);
  });

  it('a null standard error in the baseline: compared by --rtol/--atol, and said so', () => {
    const b = moved('null.json', 0, { k: null });
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', '3', '--json']);
    expect(r.code).toBe(0);
    const k = json(r).checks.find((c: { name: string }) => c.name === 'k');
    expect(k.sigmas).toBeNull();
    expect(k.message).toContain('k has no standard error in the baseline');
    expect(k.message).toContain('compared by --rtol 0.001 (the default) instead of --sigma-tol');
  });

  it('ignores provenance: a baseline from another file name and arguments still compares', () => {
    const doc = structuredClone(baseline);
    doc.provenance = { version: '0.0.0', input: { path: 'elsewhere.csv', bytes: 1, sha256: '00' }, arguments: ['x'], seed: 7 };
    const b = join(dir, 'prov.json');
    writeFileSync(b, JSON.stringify(doc));
    expect(gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', '1', '--rtol', '1e-12', '--quiet']).code).toBe(0);
  });

  it('is bad usage without --baseline, with a bad K, with a bad stderr, and on minimize', () => {
    expectOneError(gradfit(['fit', DECAY, ...MODEL, '--sigma-tol', '3']));
    expect(gradfit(['fit', DECAY, ...MODEL, '--sigma-tol', '3']).stderr).toContain('give --baseline too');
    const b = moved('ok.json', 0);
    for (const k of ['0', '-1', 'x']) expect(gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--sigma-tol', k]).code).toBe(2);
    const bad = moved('bad.json', 0, { k: -1 });
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', bad, '--sigma-tol', '3']);
    expectOneError(r);
    expect(r.stderr).toContain('"stderr.k" is -1, not a standard error');
    expect(gradfit(['minimize', 'x^2', '--sigma-tol', '3']).code).toBe(2);
  });
});

describe('--junit', () => {
  it('writes every check as a test case, also when all pass', () => {
    const out = join(dir, 'pass.xml');
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', moved('j.json', 0), '--sigma-tol', '3', '--max-rmse', '20', '--junit', out, '--quiet']);
    expect(r.code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="gradfit" tests="4" failures="0" errors="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testcase classname="gradfit.fit.baseline" name="baseline k" time="0">');
    expect(xml).toContain('<testcase classname="gradfit.fit.max-rmse" name="max-rmse rmse" time="0">');
    expect(xml).not.toContain('<failure');
  });

  it('marks failed checks as failures, with the message escaped', () => {
    const out = join(dir, 'fail.xml');
    const r = gradfit(['fit', DECAY, ...MODEL, '--expect', 'k=0.3', '--min-r2', '0.999', '--junit', out, '--json']);
    expect(r.code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('tests="2" failures="2" errors="0"');
    expect(xml).toMatch(/<failure message="k = 0\.20906901, expected 0\.3 ± 0\.0003: off by -0\.090930994 \(-30\.310331%\)" type="expect">/);
    expect(xml).toMatch(/R² 0\.993\d+ is below the limit 0\.999/); // UTF-8 kept as it is
    expect(JSON.parse(r.stdout).checks).toHaveLength(2); // stdout is still the one JSON document
  });

  it('escapes names that hold any character (a baseline key)', () => {
    const doc = structuredClone(baseline);
    doc.params['<b>&"\'\u0001]]>'] = 1;
    const b = join(dir, 'odd.json');
    writeFileSync(b, JSON.stringify(doc));
    const out = join(dir, 'odd.xml');
    expect(gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--junit', out, '--quiet']).code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('name="baseline &lt;b&gt;&amp;&quot;&apos;\\u0001]]&gt;"');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('a failed optimisation is an error test case', () => {
    const out = join(dir, 'opt.xml');
    const r = gradfit(['minimize', 'x^3', '--junit', out, '--quiet']);
    expect(r.code).toBe(3);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(xml).toMatch(/<testcase classname="gradfit.minimize" name="(optimisation|convergence)"/);
  });

  it('is never written over an input (the data, the baseline)', () => {
    const b = moved('keep.json', 0);
    const before = readFileSync(b, 'utf8');
    const r = gradfit(['fit', DECAY, ...MODEL, '--baseline', b, '--junit', b]);
    expectOneError(r);
    expect(r.stderr).toContain('--junit');
    expect(readFileSync(b, 'utf8')).toBe(before);
    expect(gradfit(['fit', DECAY, ...MODEL, '--junit', DECAY]).code).toBe(2);
    expect(gradfit(['minimize', '(x-2)^2', '--baseline', b, '--junit', b]).code).toBe(2);
    const none = join(dir, 'no-such-folder', 'r.xml');
    expect(gradfit(['fit', DECAY, ...MODEL, '--junit', none]).code).toBe(2);
    expect(existsSync(none)).toBe(false);
  });

  it('minimize writes its checks too', () => {
    const out = join(dir, 'min.xml');
    expect(gradfit(['minimize', '(x-2)^2', '--expect', 'x=2', '--atol', '1e-9', '--junit', out, '--quiet']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<testcase classname="gradfit.minimize.expect" name="expect x" time="0">');
  });
});

describe('GitHub Actions annotations', () => {
  const args = ['fit', DECAY, ...MODEL, '--expect', 'k=0.3,a=465.04', '--json'];

  it('on GitHub Actions, failed checks are ::error lines on stderr, never on stdout', () => {
    const r = gradfit(args, { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('::');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toEqual([
      '::error title=gradfit fit%3A expect check failed%3A k::k = 0.20906901, expected 0.3 ± 0.0003: off by -0.090930994 (-30.310331%25)',
    ]);
    JSON.parse(r.stdout);
  });

  it('off elsewhere', () => {
    for (const v of [undefined, 'false', '1']) {
      const r = gradfit(args, { env: { GITHUB_ACTIONS: v } });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('::error');
    }
  });

  it("uses GitHub's escaping: %, CR, LF in messages, also : and , in properties", () => {
    expect(escapeData('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab:c,d');
    expect(escapeProperty('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab%3Ac%2Cd');
    const run = {
      failure: null, converged: true, message: '',
      checks: [{ name: 'a,b:\n', kind: 'baseline' as const, passed: false, expected: 1, actual: 2, difference: 1, tolerance: 0, message: 'off by 100%\nreally' }],
    };
    const out = annotations('fit', run, false, { GITHUB_ACTIONS: 'true' });
    expect(out.split('\n')).toHaveLength(2); // one line and the final newline
    expect(out).toMatch(/^::error title=gradfit fit%3A baseline check failed%3A a%2Cb%3A[^:]*::off by 100%25%0Areally\n$/);
  });
});

describe('JUnit XML escaping', () => {
  it('escapes the special characters, keeps line breaks out of attributes, replaces characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlEscape('a\nb\tc', true)).toBe('a&#10;b&#9;c');
    expect(xmlEscape('a\nb', false)).toBe('a\nb');
    expect(xmlEscape('\u0000\u001b\ufffe\ud800x')).toBe('\\u0000\\u001b\\ufffe\\ud800x');
    expect(xmlEscape('😀 σ')).toBe('😀 σ');
  });

  it('an empty run is a suite of no tests', () => {
    expect(junitXml('fit', { failure: null, converged: true, message: '', checks: [] }, false)).toContain('<testsuite name="gradfit fit" tests="0"');
  });
});

describe('JSON provenance', () => {
  const DATA = readFileSync(DECAY);
  const sha = createHash('sha256').update(DATA).digest('hex');

  it('names the version, the input (path, bytes, SHA-256), the rows, the arguments and the seed', () => {
    const args = ['fit', 'fixtures/decay.csv', ...MODEL, '--seed', '5', '--json'];
    const p = json(gradfit(args)).provenance;
    expect(p).toEqual({
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      input: { kind: 'file', path: 'fixtures/decay.csv', bytes: DATA.length, sha256: sha },
      rows: { used: 40, skipped: 0 },
      arguments: args,
      seed: 5,
    });
  });

  it('hashes stdin as it is read', () => {
    const p = json(gradfit(['fit', '--degree', '1', '--json'], { input: DATA })).provenance;
    expect(p.input).toEqual({ kind: 'stdin', path: null, bytes: DATA.length, sha256: sha });
    expect(p.seed).toBeNull();
  });

  it('hashes a file read by csv-parse (quotes, a BOM, comments) and counts skipped rows', () => {
    const messy = readFileSync(join(ROOT, 'fixtures/messy.csv'));
    const r = gradfit(['fit', 'fixtures/messy.csv', '--degree', '1', '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    const p = json(r).provenance;
    expect(p.input).toMatchObject({ bytes: messy.length, sha256: createHash('sha256').update(messy).digest('hex') });
    expect(p.rows.used + p.rows.skipped).toBeGreaterThan(0);
    expect(p.rows.used).toBe(json(r).stats.n);
  });

  it('reads the file once: a named pipe (readable only once) gives the same hash', () => {
    const fifo = join(dir, 'data.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = shell(`cat "$SRC" > "$FIFO" & gradfit fit "$FIFO" --degree 1 --json; wait`, { env: { SRC: DECAY, FIFO: fifo } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).provenance.input).toMatchObject({ bytes: DATA.length, sha256: sha });
  });

  it('minimize records the version, arguments and seed (there is no input)', () => {
    const p = json(gradfit(['minimize', '(x-1)^2', '--json'])).provenance;
    expect(p).toMatchObject({ input: null, rows: null, arguments: ['minimize', '(x-1)^2', '--json'], seed: null });
  });
});
