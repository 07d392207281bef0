/**
 * The library as a user gets it: `npm pack` (of the dist/ that `npm test` just built), installed
 * offline into a fresh temporary project, and the README's "Use from TypeScript" example run
 * there exactly as written — as an .mjs file (its output must be the README's output block) and
 * type-checked as a .ts file against the package's declarations with the repository's tsc.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'gradfit-library-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README section "Use from TypeScript": its first ```ts block and the ```text block after it. */
function readmeExample(): { code: string; output: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use from TypeScript\n');
  expect(start, 'README has a section "Use from TypeScript"').toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const code = /\n```ts\n([\s\S]*?)\n```\n/.exec(section);
  const output = /\n```text\n([\s\S]*?)\n```\n/.exec(section);
  expect(code, 'a ```ts block').not.toBeNull();
  expect(output, 'a ```text block with its output').not.toBeNull();
  return { code: `${code?.[1]}\n`, output: `${output?.[1]}\n` };
}

describe('the library bundle', () => {
  it('never touches stdout, stderr or process.exit, and loads nothing from node_modules', () => {
    const bundle = readFileSync(join(ROOT, 'dist/index.js'), 'utf8');
    expect(bundle).not.toMatch(/process\.(?:stdout|stderr|exit|exitCode)\b/);
    expect(bundle).not.toMatch(/\bconsole\.(?:log|error|warn|info)\b/);
    const imported = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imported).toContain('node:fs'); // (the regex finds the bundle's imports)
    for (const name of imported) expect(builtinModules.includes(name.replace(/^node:/, '')), name).toBe(true);
    // The command line's bundle does not contain the library's entry: bin/gradfit starts no more code for it.
    expect(readFileSync(join(ROOT, 'dist/gradfit.cjs'), 'utf8')).not.toContain('CSV text is read by fitCsv');
  });
});

describe('the packed library in a fresh project', () => {
  it('installs offline and runs the README example as .mjs and as type-checked .ts', { timeout: 60_000 }, () => {
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    const info = JSON.parse(packed)[0];
    const files = (info.files as { path: string }[]).map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/types/index.d.ts');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true, "type": "module" }\n');
    const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, info.filename)], { cwd: app, encoding: 'utf8', timeout: 50_000 });
    expect(install.status, install.stderr).toBe(0);
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['gradfit']);

    const { code, output } = readmeExample();
    writeFileSync(join(app, 'example.mjs'), code);
    const env = { PATH: process.env.PATH ?? '', HOME: work };
    const run = spawnSync(process.execPath, ['example.mjs'], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(output);

    // The same code as TypeScript, strict, against the package's declarations (no @types/node:
    // the declarations must not need it; DOM's lib declares console).
    writeFileSync(join(app, 'example.ts'), code);
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: false }, files: ['example.ts'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // A type error in the user's code is caught against the same declarations (the check is not vacuous).
    writeFileSync(join(app, 'example.ts'), `${code}\nconst wrong: string = fit({ x: [1, 2], y: [1, 2], degree: 1 }).params.c0;\n`);
    const bad = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, env, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/TS2322/);
  });
});
