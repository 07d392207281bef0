/**
 * Reading bytes in chunks from a file or a stream into a buffer the caller owns, so a large file
 * is never held whole. Opening a file turns the usual failures into one-line DataErrors.
 */
import { constants, fstatSync, openSync, readSync } from 'node:fs';
import { startWorker, workerScript } from '../threads.js';
import { newRing, PREFIX_MAX, RingReader } from './pipe-ring.js';
import { openFile, type OpenFile } from './file.js';
import { DataError } from './errors.js';
import type { FileDigest, Source } from './types.js';

/** A pull-based byte reader. */
export interface ByteSource {
  /** The name used in messages: the path, or "<stdin>". */
  readonly name: string;
  /** Size in bytes when known (a regular file), else null. */
  readonly size: number | null;
  /** Copy up to `length` bytes into `target` at `offset`; 0 means the end. */
  read(target: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
  /**
   * Once the source takes the input's digest itself (a pipe's reader thread, handed what was read
   * before it): the way to wait for it, given once; else null. Optional.
   */
  takeDigest?(): (() => Promise<FileDigest | null>) | null;
}

/** The DataError for a failure to open or read `name` (by its errno code). */
export function describeFailure(name: string, e: unknown): DataError {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new DataError(`no such file: ${name}`);
    case 'EISDIR':
      return new DataError(`${name} is a directory, not a file`);
    case 'EACCES':
    case 'EPERM':
      return new DataError(`cannot read ${name}: permission denied`);
    default: {
      const detail = e instanceof Error ? e.message : String(e);
      return new DataError(`cannot read ${name}: ${detail.split('\n')[0]}`);
    }
  }
}

class FileByteSource implements ByteSource {
  constructor(
    readonly name: string,
    readonly size: number | null,
    private readonly handle: OpenFile,
  ) {}

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    try {
      const { bytesRead } = await this.handle.read(target, offset, length, null);
      return bytesRead;
    } catch (e) {
      throw describeFailure(this.name, e);
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

class StreamByteSource implements ByteSource {
  readonly name = '<stdin>';
  readonly size = null;
  private readonly chunks: AsyncIterator<unknown>;
  private pending: Uint8Array = new Uint8Array(0);
  private done = false;

  constructor(stream: AsyncIterable<unknown>) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    while (this.pending.length === 0) {
      if (this.done) return 0;
      let next: IteratorResult<unknown>;
      try {
        next = await this.chunks.next();
      } catch (e) {
        throw describeFailure(this.name, e);
      }
      if (next.done) {
        this.done = true;
        return 0;
      }
      const chunk = next.value;
      this.pending = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
    }
    const n = Math.min(length, this.pending.length);
    target.set(this.pending.subarray(0, n), offset);
    this.pending = this.pending.subarray(n);
    return n;
  }

  async close(): Promise<void> {
    if (!this.done) await this.chunks.return?.().catch(() => undefined);
  }
}

/**
 * A pipe (or file) on a descriptor, read with readSync: no stream object (creating process.stdin
 * loads Node's stream and net modules), one read of what is there per call. Past its first
 * PIPE_THREAD_AFTER bytes a pipe is read by a thread of its own (pipe-ring.ts). A descriptor in
 * non-blocking mode (EAGAIN: its writer made it so) goes on as a stream.
 */
class DescriptorByteSource implements ByteSource {
  readonly size = null;
  private stream: StreamByteSource | null = null;
  /** A reader thread for a long pipe (pipe-ring.ts), once it is asked for; `reading` once it reads. */
  private ring: RingReader | null = null;
  private reading = false;
  private read0 = 0;
  /**
   * With a digest wanted (`hashed`), the bytes read here before the reader thread takes over, to
   * hand it (pipe-ring.ts); null once they are more than it takes, or handed over.
   */
  private prefix: Uint8Array[] | null;
  /** The way to wait for the digest, once the reader thread takes it (until `takeDigest`). */
  private digestWait: (() => Promise<FileDigest | null>) | null = null;

  /** Whether a reader thread reads the pipe now (for tests). */
  get threaded(): boolean {
    return this.reading;
  }

