/**
 * The entry of a parse worker (bundled on its own as dist/parse-worker.cjs, so that a worker
 * compiles only the reader, not the whole CLI). Started with a PartJob as workerData, it opens the
 * file, waits for the layout (PartLayout) that the main thread sends when the header is known, then
 * claims parts one at a time until none is left, posting one PartResult per part. (A file that
 * cannot be opened makes the worker fail: the main thread then reads on by itself.)
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { claimPart, parsePart, PartBuffer, type PartJob, type PartLayout, type PartResult } from './parallel-part.js';

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const job = workerData as PartJob;
  const layout = new Promise<PartLayout>((resolve) => port.once('message', resolve));
  const fd = openSync(job.path, 'r');
  const holder = new PartBuffer();
  try {
    const shape = await layout;
    for (let part = claimPart(shape); part !== null; part = claimPart(shape)) {
      let result: PartResult;
      try {
        result = parsePart(job.name, fd, shape, part, holder);
      } catch (e) {
        result = { part, kind: 'fallback', reason: e instanceof Error ? e.message : String(e) };
      }
      const transfer = result.kind === 'rows' && result.overflow ? result.overflow.map((c) => c.buffer as ArrayBuffer) : [];
      port.postMessage(result, transfer);
    }
  } finally {
    closeSync(fd);
  }
  port.close();
}

if (parentPort) void run(parentPort);
