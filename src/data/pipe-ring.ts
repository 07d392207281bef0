/**
 * Reading a pipe on a thread of its own. A pipe hands over at most 64 KB a read (on Linux), and
 * its writer (`cat`) must then be woken to refill it: read on the main thread between scans, that
 * left the scanner 64 KB chunks and the main thread waiting for the writer (piped input was read
 * 10 to 16% slower than the same file by path). A reader thread instead reads on while the main
 * thread parses, into a ring of slots of 1 MB in shared memory: it fills a slot (or reaches the
 * end), publishes it, and takes the next free one; the main thread copies each slot out as its
 * reader asks, and frees it.
 *
 * The thread reads the pipe through a descriptor of its own, opened non-blocking
 * (/proc/self/fd/0): a thread blocked in a read of a pipe would keep the process from exiting
 * until the writer wrote or closed (a fit that fails early, on `tail -f | gradfit`, would hang).
 * An empty pipe is polled instead, in Atomics.wait, which ending the process interrupts: after
 * 20 µs, then twice as long each time it is still empty, up to a millisecond. A pipe holds 64 KB,
 * so once the thread has drained it the writer waits for the next poll: with a fixed millisecond,
 * the main thread waited 35–62 ms for data over 30M piped rows, against 7–16 ms now; an idle pipe
 * still costs only a thousand wake-ups a second. Reads never overlap: the main thread reads descriptor 0 itself until the thread is
 * up, then hands over.
 *
 * The input's SHA-256 (JSON provenance), when it is wanted, is taken on the thread too (a tenth
 * of the main thread's time on a long stream, otherwise): at GO the main thread hands it the bytes
 * it read itself (`prefix`), and the thread hashes those, then each slot once it is published,
 * and leaves the digest (`digest`: its length in bytes, then 64 hex digits) before DONE.
 *
 * Control words (Int32Array): FILLED slots published, CONSUMED slots freed, DONE (nothing follows
 * the last slot published), ERROR (the read failed; its message in the next slot, ERROR_LENGTH
 * bytes of UTF-8), UP (the thread waits for GO), GO (the main thread no longer reads), HASH (the
 * thread takes the digest, of PREFIX bytes of `prefix` and all it reads), HASHED (the digest is
 * there).
 */
import { closeSync, readSync } from 'node:fs';

const FILLED = 0;
const CONSUMED = 1;
const DONE = 2;
const ERROR = 3;
const ERROR_LENGTH = 4;
const UP = 5;
const GO = 6;
const HASH = 7;
const PREFIX = 8;
const HASHED = 9;
const CONTROL_WORDS = 10;

/** Most bytes the main thread may hand over for the digest (committed only as far as written). */
export const PREFIX_MAX = 32 * 1024 * 1024;

/** Slots in the ring, and bytes in a slot. */
const SLOTS = 4;
const SLOT_BYTES = 1024 * 1024;

/** The ring, as both threads see it (`fd`: the thread's own non-blocking descriptor of the pipe). */
export interface PipeRing {
  fd: number;
  data: SharedArrayBuffer;
  control: Int32Array;
  lengths: Int32Array;
  /** The bytes read before GO, for the digest (null: no digest wanted). */
  prefix: SharedArrayBuffer | null;
  /** The digest: a Float64 byte count, then 64 bytes of hex. */
  digest: SharedArrayBuffer | null;
}

/** A ring for the pipe on `fd`; `hashed`: the thread may be asked for the digest. */
export function newRing(fd: number, hashed = false): PipeRing {
  return {
    fd,
    data: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
    control: new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4)),
    lengths: new Int32Array(new SharedArrayBuffer(SLOTS * 4)),
    prefix: hashed ? new SharedArrayBuffer(PREFIX_MAX) : null,
    digest: hashed ? new SharedArrayBuffer(8 + 64) : null,
  };
}

/** The digest the thread takes: what it has hashed so far, and the hash. */
interface Digesting {
  hash: import('node:crypto').Hash;
  bytes: number;
}

/** What one read of a full pipe gives on Linux: a slot holding this much goes out when the pipe runs dry. */
const PIPE_READ = 65536;

/** The first and the longest wait for an empty pipe, in milliseconds. */
const FIRST_PAUSE_MS = 0.02;
const LONGEST_PAUSE_MS = 1;

/** Wait while every slot is taken. */
function waitForRoom(control: Int32Array, filled: number): void {
  for (let consumed = Atomics.load(control, CONSUMED); filled - consumed >= SLOTS; consumed = Atomics.load(control, CONSUMED)) {
    Atomics.wait(control, CONSUMED, consumed);
  }
}

/**
 * The reader thread's work (src/worker.ts): after GO, fill slots until the end of the input or an
 * error. Anything that goes wrong ends the input with an error: the main thread is never left
 * waiting. (The main thread, which opened the descriptor, closes it at the end.)
 */
