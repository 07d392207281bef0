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

/** A TableBuilder whose columns never grow: a full block goes to the sink and the rows start again at 0. */
class StreamingBuilder extends TableBuilder {
  /** Rows handed on so far. */
  total = 0;
  /** Whether rows are kept as readTable keeps them (decided once, when the first row needs room). */
  private keep: boolean | null = null;

  constructor(
    source: string,
    options: ReadOptions,
    private readonly sink: BlockSink,
    private readonly allowEmpty: boolean,
    rows: number,
    private readonly keepRows: () => boolean,
  ) {
    super(source, options);
    this.capacity = rows;
  }

  /** Whether the rows are kept: asked once the columns are chosen (the first row needs room after that). */
  get kept(): boolean {
    this.keep ??= this.keepRows();
    return this.keep;
  }

  override ensureRoom(): void {
    if (this.n < this.capacity) return;
    if (this.kept) return super.ensureRoom();
    this.flush();
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
    if (this.kept) return super.finish(meta);
    this.flush();
    const total = this.total;
    // With no rows at all the base class throws its "no data rows" error, unless the caller takes
    // an empty table (an empty part of a split file has a fold too: an empty one).
    if (total === 0 && !this.allowEmpty) return super.finish(meta);
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
   * Asked once, after `opts.select` has chosen the columns and before any row is handed on: true
   * to keep the rows after all (the table is then readTable's, and the sink is never called).
   */
  keepRows?: () => boolean;
}

/**
 * Read the table as readTable does, handing the rows to `sink` a block at a time instead of
 * keeping them. The returned Table has `n` (rows handed on in all) and empty columns, unless
 * `keepRows` chose to keep them (`kept` then says so).
 */
export async function streamTable(source: Source, opts: ReadOptions, sink: BlockSink, options: StreamOptions = {}): Promise<Table & { kept: boolean }> {
  let builder: StreamingBuilder | null = null;
  const table = await readTableInto(source, opts, (name) => {
    builder = new StreamingBuilder(name, opts, sink, options.allowEmpty === true, options.rows ?? STREAM_BLOCK_ROWS, options.keepRows ?? (() => false));
    return builder;
  });
  return { ...table, kept: (builder as StreamingBuilder | null)?.kept ?? false };
}
