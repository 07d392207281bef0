/** Sizes that bound the reader's memory. */

/** Bytes read per chunk. */
export const CHUNK_BYTES = 1024 * 1024;

/** Longest line (or quoted field) accepted, in bytes; longer means this is not a table. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
