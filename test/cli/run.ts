/** Spawn the built CLI (bin/gradfit → dist/) as a user would, with optional stdin and environment. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The launcher under test: bin/gradfit, which imports dist/ (run `npm run build` first).
 * GRADFIT_BIN points the tests at another build's launcher (e.g. one built to a scratch folder).
 */
export const BIN = process.env.GRADFIT_BIN ?? fileURLToPath(new URL('../../bin/gradfit', import.meta.url));
/** Reference data kept in the repository (test/reference-data: NIST StRD and the seed parabola). */
export const REFERENCE = fileURLToPath(new URL('../reference-data', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

function environment(extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  // GITHUB_ACTIONS: the tests expect plain stderr also when they run on GitHub Actions (annotations are asked for by name).
  // NODE_DISABLE_COMPILE_CACHE: the launcher's code cache lives in the user's cache folder, which
  // the tests leave alone (test/cli/launcher.test.ts gives it a scratch folder instead).
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, NODE_DISABLE_COMPILE_CACHE: '1', ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

export function gradfit(args: string[], opts: RunOptions = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    env: environment(opts.env),
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same run without blocking, so that a table of runs can use both cores
 * (`it.concurrent.each`). Stdout and stderr are collected whole; stdin is written and closed.
 */
export function gradfitAsync(args: string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: environment(opts.env), cwd: opts.cwd ?? ROOT, timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading all of stdin
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? -1 : 0), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * Run a shell script (`sh -c`) in which `gradfit` is a function that runs the CLI under test,
 * for pipelines such as `gradfit minimize ... --trace | head -1`.
 */
export function shell(script: string, opts: RunOptions = {}): Run {
  const prelude = 'gradfit() { "$GRADFIT_NODE" "$GRADFIT_LAUNCHER" "$@"; }\n';
  const r = spawnSync('sh', ['-c', prelude + script], {
    input: opts.input ?? '',
    env: environment({ ...opts.env, GRADFIT_NODE: process.execPath, GRADFIT_LAUNCHER: BIN }),
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Parse stdout as the one JSON document it must be. */
export function json(r: Run): any {
  return JSON.parse(r.stdout);
}

export const plain = stripVTControlCharacters;

/** A fresh folder holding `files` (name → content; names may contain sub-folders). */
export function scratch(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradfit-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Signs of a crash rather than an answer: stack frames, an uncaught error dump, Node internals. */
const CRASH_SIGNS: readonly RegExp[] = [
  /^\s+at\s/m,
  /node:internal/,
  /^\s*(?:\w*Error|Uncaught)\b.*:/m,
  /\.(?:js|ts|mjs):\d+(?::\d+)?\)?\s*$/m,
  /internal error/i,
  /FATAL ERROR|heap out of memory/i,
];

/** Neither stream shows a stack trace, a raw error dump or an internal error. */
export function expectNoCrash(r: Run): void {
  for (const sign of CRASH_SIGNS) {
    expect(r.stderr, `stderr shows ${sign}`).not.toMatch(sign);
    expect(r.stdout, `stdout shows ${sign}`).not.toMatch(sign);
  }
}

/** Longest acceptable error line: one short line, not a dump. */
export const MAX_ERROR_LINE = 300;

/**
 * stderr is exactly one short `gradfit: error: ...` line, or, for an expression error, that
 * line followed by the expression and a caret line (`^` or `^~~~`) under the spot.
 */
export function expectOneError(r: Run, opts: { caret?: boolean } = {}): void {
  expectNoCrash(r);
  const lines = plain(r.stderr).replace(/\n$/, '').split('\n');
  expect(lines[0], `stderr: ${r.stderr}`).toMatch(/^gradfit: error: \S/);
  expect(lines[0].length, `error line too long: ${lines[0]}`).toBeLessThanOrEqual(MAX_ERROR_LINE);
  if (opts.caret) {
    expect(lines, `stderr should be the error, the expression and a caret line: ${r.stderr}`).toHaveLength(3);
    expect(lines[2]).toMatch(/^ *\^~*$/);
    expect(lines[1].length).toBeLessThanOrEqual(MAX_ERROR_LINE);
  } else {
    expect(lines, `stderr should be one line: ${r.stderr}`).toHaveLength(1);
  }
}
