/**
 * The entry of gradfit's worker threads (bundled on its own as dist/worker.cjs: the reader's fast
 * path and the fold, not the CLI). A worker started to parse parts of a file does that first
 * (data/parse-worker.ts); every worker then serves fold passes (fit/fold-worker.ts) until the
 * process ends (threads.ts). A worker started to read a pipe (data/pipe-ring.ts) does only that.
 * A worker the launcher started early (bin/gradfit) waits for what it is started with as its
 * first message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseParts } from './data/parse-worker.js';
import type { PartJob } from './data/parallel-part.js';
import { serveFolds } from './fit/fold-worker.js';
import { fillRing, type PipeRing } from './data/pipe-ring.js';
import type { WorkerStart } from './threads.js';

type Start = WorkerStart<PartJob, PipeRing>;

async function run(start: Start): Promise<void> {
  if (start.pipe !== null) return fillRing(start.pipe);
  if (start.parse !== null && parentPort) await parseParts(parentPort, start.parse);
  serveFolds(start.control, start.port, parentPort);
}

if ((workerData as { early?: boolean } | null)?.early === true) parentPort?.once('message', (start: Start) => void run(start));
else void run(workerData as Start);
