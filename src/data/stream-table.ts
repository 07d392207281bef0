/**
 * Reading a table without keeping it: the same readers (fast scanner, csv-parse handover) and the
 * same TableBuilder checks, but the columns are a fixed block of rows that is handed to the
 * caller each time it fills, and then reused. Memory is one block, whatever the input's length;
 * every bad cell is still reported as `file:line:column`, because rows go through the same
 * builder code as in readTable.
 */
import { readTableInto } from './read-table.js';
import { TableBuilder } from './table-builder.js';
import type { ReaderUsed, ReadOptions, Source, Table } from './types.js';

/** Rows per block handed on: a multiple of the fold's block, small enough to stay in cache. */
export const STREAM_BLOCK_ROWS = 8192;

/**
 * Called with the selected columns of a block of `n` rows (column k holds `n` valid rows from 0).
 * The arrays are the builder's own and are overwritten by the next block: use them before returning.
 */
export type BlockSink = (columns: readonly Float64Array[], n: number) => void;

/**
 * A TableBuilder that keeps its rows, as readTable's does, up to a limit decided once the columns
 * are chosen; past it, the rows held go to the sink a block at a time, and from then on the
 * columns never grow: a full block goes to the sink and the rows start again at 0.
 */
class StreamingBuilder extends TableBuilder {
  /** Rows handed on so far. */
  total = 0;
  /** Rows kept before streaming begins (0: at once; Infinity: never), decided when the first row needs room. */
  private limit: number | null = null;
  private streaming = false;

  constructor(
    source: string,
    options: ReadOptions,
    private readonly sink: BlockSink,
    private readonly allowEmpty: boolean,
    private readonly rows: number,
    private readonly keepRows: () => number,
  ) {
    super(source, options);
  }

  /** Whether the rows were kept whole (the table is then readTable's). */
  get kept(): boolean {
    return !this.streaming;
  }

  override ensureRoom(): void {
    if (this.n < this.capacity) return;
    if (this.limit === null) {
      const limit = this.keepRows();
      this.limit = limit;
      // The rows kept are at most `limit`: the columns grow to it in one step rather than by
      // halves (a pipe's size is unknown), each step a copy and fresh memory to touch (a
      // million piped rows took 100 ms more than the same file read by path). Pages beyond the
      // rows written are never touched.
      if (Number.isFinite(limit)) {
        this.maxRows = limit;
        this.estimateRows = () => limit;
      }
    }
    if (this.streaming) return this.flush();
    if (this.n >= this.limit) return this.handOver();
    super.ensureRoom();
  }

  /** From keeping to streaming: the rows held go on in blocks, and the columns become one block. */
  private handOver(): void {
    const held = this.columns;
    const n = this.n;
    this.streaming = true;
    this.columns = held.map(() => new Float64Array(this.rows));
    this.capacity = this.rows;
    this.n = 0;
    for (let start = 0; start < n; start += this.rows) {
      const end = Math.min(n, start + this.rows);
      this.total += end - start;
      this.sink(
        held.map((c) => c.subarray(start, end)),
        end - start,
      );
    }
  }

  private flush(): void {
    if (this.n === 0) return;
    const n = this.n;
    // (Set before the sink runs: an error thrown there leaves a consistent count.)
    this.total += n;
    this.n = 0;
    this.sink(this.columns, n);
  }

  override finish(meta: { delimiter: string; reader: ReaderUsed; handoverLine: number | null }): Table {
    this.settlePending();
    this.limit ??= this.keepRows();
    if (!this.streaming && this.n >= this.limit) {
      // (No rows at all, and allowed to be: an empty stream, not readTable's "no data rows".)
      if (this.n > 0) this.handOver();
      else if (this.allowEmpty) this.streaming = true;
    }
    if (!this.streaming) return super.finish(meta);
    this.flush();
    const total = this.total;
    this.n = Math.max(total, 1);
    const table = super.finish(meta);
    return { ...table, n: total, columns: table.columns.map(() => new Float64Array(0)) };
  }
}

export interface StreamOptions {
  /** An input without data rows is an empty table (n = 0), not an error. */
  allowEmpty?: boolean;
  /** Rows per block (default STREAM_BLOCK_ROWS). */
  rows?: number;
  /**
   * Asked once, after `opts.select` has chosen the columns and before any row is handed on: how
   * many rows to keep before streaming begins (default 0). An input that ends before then is
   * readTable's table (`kept`), and the sink is never called; Infinity keeps every row.
   */
  keepRows?: () => number;
}

/**
 * Read the table as readTable does, handing the rows to `sink` a block at a time instead of
 * keeping them. The returned Table has `n` (rows handed on in all) and empty columns, unless
 * `keepRows` chose to keep them (`kept` then says so).
 */
export async function streamTable(source: Source, opts: ReadOptions, sink: BlockSink, options: StreamOptions = {}): Promise<Table & { kept: boolean }> {
  let builder: StreamingBuilder | null = null;
  const table = await readTableInto(source, opts, (name) => {
    builder = new StreamingBuilder(name, opts, sink, options.allowEmpty === true, options.rows ?? STREAM_BLOCK_ROWS, options.keepRows ?? (() => 0));
    return builder;
  });
  return { ...table, kept: (builder as StreamingBuilder | null)?.kept ?? false };
}