  constructor(
    readonly name: string,
    private readonly fd: number,
    private readonly asStream: () => AsyncIterable<unknown>,
    private readonly hashed = false,
  ) {
    this.prefix = hashed ? [] : null;
  }

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    if (this.stream !== null) return this.stream.read(target, offset, length);
    if (this.ring !== null && (this.reading || this.ring.up)) {
      if (!this.reading) {
        const ring = this.ring;
        if (ring.start(this.prefix)) this.digestWait = async () => ring.digest();
        this.prefix = null;
      }
      this.reading = true;
      return this.ring.read(target, offset, length);
    }
    try {
      const n = readSync(this.fd, target, offset, length, null);
      this.read0 += n;
      if (this.prefix !== null) {
        if (this.read0 <= PREFIX_MAX) this.prefix.push(Buffer.from(target.subarray(offset, offset + n)));
        else this.prefix = null;
      }
      // Past a few megabytes (a small input never pays for a thread), a pipe gets its reader thread.
      if (this.read0 >= PIPE_THREAD_AFTER && this.read0 - n < PIPE_THREAD_AFTER) this.ring = pipeReader(this.name, this.fd, this.hashed);
      return n;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0; // (the end of a pipe, on Windows)
      if (code !== 'EAGAIN') throw describeFailure(this.name, e);
      this.stream = new StreamByteSource(this.asStream());
      return this.stream.read(target, offset, length);
    }
  }

  /** Once the reader thread takes the input's digest: the way to wait for it (given once). */
  takeDigest(): (() => Promise<FileDigest | null>) | null {
    const wait = this.digestWait;
    this.digestWait = null;
    return wait;
  }

  async close(): Promise<void> {
    await this.stream?.close();
  }
}

/** Bytes of a pipe read on the main thread before a reader thread is started for the rest. */
const PIPE_THREAD_AFTER = 4 * 1024 * 1024;

/**
 * A reader thread for the pipe on `fd`, through a non-blocking descriptor of its own; null where
 * that cannot be (not a pipe: a file on stdin is read fast as it is; not Linux; no worker script).
 */
function pipeReader(name: string, fd: number, hashed: boolean): RingReader | null {
  const script = workerScript();
  if (script === null || process.platform !== 'linux') return null;
  try {
    if (!fstatSync(fd).isFIFO()) return null;
    const own = openSync(`/proc/self/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK);
    const ring = newRing(own, hashed);
    startWorker(script, null, ring).worker.unref();
    return new RingReader(ring, (message) => new DataError(`cannot read ${name}: ${message.split('\n')[0]}`));
  } catch {
    return null;
  }
}

/** Bytes already in memory, handed out in the sizes asked for. */
class MemoryByteSource implements ByteSource {
  private at = 0;

  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    const n = Math.min(length, this.bytes.length - this.at);
    target.set(this.bytes.subarray(this.at, this.at + n), offset);
    this.at += n;
    return n;
  }

  async close(): Promise<void> {}
}

/**
 * A source that also hands every chunk it reads to `onRead`, until the source takes the digest
 * elsewhere (a pipe's reader thread): then `onDigest` is given the way to wait for it.
 */
class ObservedByteSource implements ByteSource {
  private onRead: ((chunk: Uint8Array) => void) | null;
  private readonly onDigest: ((wait: () => Promise<FileDigest | null>) => void) | null;

  constructor(
    private readonly inner: ByteSource,
    source: Source,
  ) {
    this.onRead = source.onRead ?? null;
    this.onDigest = source.onDigest ?? null;
  }

  get name(): string {
    return this.inner.name;
  }

  get size(): number | null {
    return this.inner.size;
  }

  async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    const n = await this.inner.read(target, offset, length);
    if (this.onRead !== null && this.onDigest !== null && this.inner.takeDigest) {
      const wait = this.inner.takeDigest();
      if (wait !== null) {
        // (This chunk came from the thread, which hashes it.)
        this.onRead = null;
        this.onDigest(wait);
      }
    }
    if (n > 0) this.onRead?.(target.subarray(offset, offset + n));
    return n;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Open a source for reading. Throws DataError for a missing file, a directory, no permission. */
export async function openSource(source: Source): Promise<ByteSource> {
  return observed(await openPlain(source), source);
}

/**
 * Open a source whose bytes its observer is not handed (its digest is taken elsewhere): `observe`
 * wraps it later, when it turns out it should be.
 */
export async function openUnobserved(source: Source): Promise<{ input: ByteSource; observe: () => ByteSource }> {
  const input = await openPlain(source);
  return { input, observe: () => observed(input, source) };
}

function observed(input: ByteSource, source: Source): ByteSource {
  return source.onRead ? new ObservedByteSource(input, source) : input;
}

async function openPlain(source: Source): Promise<ByteSource> {
  if (source.kind === 'stdin') {
    return source.fd === undefined
      ? new StreamByteSource(source.stream)
      : new DescriptorByteSource('<stdin>', source.fd, () => source.stream, source.onRead !== undefined && source.onDigest !== undefined);
  }
  if (source.kind === 'text') return new MemoryByteSource(source.name, source.bytes);
  let handle: OpenFile;
  try {
    handle = await openFile(source.path);
  } catch (e) {
    throw describeFailure(source.path, e);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new DataError(`${source.path} is a directory, not a file`);
    return new FileByteSource(source.path, stat.isFile() ? stat.size : null, handle);
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e instanceof DataError ? e : describeFailure(source.path, e);
  }
}
