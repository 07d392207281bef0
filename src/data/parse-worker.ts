/**
 * The entry of a parse worker (bundled on its own as dist/parse-worker.cjs, so that a worker
 * compiles only the reader, not the whole CLI). Started with a PartJob as workerData, it opens
 * the file and reads the first chunk of its part at once, waits for the layout (PartLayout) that
 * the main thread sends when the header is known, parses its part into the shared columns and
 * posts one PartResult.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { parsePart, RangeByteSource, type PartJob, type PartLayout, type PartResult } from './parallel-part.js';
import { ReadAhead } from './read-ahead.js';

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const job = workerData as PartJob;
  const layout = new Promise<PartLayout>((resolve) => port.once('message', resolve));
  let result: PartResult;
  try {
    const handle = await open(job.path, 'r');
    try {
      const bytes = new ReadAhead(new RangeByteSource(job.name, handle, job.start, job.end));
      bytes.base += job.start;
      // The disk works while the first part's header is read.
      bytes.readAhead();
      
      result = await parsePart(job, await layout, bytes);
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (e) {
    result = { kind: 'fallback', reason: e instanceof Error ? e.message : String(e) };
  }
  const transfer = result.kind === 'rows' && result.overflow ? result.overflow.map((c) => c.buffer as ArrayBuffer) : [];
  port.postMessage(result, transfer);
  port.close();
}

if (parentPort) void run(parentPort);
