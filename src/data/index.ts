/** The data layer: CSV and friends into numeric Float64Array columns. */
export { DataError } from './errors.js';
export type { FileDigest, Source, ReadOptions, Table, ReaderUsed } from './types.js';
export { learningList } from './types.js';
export { readTable } from './read-table.js';
export { resolveColumn } from './columns.js';
export { normalizeDelimiter, WHITESPACE } from './delimiter.js';
