/**
 * The launcher (bin/gradfit) and start-up: V8's code cache of the bundle in the user's cache
 * folder (here a scratch folder), never in the working directory, silent when it cannot be used;
 * and what a small fit loads.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REFERENCE, removeScratch, scratch } from './run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeScratch));

function fresh(files: Record<string, string> = {}): string {
  const dir = scratch(files);
  dirs.push(dir);
  return dir;
}

/** Run the launcher with this environment (on top of a clean one) in `cwd`. */
function run(args: string[], env: Record<string, string | undefined>, cwd: string, nodeArgs: string[] = []) {
  const base: Record<string, string | undefined> = { PATH: process.env.PATH, ...env };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { cwd, env: base as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GRAD = ['grad', 'w*x+b', '--at', 'x=4,w=2,b=3'];

describe('the code cache', () => {
  it('is written on the first run, used on the next, and the output is the same', () => {
    const cache = fresh();
    const cwd = fresh();
    const first = run(GRAD, { XDG_CACHE_HOME: cache }, cwd);
    expect(first.code).toBe(0);
    const files = readdirSync(join(cache, 'gradfit'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^gradfit-v\d+\.\d+\.\d+-\w+-\d+-\d+-grad\.v8cache$/);
    const second = run(GRAD, { XDG_CACHE_HOME: cache }, cwd);
    expect(second).toEqual(first);
    expect(readdirSync(join(cache, 'gradfit'))).toEqual(files);
    // One cache per command: a fit adds its own and keeps grad's.
    expect(run(['fit', join(REFERENCE, 'seed_parabola.csv'), '--degree', '2', '--json'], { XDG_CACHE_HOME: cache }, cwd).code).toBe(0);
    expect(readdirSync(join(cache, 'gradfit')).sort()).toEqual([files[0].replace(/grad\.v8cache$/, 'fit.v8cache'), files[0]]);
    // Nothing in the working directory.
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('goes under ~/.cache without XDG_CACHE_HOME; an older cache of gradfit there is replaced', () => {
    const home = fresh({ '.cache/gradfit/gradfit-v0.0.0-x64-1-1.v8cache': 'old', '.cache/gradfit/notes.txt': 'kept' });
    const r = run(GRAD, { HOME: home }, fresh());
    expect(r.code).toBe(0);
    const files = readdirSync(join(home, '.cache', 'gradfit')).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain('notes.txt');
    expect(files.some((f) => f.startsWith('gradfit-v0.0.0'))).toBe(false);
  });

  it('a damaged cache is refused by V8 and rewritten, silently', () => {
    const cache = fresh();
    const cwd = fresh();
    const good = run(GRAD, { XDG_CACHE_HOME: cache }, cwd);
    const [name] = readdirSync(join(cache, 'gradfit'));
    writeFileSync(join(cache, 'gradfit', name), 'not a code cache');
    expect(run(GRAD, { XDG_CACHE_HOME: cache }, cwd)).toEqual(good);
    expect(run(GRAD, { XDG_CACHE_HOME: cache }, cwd)).toEqual(good);
  });

  it('a cache folder that cannot be made (a file is in the way), no HOME, a relative XDG_CACHE_HOME: no cache, no message', () => {
    const locked = fresh({ gradfit: 'a file, not a folder' });
    const cwd = fresh();
    const expected = run(GRAD, { NODE_DISABLE_COMPILE_CACHE: '1' }, cwd);
    expect(expected).toMatchObject({ code: 0, stderr: '' });
    for (const env of [{ XDG_CACHE_HOME: locked }, { HOME: undefined }, { XDG_CACHE_HOME: 'relative' }]) {
      expect(run(GRAD, env, cwd)).toEqual(expected);
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(locked)).toEqual(['gradfit']);
  });

  it('a cache folder others may write (XDG_CACHE_HOME=/tmp, say) is neither read nor written: it could hold crafted code or links', () => {
    const cache = fresh();
    const cwd = fresh();
    mkdirSync(join(cache, 'gradfit'));
    chmodSync(join(cache, 'gradfit'), 0o777);
    const r = run(GRAD, { XDG_CACHE_HOME: cache }, cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readdirSync(join(cache, 'gradfit'))).toEqual([]);
    // Made private again, the same folder is used.
    chmodSync(join(cache, 'gradfit'), 0o700);
    expect(run(GRAD, { XDG_CACHE_HOME: cache }, cwd).code).toBe(0);
    expect(readdirSync(join(cache, 'gradfit'))).toHaveLength(1);
  });

  it('NODE_DISABLE_COMPILE_CACHE writes none', () => {
    const cache = fresh();
    expect(run(GRAD, { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' }, fresh()).code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('the bundle is the function the launcher calls, and node itself can run it too', () => {
    const dir = fresh();
    const bundle = join(BIN, '..', '..', 'dist', 'gradfit.cjs');
    const direct = spawnSync(process.execPath, [bundle, ...GRAD], { cwd: dir, encoding: 'utf8' });
    const launched = run(GRAD, { NODE_DISABLE_COMPILE_CACHE: '1' }, dir);
    expect(direct.status).toBe(0);
    expect(launched.code).toBe(0);
    expect(direct.stdout).toBe(launched.stdout);
    expect(direct.stdout).toContain('11');
  });

  it('errors keep their one line and exit code through the cached bundle', () => {
    const cache = fresh();
    for (let k = 0; k < 2; k++) {
      const r = run(['fit', join(REFERENCE, 'missing.csv'), '--degree', '1'], { XDG_CACHE_HOME: cache }, fresh());
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('what a small fit loads', () => {
  it('a 200-row fit with text output loads neither node:crypto nor the stream modules (the provenance hash is taken only for JSON)', () => {
    const dir = fresh({ 'modules.cjs': "process.on('exit', () => require('fs').writeSync(2, 'modules: ' + process.moduleLoadList.filter((m) => /crypto|^NativeModule stream$/.test(m)).join(' ') + '\\n'));\n" });
    const data = join(REFERENCE, 'seed_parabola.csv');
    const text = run(['fit', data, '--degree', '2'], { NODE_DISABLE_COMPILE_CACHE: '1' }, dir, ['--require', join(dir, 'modules.cjs')]);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^modules: $/m);
    const json = run(['fit', data, '--degree', '2', '--json'], { NODE_DISABLE_COMPILE_CACHE: '1' }, dir, ['--require', join(dir, 'modules.cjs')]);
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(/^modules: .*crypto/m);
    expect(JSON.parse(json.stdout).provenance.input.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the worker the launcher starts early for a fit of a large file', () => {
  // GRADFIT_INTERNAL_PARSE_MIN_BYTES makes a small file "large", for the launcher and the reader alike.
  const rows = Array.from({ length: 6000 }, (_, i) => `${i / 100},${(3 + 0.5 * (i / 100) + 0.01 * Math.sin(i)).toPrecision(15)}`);
  const data = () => join(fresh({ 'line.csv': `x,y\n${rows.join('\n')}\n` }), 'line.csv');
  const LARGE = { GRADFIT_INTERNAL_PARSE_MIN_BYTES: '1000', NODE_DISABLE_COMPILE_CACHE: '1' };

  /** A preload that says at exit whether the launcher started its worker and whether the reader took it. */
  const watch = () => {
    const dir = fresh({ 'watch.cjs': "process.on('exit', () => { const l = globalThis[Symbol.for('gradfit.launch')]; require('fs').writeSync(2, `early: ${l && l.workerScript ? (l.worker === null ? 'taken' : 'unused') : 'none'}\\n`); });\n" });
    return ['--require', join(dir, 'watch.cjs')];
  };

  it('is taken by the reader, parses parts, and the fit is the one-thread fit bit for bit', () => {
    const file = data();
    const args = ['fit', file, '--degree', '1', '--json'];
    const one = run(args, { ...LARGE, GRADFIT_INTERNAL_PARSE_THREADS: '1' }, fresh(), watch());
    const two = run(args, { ...LARGE, GRADFIT_INTERNAL_PARSE_THREADS: '2' }, fresh(), watch());
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stderr).toMatch(/^early: none$/m);
    expect(two.stderr).toMatch(/^early: taken$/m);
    // Refused before the file is read: started, and left unused.
    const refused = run(['fit', file, '--degree', 'two'], { ...LARGE, GRADFIT_INTERNAL_PARSE_THREADS: '2' }, fresh(), watch());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^early: unused$/m);
    // A small file, another command: no worker is started early.
    expect(run(['fit', file, '--degree', '1'], { NODE_DISABLE_COMPILE_CACHE: '1' }, fresh(), watch()).stderr).toMatch(/^early: none$/m);
    expect(run(GRAD, LARGE, fresh(), watch()).stderr).toMatch(/^early: none$/m);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b.params).toEqual(a.params);
    expect(b.stats).toEqual(a.stats);
    expect(b.provenance.input).toEqual(a.provenance.input);
  });

  it('a bad file or a bad flag: the usual one error line and exit code, and nothing left waiting', () => {
    const file = data();
    const bad = join(fresh({ 'bad.csv': `x,y\n${rows.join('\n')}\n1,oops\n` }), 'bad.csv');
    const started = Date.now();
    const failing: [string[], RegExp][] = [
      [['fit', bad, '--degree', '1'], /bad\.csv:6002:2: expected a number/],
      [['fit', file, '--degree', 'two'], /--degree/],
    ];
    for (const [args, message] of failing) {
      const r = run(args, { ...LARGE, GRADFIT_INTERNAL_PARSE_THREADS: '2' }, fresh());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(run(['fit', file, '--degree', '1', '-q'], { ...LARGE, GRADFIT_INTERNAL_PARSE_THREADS: '1' }, fresh()).code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
