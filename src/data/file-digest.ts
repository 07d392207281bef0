/**
 * A file's SHA-256, from its first byte, taken a slice at a time: on a worker between the passes
 * it serves (fit/fold-worker.ts), so that a pass asked for meanwhile waits for one slice at most;
 * or all at once here (`fileDigest`).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import type { DigestReply } from '../threads.js';
import type { FileDigest } from './types.js';

/** Bytes read and hashed per step: about a millisecond's work. */
const SLICE_BYTES = 1024 * 1024;

export interface DigestSteps {
  /** Hash the next slice; the reply once the file is done (or cannot be read), else null. */
  step(): DigestReply | null;
}

export function digestSteps(path: string): DigestSteps {
  let fd = -1;
  let bytes = 0;
  const buffer = Buffer.allocUnsafe(SLICE_BYTES);
  const failed = (e: unknown): DigestReply => {
    if (fd >= 0) closeSync(fd);
    return { kind: 'digest', error: e instanceof Error ? e.message : String(e) };
  };
  let hash: Hash;
  try {
    hash = process.getBuiltinModule('node:crypto').createHash('sha256');
    fd = openSync(path, 'r');
  } catch (e) {
    const reply = failed(e);
    return { step: () => reply };
  }
  return {
    step() {
      try {
        const got = readSync(fd, buffer, 0, SLICE_BYTES, null);
        if (got > 0) {
          hash.update(buffer.subarray(0, got));
          bytes += got;
          return null;
        }
        closeSync(fd);
        return { kind: 'digest', sha256: hash.digest('hex'), bytes };
      } catch (e) {
        return failed(e);
      }
    },
  };
}

/** The whole file's digest, taken on this thread. Throws when the file cannot be read. */
export function fileDigest(path: string): FileDigest {
  const steps = digestSteps(path);
  for (;;) {
    const reply = steps.step();
    if (reply === null) continue;
    if ('error' in reply) throw new Error(reply.error);
    return { sha256: reply.sha256, bytes: reply.bytes };
  }
}
