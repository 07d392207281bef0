/**
 * Piped input is read from its descriptor with readSync (no stream object, no event-loop turn per
 * 64 KB); a descriptor in non-blocking mode, where readSync would say EAGAIN, goes on as a stream.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource } from '../../src/data/byte-source.js';
import { readTable } from '../../src/data/index.js';
import { pick } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gradfit-stdin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(source: Awaited<ReturnType<typeof openSource>>): Promise<string> {
  const buf = new Uint8Array(1 << 16);
  let text = '';
  for (let n = await source.read(buf, 0, buf.length); n > 0; n = await source.read(buf, 0, buf.length)) text += Buffer.from(buf.subarray(0, n)).toString('latin1');
  return text;
}

describe('stdin read from its descriptor', () => {
  it('reads a file on the descriptor to its end, as the stream would', async () => {
    const path = join(dir, 'data.csv');
    const text = `x,y\n${Array.from({ length: 20_000 }, (_, i) => `${i},${2 * i + 1}`).join('\n')}\n`;
    writeFileSync(path, text);
    const fd = openSync(path, 'r');
    try {
      const unused = Readable.from([]);
      expect(await all(await openSource({ kind: 'stdin', fd, stream: unused }))).toBe(text);
    } finally {
      closeSync(fd);
    }
    const fd2 = openSync(path, 'r');
    try {
      const table = await readTable({ kind: 'stdin', fd: fd2, stream: Readable.from([]) }, { header: 'auto', select: pick('x', 'y') });
      expect(table.n).toBe(20_000);
      expect(table.columns[1][19_999]).toBe(39_999);
    } finally {
      closeSync(fd2);
    }
  });

  it.skipIf(process.platform === 'win32')('a non-blocking descriptor with nothing to read yet goes on as the stream', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, 'w');
    try {
      const stream = Readable.from([Buffer.from('x,y\n1,2\n')]);
      expect(await all(await openSource({ kind: 'stdin', fd, stream }))).toBe('x,y\n1,2\n');
    } finally {
      closeSync(writer);
      closeSync(fd);
    }
  });
});
