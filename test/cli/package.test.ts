/**
 * The package as npm publishes it: `npm pack` (of the dist/ that `npm test` just built), installed
 * into a fresh temporary folder with no other node_modules, runs `gradfit fit` — so the bundle
 * needs nothing from node_modules at run time and the package installs without building.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'gradfit-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('builds when packed (prepack) and in a clone (prepare: npm install && npx gradfit works), and has no runtime dependencies (the bundle holds them)', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.dependencies ?? {}).toEqual({});
    for (const name of ['commander', 'csv-parse', 'asciichart', 'chalk']) expect(pkg.devDependencies[name]).toBeDefined();
  });

  it('has a LICENSE matching its license field, and a CHANGELOG for this version', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version}`);
  });

  it('the bundle requires only Node built-ins', () => {
    const bundle = readFileSync(join(ROOT, 'dist/gradfit.cjs'), 'utf8');
    const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set(builtinModules);
    for (const name of required) expect(builtins.has(name.replace(/^node:/, '')), name).toBe(true);
  });
});

describe('npm pack, installed into a fresh folder', () => {
  it('installs without building and without dependencies, and fits a fixture', { timeout: 60_000 }, () => {
    // --ignore-scripts: dist/ is already built (npm test builds first); prepack would rebuild it
    // under the other tests' feet.
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    const info = JSON.parse(packed)[0];
    const files = (info.files as { path: string }[]).map((f) => f.path).sort();
    // (the library's bundle and declarations: test/library/package.test.ts)
    const library = (f: string): boolean => f === 'dist/index.js' || (f.startsWith('dist/types/') && f.endsWith('.d.ts'));
    expect(files.filter((f) => !library(f))).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/gradfit', 'bin/package.json', 'dist/gradfit.1', 'dist/gradfit.cjs', 'dist/worker.cjs', 'package.json']);
    const tarball = join(work, info.filename);

    const app = join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: app, encoding: 'utf8', timeout: 50_000,
    });
    expect(install.status, install.stderr).toBe(0);
    // nothing but gradfit itself was installed
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['gradfit']);
    expect(existsSync(join(app, 'node_modules/gradfit/src'))).toBe(false);

    const env = { PATH: process.env.PATH ?? '', HOME: work, FORCE_COLOR: '1' };
    const bin = join(app, 'node_modules/.bin/gradfit');
    const fit = spawnSync(bin, ['fit', join(ROOT, 'fixtures/decay.csv'), '--model', 'a*exp(-k*t)+c', '-x', 't', '-y', 'counts', '--json'], { cwd: app, env, encoding: 'utf8' });
    expect(fit.status, fit.stderr).toBe(0);
    const result = JSON.parse(fit.stdout);
    expect(result.params.k).toBeCloseTo(0.209069, 5);
    expect(result.provenance.version).toBe(pkg.version);
    // csv-parse (a quoted file) and chalk (colour forced) are in the bundle too
    const messy = spawnSync(bin, ['fit', join(ROOT, 'fixtures/messy.csv'), '--degree', '1', '--skip-invalid'], { cwd: app, env, encoding: 'utf8' });
    expect(messy.status, messy.stderr).toBe(0);
    expect(messy.stdout).toContain('\u001b[');
  });
});
