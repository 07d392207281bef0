/** Spawn the built CLI (bin/gradfit → dist/) as a user would, with optional stdin and environment. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/gradfit', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function gradfit(args: string[], opts: { input?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    env: env as NodeJS.ProcessEnv,
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
