/**
 * A parse worker's first job (src/worker.ts runs it): it opens the file, waits for the layout
 * (PartLayout) that the main thread sends when the header is known, then claims parts one at a
 * time until none is left, posting one PartResult per part. (A file that cannot be opened makes
 * the worker fail: the main thread then reads on by itself.)
 */
import { closeSync, openSync } from 'node:fs';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { claimPart, parsePart, PartBuffer, warmUpParsing, type PartJob, type PartLayout, type PartResult } from './parallel-part.js';

/** The longest a worker practises while it waits for the layout (it waits on after that). */
const WARM_UP_MS = 60;

export async function parseParts(port: MessagePort, job: PartJob): Promise<void> {
  const fd = openSync(job.path, 'r');
  const holder = new PartBuffer();
  try {
    // Until the layout comes, the parser runs on made-up rows, so that V8 has compiled it by then.
    let early: PartLayout | undefined;
    warmUpParsing(() => (early = receiveMessageOnPort(port)?.message as PartLayout | undefined) !== undefined, WARM_UP_MS);
    const shape = early ?? (await new Promise<PartLayout>((resolve) => port.once('message', resolve)));
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
}
