/**
 * Within an address-space limit (`ulimit -v`, `prlimit --as`) gradfit starts no more threads than
 * fit in it: each Node worker reserves some 700 MB of address space, and one past the limit stops
 * the process outright (V8's "Fatal process OOM ... CodeRange", SIGTRAP), no error line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressSpaceLimit } from '../../src/free-cores.js';
import { BIN } from './run.js';

const prlimit = process.platform === 'linux' && spawnSync('prlimit', ['--version']).status === 0;

describe('an address-space limit', () => {
  it('is read from /proc/self/limits: the soft limit in bytes, or none', () => {
    const line = (soft: string, hard: string) => `Limit                     Soft Limit           Hard Limit           Units     \nMax address space         ${soft.padEnd(21)}${hard.padEnd(21)}bytes     \n`;
    expect(addressSpaceLimit(line('2000000000', 'unlimited'))).toBe(2e9);
    expect(addressSpaceLimit(line('unlimited', 'unlimited'))).toBe(Infinity);
    expect(addressSpaceLimit('')).toBe(Infinity);
  });

  it.skipIf(!prlimit)('1.2M rows piped under prlimit --as=2e9: the fit, not a V8 crash', () => {
    const lines = ['x,y'];
    for (let i = 0; i < 1_200_000; i++) lines.push(`${i / 1000},${1 + 0.002 * i + ((i * 7919) % 13) / 13}`);
    const dir = mkdtempSync(join(tmpdir(), 'gradfit-as-'));
    try {
      const file = join(dir, 'rows.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      // (Through a real pipe, as a shell makes one: Node's own stdin for a child is a socket, which is read another way.)
      const r = spawnSync('sh', ['-c', 'cat "$1" | prlimit --as=2000000000 -- "$2" "$3" fit --degree 1 --json', 'sh', file, process.execPath, BIN], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).stats.n).toBe(1_200_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
