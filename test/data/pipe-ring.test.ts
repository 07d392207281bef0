/**
 * A long pipe on stdin is read by a thread of its own into a ring of shared slots
 * (src/data/pipe-ring.ts): every byte arrives, in order, whatever sizes the writer writes in; and
 * the thread never keeps the process alive: a fit that fails part way through a pipe whose writer
 * is still open exits at once, with its one error line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../../src/data/byte-source.js';
import { BIN } from '../cli/run.js';
import { buildWorker } from '../worker-build.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-pipe-ring-'));
let workerScript = '';
beforeAll(() => {
  workerScript = buildWorker(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of a seeded sequence (not text: every byte value, to see each one arrive). */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    b[i] = a >>> 24;
  }
  return b;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * A named pipe that another process writes `data` into (in uneven pieces when `pieces` is given,
 * else at once); returns the descriptor of its read end.
 */
function pipeOf(name: string, data: Buffer, pieces?: number[]): number {
  const fifo = join(dir, name);
  const file = join(dir, `${name}.bin`);
  writeFileSync(file, data);
  execFileSync('mkfifo', [fifo]);
  const sizes = JSON.stringify(pieces ?? [data.length]);
  spawn(process.execPath, [
    '-e',
    `const fs=require('fs');const d=fs.readFileSync(${JSON.stringify(file)});const fd=fs.openSync(${JSON.stringify(fifo)},'w');let at=0,k=0;const p=${sizes};while(at<d.length){const n=Math.min(d.length-at,p[k++%p.length]);fs.writeSync(fd,d,at,n);at+=n;}fs.closeSync(fd);`,
  ]);
  return openSync(fifo, 'r');
}

/** Run `body` with the worker script of this test build. */
async function withWorkerScript(body: () => Promise<void>): Promise<void> {
  const saved = process.env.GRADFIT_INTERNAL_WORKER;
  process.env.GRADFIT_INTERNAL_WORKER = workerScript;
  try {
    await body();
  } finally {
    if (saved === undefined) delete process.env.GRADFIT_INTERNAL_WORKER;
    else process.env.GRADFIT_INTERNAL_WORKER = saved;
  }
}

describe.skipIf(process.platform !== 'linux')('a long pipe read on a thread of its own', () => {
  it('gives every byte in order, written in pieces of any size, to the end', async () => {
    const data = bytes(13 * 1024 * 1024 + 12_345, 7);
    // A writer in another process, in uneven pieces.
    const fd = pipeOf('fifo', data, [1, 4093, 65536, 300000, 7]);
    await withWorkerScript(async () => {
      const source = await openSource({ kind: 'stdin', fd, stream: { [Symbol.asyncIterator]: () => [][Symbol.iterator]() as never } });
      const got: Buffer[] = [];
      const buf = new Uint8Array(1 << 20);
      // (A reader slower than the pipe, as a parser is: the thread comes up while the first
      // megabytes are still being read on this one.)
      for (let n = await source.read(buf, 0, buf.length); n > 0; n = await source.read(buf, 0, buf.length)) {
        got.push(Buffer.from(buf.subarray(0, n)));
        await new Promise((r) => setTimeout(r, 2));
      }
      const all = Buffer.concat(got);
      expect(all.length).toBe(data.length);
      expect(sha(all)).toBe(sha(data));
      expect((source as { threaded?: boolean }).threaded).toBe(true);
    }).finally(() => closeSync(fd));
  });

  it("takes the input's digest on the thread when an observer wants it: the observer sees only the bytes read before", async () => {
    const data = bytes(11 * 1024 * 1024 + 999, 11);
    const fd = pipeOf('fifo-digest', data);
    await withWorkerScript(async () => {
      let observed = 0;
      let wait: (() => Promise<{ sha256: string; bytes: number } | null>) | null = null;
      const source = await openSource({
        kind: 'stdin',
        fd,
        stream: { [Symbol.asyncIterator]: () => [][Symbol.iterator]() as never },
        onRead: (chunk) => (observed += chunk.length),
        onDigest: (w) => (wait = w),
      });
      const buf = new Uint8Array(1 << 20);
      let total = 0;
      for (let n = await source.read(buf, 0, buf.length); n > 0; n = await source.read(buf, 0, buf.length)) {
        total += n;
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(total).toBe(data.length);
      expect(wait).not.toBeNull();
      expect(observed).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      expect(observed).toBeLessThan(data.length);
      expect(await wait!()).toEqual({ sha256: sha(data), bytes: data.length });
    }).finally(() => closeSync(fd));
  });

  it('a fit that fails part way through a pipe still open exits at once, with one error line', async () => {
    const good = Array.from({ length: 700_000 }, (_, i) => `${i},${2 * i + 1}`).join('\n');
    const child = spawn(process.execPath, [BIN, 'fit', '--degree', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdin.on('error', () => undefined);
    // Far more than the bytes read before the thread starts; then a bad cell; the pipe stays open.
    child.stdin.write(`x,y\n${good}\n1.5,oops\n${good}\n`);
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(stderr).toBe('gradfit: error: <stdin>:700002:2: expected a number in column 2 (y), found "oops" (--skip-invalid drops such rows)\n');
  });
});
