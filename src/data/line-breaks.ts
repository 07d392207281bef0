/** Counting physical lines: CRLF, CR and LF each end one line, as csv-parse splits records. */

/** Line breaks (CRLF, CR or LF, each one) in `bytes[from, to)`. */
export function countBreaks(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === 10) breaks++;
    else if (c === 13) {
      breaks++;
      if (i + 1 < to && bytes[i + 1] === 10) i++;
    }
  }
  return breaks;
}

/** Number of CR LF pairs in `bytes` (csv-parse counts each as two lines inside quotes). */
export function countCrLf(bytes: Uint8Array): number {
  let pairs = 0;
  let i = bytes.indexOf(13);
  while (i >= 0 && i + 1 < bytes.length) {
    if (bytes[i + 1] === 10) pairs++;
    i = bytes.indexOf(13, i + 1);
  }
  return pairs;
}

/** Counts physical lines across chunks, a CR LF split between two chunks counting once. */
export class LineCounter {
  /** Line breaks seen so far. */
  breaks = 0;
  private endsWithCr = false;

  /** Line breaks before `chunk[to]`, counting those of earlier chunks. */
  breaksBefore(chunk: Uint8Array, to: number): number {
    const skipLf = this.endsWithCr && chunk[0] === 10 ? 1 : 0;
    return this.breaks + (to > skipLf ? countBreaks(chunk, skipLf, to) : 0);
  }

  /** Count `chunk` in. */
  add(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.breaks = this.breaksBefore(chunk, chunk.length);
    this.endsWithCr = chunk[chunk.length - 1] === 13;
  }
}