export function fillRing(ring: PipeRing): void {
  const { control } = ring;
  Atomics.store(control, UP, 1);
  while (Atomics.load(control, GO) === 0) Atomics.wait(control, GO, 0);
  let failure: string | null;
  let digesting: Digesting | null = null;
  try {
    if (Atomics.load(control, HASH) === 1 && ring.prefix !== null) {
      digesting = { hash: process.getBuiltinModule('node:crypto').createHash('sha256'), bytes: 0 };
      const length = Atomics.load(control, PREFIX);
      digesting.hash.update(new Uint8Array(ring.prefix, 0, length));
      digesting.bytes = length;
    }
    failure = fillSlots(ring, digesting);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (failure === null && digesting !== null && ring.digest !== null) {
    new Float64Array(ring.digest, 0, 1)[0] = digesting.bytes;
    new Uint8Array(ring.digest, 8, 64).set(Buffer.from(digesting.hash.digest('hex'), 'latin1'));
    Atomics.store(control, HASHED, 1);
  }
  finish(ring, failure);
}

/** Fill and publish slots until the end (null) or a failed read (its message). */
function fillSlots(ring: PipeRing, digesting: Digesting | null): string | null {
  const { fd, control, lengths } = ring;
  const bytes = new Uint8Array(ring.data);
  let pause = FIRST_PAUSE_MS;
  for (let filled = 0; ; ) {
    waitForRoom(control, filled);
    const slot = filled % SLOTS;
    const at = slot * SLOT_BYTES;
    let got = 0;
    let end = false;
    let failure: string | null = null;
    while (got < SLOT_BYTES) {
      let n: number;
      try {
        n = readSync(fd, bytes, at + got, SLOT_BYTES - got, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          // The pipe is empty for now: a slot with a full pipe's worth goes out, else a short sleep.
          if (got >= PIPE_READ) break;
          Atomics.wait(control, GO, 1, pause);
          pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
          continue;
        }
        failure = e instanceof Error ? e.message : String(e);
        break;
      }
      if (n === 0) {
        end = true;
        break;
      }
      got += n;
      pause = FIRST_PAUSE_MS;
    }
    lengths[slot] = got;
    Atomics.store(control, FILLED, ++filled);
    Atomics.notify(control, FILLED);
    // (Hashed once published: the main thread may read the slot meanwhile, and only this thread
    // writes it again.)
    if (digesting !== null) {
      digesting.hash.update(bytes.subarray(at, at + got));
      digesting.bytes += got;
    }
    if (failure !== null) return failure;
    if (end) return null;
  }
}

/** Nothing follows the slots published: the end, or after them the error's message. */
function finish(ring: PipeRing, failure: string | null): void {
  const { control } = ring;
  if (failure !== null) {
    const filled = Atomics.load(control, FILLED);
    waitForRoom(control, filled);
    const message = new TextEncoder().encode(failure).subarray(0, 4096);
    new Uint8Array(ring.data).set(message, (filled % SLOTS) * SLOT_BYTES);
    Atomics.store(control, ERROR_LENGTH, message.length);
    Atomics.store(control, ERROR, 1);
  }
  Atomics.store(control, DONE, 1);
  Atomics.notify(control, FILLED);
}

/**
 * The main thread's side: `read` copies up to `length` bytes of the published slots into `target`
 * (0 at the end); a read error of the thread is thrown as `failure(message)`.
 */
export class RingReader {
  private readonly bytes: Uint8Array;
  private consumed = 0;
  /** Bytes of the current slot already copied out. */
  private at = 0;

  constructor(
    private readonly ring: PipeRing,
    private readonly failure: (message: string) => Error,
  ) {
    this.bytes = new Uint8Array(ring.data);
  }

  /** Whether the thread is up (it then waits for `start`). */
  get up(): boolean {
    return Atomics.load(this.ring.control, UP) === 1;
  }

  private closed = false;

  /** Close the thread's descriptor, once its reading is done. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.ring.fd);
    } catch {
      // (already gone)
    }
  }

  /**
   * Let the thread read (this thread no longer does). With `prefix` (every byte read before, in
   * order), the thread also takes the digest; returns whether it does.
   */
  start(prefix: readonly Uint8Array[] | null = null): boolean {
    let hashing = false;
    if (prefix !== null && this.ring.prefix !== null) {
      const total = prefix.reduce((sum, chunk) => sum + chunk.length, 0);
      if (total <= PREFIX_MAX) {
        const into = new Uint8Array(this.ring.prefix);
        let at = 0;
        for (const chunk of prefix) {
          into.set(chunk, at);
          at += chunk.length;
        }
        Atomics.store(this.ring.control, PREFIX, total);
        Atomics.store(this.ring.control, HASH, 1);
        hashing = true;
      }
    }
    Atomics.store(this.ring.control, GO, 1);
    Atomics.notify(this.ring.control, GO);
    return hashing;
  }

  /** The digest the thread took, once the input has been read to its end; else null. */
  digest(): { sha256: string; bytes: number } | null {
    const { control, digest } = this.ring;
    if (digest === null || Atomics.load(control, HASHED) !== 1) return null;
    return { bytes: new Float64Array(digest, 0, 1)[0], sha256: Buffer.from(new Uint8Array(digest, 8, 64)).toString('latin1') };
  }

  read(target: Uint8Array, offset: number, length: number): number {
    const { control, lengths } = this.ring;
    for (;;) {
      const filled = Atomics.load(control, FILLED);
      if (filled > this.consumed) {
        const slot = this.consumed % SLOTS;
        const n = Math.min(length, lengths[slot] - this.at);
        const from = slot * SLOT_BYTES + this.at;
        target.set(this.bytes.subarray(from, from + n), offset);
        this.at += n;
        if (this.at >= lengths[slot]) {
          this.at = 0;
          this.consumed++;
          Atomics.store(control, CONSUMED, this.consumed);
          Atomics.notify(control, CONSUMED);
        }
        if (n > 0) return n;
        continue;
      }
      if (Atomics.load(control, DONE) === 1) {
        if (Atomics.load(control, FILLED) > this.consumed) continue;
        this.close();
        if (Atomics.load(control, ERROR) === 1) {
          const at = (this.consumed % SLOTS) * SLOT_BYTES;
          throw this.failure(new TextDecoder().decode(this.bytes.subarray(at, at + Atomics.load(control, ERROR_LENGTH))));
        }
        return 0;
      }
      Atomics.wait(control, FILLED, filled, 100);
    }
  }
}
