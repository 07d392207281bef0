/**
 * The input as a window of bytes that refills itself, reading one chunk ahead: while the scanner
 * works on `buf[start, end)`, the next chunk is already being read into a second buffer, so the
 * wait for the disk (or the pipe) overlaps the parsing instead of following it.
 *
 * A refill keeps the unfinished line `buf[start, end)` and appends the new chunk after it. The
 * chunk is read at an offset of RESERVE bytes into the second buffer, so an unfinished line of up
 * to RESERVE bytes is copied in front of it and the buffers swap roles; a longer line moves to a
 * buffer made big enough for it.
 */
import type { ByteSource } from './byte-source.js';
import { CHUNK_BYTES } from './limits.js';

/** Room kept in front of each chunk for the unfinished line before it. */
const RESERVE = 64 * 1024;

export class ReadAhead {
  /** The bytes: `buf[start, end)` are read and not yet consumed. */
  buf: Buffer = Buffer.allocUnsafe(RESERVE + CHUNK_BYTES);
  start = RESERVE;
  end = RESERVE;
  /** Whether the input has ended (no byte will follow `buf[end - 1]`). */
  eof = false;
  /** Offset in the input of `buf[0]`. */
  base = -RESERVE;
  /** Where the chunk ahead goes, once a first refill needs it. */
  private spare: Buffer | null = null;
  /** The read of the chunk ahead into `spare[RESERVE, ...)`, resolving to its length. */
  private ahead: Promise<number> | null = null;

  constructor(private readonly input: ByteSource) {}

  /** Read into the free end of `buf`, once, without reading ahead (for the first few bytes). */
  async readMore(): Promise<void> {
    const n = await this.input.read(this.buf, this.end, this.buf.length - this.end);
    if (n === 0) this.eof = true;
    else this.end += n;
  }

  /** Start reading the next chunk (unless the input has ended or a read is under way). */
  readAhead(): void {
    if (this.eof || this.ahead !== null) return;
    this.spare ??= Buffer.allocUnsafe(RESERVE + CHUNK_BYTES);
    this.ahead = this.input.read(this.spare, RESERVE, CHUNK_BYTES);
    // A read left behind when an error ends the table must not become an unhandled rejection;
    // a read that is awaited still throws.
    this.ahead.catch(() => undefined);
  }

  /**
   * Keep `buf[start, end)` and append the next chunk after it (or set `eof`). Returns where the
   * new bytes begin in `buf` (`end` when there are none). `tooLong` is called, and should throw,
   * when the kept bytes alone reach `maxKept`.
   */
  async refill(maxKept: number, tooLong: () => never): Promise<number> {
    this.readAhead();
    const n = this.ahead === null ? 0 : await this.ahead;
    this.ahead = null;
    if (n === 0) {
      this.eof = true;
      return this.end;
    }
    const chunk = this.spare!;
    const kept = this.end - this.start;
    if (kept >= maxKept) tooLong();
    if (kept <= RESERVE) {
      // The unfinished line goes just in front of the new chunk, and the buffers swap roles.
      this.buf.copy(chunk, RESERVE - kept, this.start, this.end);
      this.spare = this.buf;
      this.buf = chunk;
      this.base += this.start - (RESERVE - kept);
      this.start = RESERVE - kept;
      this.end = RESERVE + n;
      return RESERVE;
    }
    // A line longer than the reserve: a buffer big enough for it and the new chunk (also big
    // enough to serve as the spare later).
    const bigger = Buffer.allocUnsafe(Math.max(kept + n, RESERVE + CHUNK_BYTES));
    this.buf.copy(bigger, 0, this.start, this.end);
    chunk.copy(bigger, kept, RESERVE, RESERVE + n);
    this.base += this.start;
    this.buf = bigger;
    this.start = 0;
    this.end = kept + n;
    return kept;
  }

  /** All bytes not consumed yet, including those of the chunk read ahead (for a handover). */
  async rest(): Promise<Buffer> {
    const n = this.ahead === null ? 0 : await this.ahead;
    this.ahead = null;
    const kept = this.buf.subarray(this.start, this.end);
    return n === 0 ? Buffer.from(kept) : Buffer.concat([kept, this.spare!.subarray(RESERVE, RESERVE + n)]);
  }
}
