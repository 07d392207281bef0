/** Sizes that bound the reader's memory. */

/** Bytes read per chunk. */
export const CHUNK_BYTES = 1024 * 1024;

/** Longest line (or quoted field) accepted, in bytes; longer means this is not a table. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * Most fields a row may have: gradfit reads a few columns of a table, and a row of millions of
 * fields (a 12 MB line of `1,1,1,...`) would cost gigabytes of cell views before any was read.
 */
export const MAX_COLUMNS = 100_000;

/** The error for a row of more fields than MAX_COLUMNS (`fields`: as many as counted, perhaps more than it has; null: not counted to the end). */
export function tooWide(source: string, line: number, fields: number | null): string {
  const row = fields === null ? `a row of more than the ${MAX_COLUMNS} fields` : `a row of about ${fields} fields, more than the ${MAX_COLUMNS} columns`;
  return `${source}:${line}: ${row} gradfit reads; is this really a table? (keep the columns to fit, e.g. with cut or awk)`;
}
