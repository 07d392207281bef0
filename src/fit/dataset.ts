/**
 * Loading the rows a fit needs: the x and y columns, optional per-row sigma, and every column the
 * model names — only those columns are parsed, so a text "label" column elsewhere is harmless.
 */
import { columnRange } from './column-range.js';
import { shownName } from '../names.js';
import { learningList, readTable, resolveColumn, type ReadOptions, type Source, type Table } from '../data/index.js';
import { streamTable } from '../data/stream-table.js';
import type { FitRows } from './jacobian-factor.js';
import { InputError, option } from '../errors.js';
import { children, compileKernel, freeIdentifiers, parse, postOrder, type Node } from '../expr/index.js';
import { classifyModel, type ModelSpec, type ParsedModel } from './model.js';

export interface ColumnChoice {
  /** -x: header name or 1-based index; default: the first column (past row names) the model does not name. */
  x?: string;
  /** -y: header name, 1-based index or an expression of columns (`log(Volume)`); default: the next free column. */
  y?: string;
  /** --sigma: a column or an expression of columns, if any. */
  sigma?: string;
  /** --where: keep the rows where this expression of columns is true (non-zero). */
  where?: string;
  /** --group: a column (header name, 1-based index or $N) read as text whose values split the rows. */
  group?: string;
}

/** --group: the group column's name, its values (in order of first appearance) and each row's group (index into values). */
export interface Grouping {
  column: string;
  values: string[];
  of: Int32Array;
}

/** How the table was read and which columns were chosen, for the stderr line and JSON `columns`. */
export interface Reading {
  delimiter: string;
  decimal: '.' | ',';
  header: boolean;
  /** The unnamed first column of row names that was skipped, or false. */
  rowNames: boolean;
  /** The --where expression, or null. */
  where: string | null;
  /** Rows read before --where. */
  rowsRead: number;
  /** 1-based positions in the file of the x column (0: none, the row number) and of the response (0: an expression). */
  xColumn: number;
  yColumn: number;
  /** Whether gradfit chose x (the model uses x and -x was not given) and the response (no -y). */
  chose: { x: boolean; y: boolean };
}

export interface Dataset {
  source: string;
  n: number;
  x: Float64Array;
  y: Float64Array;
  /** Row weights 1/sigma, or null for an unweighted fit. */
  w: Float64Array | null;
  /** The data columns of spec.data, in that order (`x` is the x column). */
  cols: Float64Array[];
  names: { x: string; y: string; sigma: string | null };
  skipped: number;
  firstSkipped: string | null;
  /** How the file was read; absent for data given as arrays (the library). */
  reading?: Reading;
}

export interface LoadedFit {
  spec: ModelSpec;
  data: Dataset;
  /** Set with ColumnChoice.group. */
  grouping?: Grouping;
}

/** A column reference that is a plain name (else -y, --sigma and --where are read as expressions). */
const PLAIN = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*|\d+|\$\d+)\s*$/;

/**
 * The column an identifier of an expression names: `$N` by position, else a header name (or, for
 * -x/-y, a 1-based number).
 */
function columnOf(id: string, names: readonly string[] | null, width: number): number {
  const m = /^\$(\d+)$/.exec(id.trim());
  if (m) {
    const k = Number(m[1]);
    if (k === 0) throw new InputError(`there is no column $0: columns are numbered from $1 (the file has ${width} column${width === 1 ? '' : 's'})`);
    if (k > width) throw new InputError(`there is no column $${k}: the file has ${width} column${width === 1 ? '' : 's'}`);
    return k - 1;
  }
  return resolveColumn(id, names, width);
}

/** An expression of columns (-y, --sigma, --where), parsed; its identifiers are resolved later. */
interface ColumnExpr {
  text: string;
  flag: string;
  ast: Node;
  /** Identifiers that are columns. */
  ids: string[];
  /** --where's string literals, bound to 1, 2, ... */
  strings: string[];
  /** Identifiers compared with a string: text columns. */
  compared?: Set<string>;
  textCols: Map<number, readonly string[]>;
}

function columnExpr(text: string, flag: string): ColumnExpr {
  const ast = parse(text);
  return { text: text.trim(), flag, ast, ids: freeIdentifiers(ast), strings: [], textCols: new Map() };
}

/** A flag's expression quoted for a message: in double quotes, or single ones when it has a double quote. */
function quoted(text: string): string {
  const t = shownName(text);
  return t.includes('"') ? `'${t}'` : `"${t}"`;
}

/** The name a string literal of --where stands for in the parsed condition (never a column's). */
const STRING_NAME = '__gradfit_string_';

/**
 * --where: string literals ("treated", 'Qn1') become names bound to codes 1, 2, ... (a text
 * column compared with them is read as the code of its cell: see ReadOptions.textColumns). A
 * string may only be compared with == or != to a column.
 */
function whereExpr(text: string): ColumnExpr {
  const strings: string[] = [];
  const replaced = text.replace(/"([^"]*)"|'([^']*)'/g, (_, a: string | undefined, b: string | undefined) => {
    const value = (a ?? b ?? '').trim();
    let k = strings.indexOf(value);
    if (k < 0) k = strings.push(value) - 1;
    return ` ${STRING_NAME}${k} `;
  });
  const e = columnExpr(replaced, option('where'));
  e.text = text.trim();
  e.strings = strings;
  if (strings.length === 0) return e;
  const isString = (n: Node): boolean => n.kind === 'ident' && n.name.startsWith(STRING_NAME);
  const compared = new Set<string>();
  for (const n of postOrder(e.ast)) {
    const kids = children(n);
    if (n.kind === 'binary' && (n.op === '==' || n.op === '!=') && (isString(n.left) || isString(n.right))) {
      const other = isString(n.left) ? n.right : n.left;
      if (other.kind !== 'ident' || isString(other)) throw new InputError(`${option('where')} ${quoted(e.text)}: a quoted string can only be compared (== or !=) with a column`);
      compared.add(other.name);
    } else if (kids.some(isString)) {
      throw new InputError(`${option('where')} ${quoted(e.text)}: a quoted string can only be compared (== or !=) with a column`);
    }
  }
  e.ids = e.ids.filter((id) => !id.startsWith(STRING_NAME));
  e.compared = compared;
  return e;
}

/** Evaluate an expression of columns on every row. */
function evaluateColumns(e: ColumnExpr, cols: Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  const names = [...e.ids, ...e.strings.map((_, k) => `${STRING_NAME}${k}`)];
  const codes = e.strings.map((_, k) => new Float64Array(n).fill(k + 1));
  compileKernel(e.ast, { params: [], columns: names }).evaluate(new Float64Array(0), [...cols, ...codes], n, out);
  return out;
}

/**
 * Read the table and settle the model: for --degree `model` is a ready spec; for --model it is
 * classified against the header as soon as the header is read. Columns the user did not choose
 * are chosen here: an unnamed first column (row names, as R's write.csv and pandas' to_csv
 * write them) is never a default; x (only when the model uses `x`) is the first other column
 * the model does not name, y the next.
 */
export async function loadFitData(
  source: Source,
  read: Omit<ReadOptions, 'select'>,
  choice: ColumnChoice,
  model: ModelSpec | ParsedModel,
): Promise<LoadedFit> {
  return (await readFitData(source, read, choice, model, null)) as LoadedFit;
}

/** The rows of a block, as the fit sees them, handed to `streamFitData`'s sink. */
export type FitBlockSink = (rows: FitRows & { x: Float64Array }) => void;

/** What streamFitData gives back: the model and everything of Dataset but the rows themselves. */
export interface StreamedFit {
  streamed: true;
  spec: ModelSpec;
  data: Omit<Dataset, 'x' | 'y' | 'w' | 'cols'>;
}

/**
 * loadFitData without keeping the rows: each block of rows, once --where, -y and --sigma
 * expressions are applied, goes to `sink` (and is overwritten by the next). Messages name the
 * same lines, columns and data rows as loadFitData's. `accept` (asked once the header settles the
 * model) says whether the model may be streamed at all; `after`: rows read and kept before
 * streaming begins — an input that ends before then (or a model not accepted) gives loadFitData's
 * LoadedFit. `allowEmpty`: no data rows is an empty fit (n = 0), not an error. --group is not
 * taken here.
 */
export async function streamFitData(
  source: Source,
  read: Omit<ReadOptions, 'select'>,
  choice: ColumnChoice,
  model: ModelSpec | ParsedModel,
  sink: FitBlockSink,
  options: { allowEmpty?: boolean; accept?: (spec: ModelSpec) => boolean; after?: number } = {},
): Promise<StreamedFit | LoadedFit> {
  if (choice.group !== undefined) throw new InputError(`${option('group')} needs the rows kept; it cannot be streamed`);
  return readFitData(source, read, choice, model, { sink, allowEmpty: options.allowEmpty === true, accept: options.accept ?? (() => true), after: options.after ?? 0 });
}

async function readFitData(
  source: Source,
  read: Omit<ReadOptions, 'select'>,
  choice: ColumnChoice,
  model: ModelSpec | ParsedModel,
  /** `accept` is asked, once the model is settled, whether to stream (else the rows are kept as loadFitData keeps them). */
  stream: { sink: FitBlockSink; allowEmpty: boolean; accept: (spec: ModelSpec) => boolean; after: number } | null,
): Promise<LoadedFit | StreamedFit> {
  let spec: ModelSpec | null = 'params' in model ? model : null;
  // -y and --sigma are expressions unless they name a column (a header name, even one with
  // spaces, a number or $N); settled once the header is known.
  let yExpr: ColumnExpr | null = null;
  let sigmaExpr: ColumnExpr | null = null;
  const where = choice.where !== undefined ? whereExpr(choice.where) : null;
  // Each role (x, y, sigma, data identifiers) maps to a position in the list of parsed columns;
  // a column named twice (-x t with a model that says t) is parsed once.
  const picked: number[] = [];
  const at = (index: number): number => {
    const k = picked.indexOf(index);
    return k >= 0 ? k : picked.push(index) - 1;
  };
  let roles = { x: -1, y: -1, sigma: -1, group: -1, data: [] as number[], yCols: [] as number[], sigmaCols: [] as number[], whereCols: [] as number[] };
  // --group: its column is read as text, its values learned as they come (codes 1, 2, ...).
  const groupText = new Map<number, readonly string[]>();
  let groupName = '';
  let groupStrings: string[] = [];
  let rowNames = false;
  let names: { x: string; y: string; sigma: string | null } = { x: 'row', y: '', sigma: null };
  const readOpts: ReadOptions = {
    ...read,
    textColumns: () => new Map([...(where?.textCols ?? new Map<number, readonly string[]>()), ...groupText]),
    select(header, width) {
      picked.length = 0;
      rowNames = header !== null && width > 1 && header[0] === '';
      const isColumn = (text: string): boolean => PLAIN.test(text) || (header?.includes(text.trim()) ?? false);
      yExpr = choice.y !== undefined && !isColumn(choice.y) ? columnExpr(choice.y, option('y')) : null;
      sigmaExpr = choice.sigma !== undefined && !isColumn(choice.sigma) ? columnExpr(choice.sigma, option('sigma')) : null;
      const nameOf = (k: number): string => header?.[k] || String(k + 1);
      if (spec === null) spec = classifyModel(model as ParsedModel, header);
      const usesX = spec.data.includes('x');
      const modelCols = spec.data.filter((id) => id !== 'x').map((id) => columnOf(id, header, width));
      const exprCols = (e: ColumnExpr): number[] => e.ids.map((id) => columnOf(id, header, width));
      const yCols = yExpr ? exprCols(yExpr) : [];
      let yi = choice.y !== undefined && yExpr === null ? columnOf(choice.y, header, width) : -1;
      let xi = choice.x !== undefined ? columnOf(choice.x, header, width) : -1;
      // The group column is never a default x or response.
      const gi = choice.group !== undefined ? columnOf(choice.group, header, width) : -1;
      const grouped = gi >= 0 ? [gi] : [];
      const free = (taken: number[]): number => {
        for (let k = rowNames ? 1 : 0; k < width; k++) if (!taken.includes(k)) return k;
        return -1;
      };
      // A column called x (or y) is the default x (or response) wherever it stands: R's
      // write.csv of data.frame(y, x) has them the other way round.
      const calledFree = (name: string, taken: number[]): number => header?.findIndex((h, j) => h.trim() === name && !taken.includes(j) && !(rowNames && j === 0)) ?? -1;
      if (xi < 0 && usesX) {
        const taken = [...modelCols, ...yCols, ...(yi >= 0 ? [yi] : []), ...grouped];
        xi = calledFree('x', taken);
        if (xi < 0) xi = free(taken);
        if (xi < 0) throw new InputError(`no column is left for x: the file has ${width} column${width === 1 ? '' : 's'}${rowNames ? ' (the first holds row names)' : ''}; name one with -x`);
      }
      if (yi < 0 && yExpr === null) {
        // A column called y; else, with -x given, the second column (past row names), as it
        // always was; else the first column neither x nor the model takes (nor one called x), or
        // that second column when none is left (the checks below then say what clashes).
        const second = Math.min(rowNames ? 2 : 1, width - 1);
        const named = (k: number): boolean => header?.[k] === 'x';
        const taken = [...modelCols, ...grouped, ...(usesX && xi >= 0 ? [xi] : []), ...Array.from({ length: width }, (_, k) => k).filter(named)];
        yi = calledFree('y', taken);
        if (yi < 0) yi = choice.x !== undefined ? second : free(taken);
        if (yi < 0) yi = second;
      }
      if (usesX && xi === yi) {
        // One column in all (a delimiter that is not the file's, or a file of one column): say so,
        // rather than blame -x and -y, which the user may not have given.
        if (width - (rowNames ? 1 : 0) === 1 && choice.x === undefined && choice.y === undefined) {
          const delimiter = read.delimiter === undefined ? '' : ` with --delimiter '${shownName(read.delimiter)}'`;
          throw new InputError(`the file has one column (${nameOf(xi)})${delimiter}, and a fit of y against x needs two: check the delimiter (--delimiter), or name the columns with -x and -y`);
        }
        throw new InputError(`-x and -y name the same column (${nameOf(xi)}); pick two different columns`);
      }
      const response = yi >= 0 ? spec.data.find((id) => (id === 'x' ? false : columnOf(id, header, width) === yi)) : undefined;
      if (response !== undefined) {
        throw new InputError(`the model reads '${response}', which is the response column (${option('y')}): it would fit ${response} to itself; name the column to fit with ${option('y')}`);
      }
      roles = { x: -1, y: -1, sigma: -1, group: -1, data: [], yCols: [], sigmaCols: [], whereCols: [] };
      if (xi >= 0) roles.x = at(xi);
      if (yi >= 0) roles.y = at(yi);
      roles.yCols = yCols.map(at);
      if (choice.sigma !== undefined) {
        if (sigmaExpr) roles.sigmaCols = exprCols(sigmaExpr).map(at);
        else roles.sigma = at(columnOf(choice.sigma, header, width));
      }
      if (where) {
        roles.whereCols = exprCols(where).map(at);
        where.textCols.clear();
        for (const id of where.compared ?? []) {
          const k = columnOf(id, header, width);
          const used = modelCols.includes(k) || yCols.includes(k) || k === yi || (usesX && k === xi) || (choice.sigma !== undefined && picked[roles.sigma] === k);
          if (used) throw new InputError(`${option('where')} compares column '${shownName(id)}' with a string, but the fit reads it as numbers`);
          where.textCols.set(k, where.strings);
        }
      }
      groupText.clear();
      if (choice.group !== undefined) {
        const g = gi;
        const gname = shownName(nameOf(g));
        if (usesX && g === xi) throw new InputError(`${option('group')} names column '${gname}', which is x (${option('x')}); group by another column`);
        if (g === yi || yCols.includes(g)) throw new InputError(`${option('group')} names column '${gname}', which is the response (${option('y')}); group by another column`);
        if (modelCols.includes(g)) throw new InputError(`${option('group')} names column '${gname}', which the model reads as numbers; group by another column`);
        if (choice.sigma !== undefined && ((roles.sigma >= 0 && picked[roles.sigma] === g) || roles.sigmaCols.some((k) => picked[k] === g))) {
          throw new InputError(`${option('group')} names column '${gname}', which is the sigma column; group by another column`);
        }
        if (where && roles.whereCols.some((k) => picked[k] === g) && !where.textCols.has(g)) {
          throw new InputError(`${option('where')} reads the group column '${gname}' as numbers; compare it with a quoted string (e.g. ${gname} != "B") or leave it out`);
        }
        // Seeded with --where's strings when --where compares the group column with them, so their codes agree.
        groupStrings = learningList(where?.textCols.get(g) ?? []);
        if (where?.textCols.has(g)) where.textCols.set(g, groupStrings);
        groupText.set(g, groupStrings);
        groupName = nameOf(g);
        roles.group = at(g);
      }
      roles.data = spec.data.map((id) => (id === 'x' ? roles.x : at(columnOf(id, header, width))));
      // The x the report and plots use: -x, else the first column the model reads, else the row number.
      if (roles.x < 0 && modelCols.length > 0) roles.x = at(modelCols[0]);
      names = {
        x: roles.x >= 0 ? nameOf(picked[roles.x]) : 'row',
        y: yExpr ? yExpr.text : nameOf(yi),
        sigma: choice.sigma === undefined ? null : sigmaExpr ? sigmaExpr.text : nameOf(picked[roles.sigma]),
      };
      return picked;
    },
  };
  /** --where applied to a block of rows: the rows it keeps (the same arrays when it keeps all). */
  const kept = (columns: Float64Array[], n: number): { columns: Float64Array[]; n: number } => {
    if (!where) return { columns, n };
    const keep = evaluateColumns(where, roles.whereCols.map((k) => columns[k]), n);
    let count = 0;
    for (let i = 0; i < n; i++) if (keep[i] !== 0 && !Number.isNaN(keep[i])) count++;
    if (count === n || count === 0) return { columns, n: count };
    return {
      columns: columns.map((c) => {
        const out = new Float64Array(count);
        let j = 0;
        for (let i = 0; i < n; i++) if (keep[i] !== 0 && !Number.isNaN(keep[i])) out[j++] = c[i];
        return out;
      }),
      n: count,
    };
  };
  /** A block of kept rows as the fit sees them; `offset` is the number of kept rows before it (for messages). */
  const shape = (columns: Float64Array[], n: number, offset: number): FitRows & { x: Float64Array } => {
    const x = roles.x >= 0 ? columns[roles.x] : Float64Array.from({ length: n }, (_, i) => offset + i + 1);
    const derived = (e: ColumnExpr, cols: number[]): Float64Array => {
      const v = evaluateColumns(e, cols.map((k) => columns[k]), n);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(v[i])) {
          const at = e.ids.map((id, j) => `${id} = ${columns[cols[j]][i]}`).join(', ');
          throw new InputError(`${e.flag} ${quoted(e.text)} is ${v[i]} at data row ${offset + i + 1}${at ? ` (${at})` : ''}; use ${option('where')} to leave such rows out`);
        }
      }
      return v;
    };
    const y = yExpr ? derived(yExpr, roles.yCols) : columns[roles.y];
    let w: Float64Array | null = null;
    if (choice.sigma !== undefined) {
      const sigma = sigmaExpr ? derived(sigmaExpr, roles.sigmaCols) : columns[roles.sigma];
      w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const sd = sigma[i];
        if (!(sd > 0)) {
          throw new InputError(
            `sigma column '${shownName(names.sigma!)}' must be positive, but data row ${offset + i + 1} has ${sd}; remove the row or fix its sigma`,
          );
        }
        w[i] = 1 / sd;
      }
    }
    return { x, y, w, cols: roles.data.map((k) => columns[k]), n };
  };
  const keptNone = (rows: number) => new InputError(`${option('where')} ${quoted(where!.text)} keeps none of the ${rows} data row${rows === 1 ? '' : 's'}`);

  const streamed = stream ? await streamRows(stream) : null;
  if (streamed && !streamed.kept) {
    // Each block is filtered, shaped and handed on; the largest magnitudes are kept for the
    // subnormal check (the fold of an all-subnormal column is refused at the end, as it is here).
    return streamed.result;
  }

  async function streamRows(stream: { sink: FitBlockSink; allowEmpty: boolean; accept: (spec: ModelSpec) => boolean; after: number }): Promise<{ kept: true; table: Table } | { kept: false; result: StreamedFit }> {
    let offset = 0;
    let maxes: number[] = [];
    const table = await streamTable(
      source,
      readOpts,
      (raw, rawN) => {
        const k = kept(raw as Float64Array[], rawN);
        if (k.n === 0) return;
        const rows = shape(k.columns, k.n, offset);
        const all = [rows.x, rows.y, ...rows.cols];
        if (maxes.length === 0) maxes = all.map(() => 0);
        all.forEach((c, j) => (maxes[j] = Math.max(maxes[j], largestInBlock(c))));
        offset += k.n;
        stream.sink(rows);
      },
      { allowEmpty: stream.allowEmpty, keepRows: () => (spec === null ? (stream.allowEmpty ? 0 : Infinity) : stream.accept(spec) ? stream.after : Infinity) },
    );
    if (table.kept) return { kept: true, table };
    if (where && offset === 0 && table.n > 0 && !stream.allowEmpty) throw keptNone(table.n);
    if (spec === null) {
      if (!stream.allowEmpty) throw new InputError('no data rows');
      spec = classifyModel(model as ParsedModel, null);
    }
    const s: ModelSpec = spec;
    if (maxes.length > 0) {
      const labels: [string, string][] = [[names.x, option('x')], [names.y, option('y')], ...roles.data.map((k): [string, string] => [table.names[k], 'the model'])];
      labels.forEach(([name, role], j) => refuseSubnormalMax(maxes[j], name, role));
    }
    const result: StreamedFit = {
      streamed: true,
      spec: s,
      data: {
        source: table.source,
        n: offset,
        names,
        skipped: table.skipped,
        firstSkipped: table.firstSkipped,
        reading: readingOf(table, s, offset),
      },
    };
    return { kept: false, result };
  }

  const table = streamed?.kept ? streamed.table : await readTable(source, readOpts);
  if (spec === null) throw new InputError('no data rows');
  const s: ModelSpec = spec;
  const filtered = kept(table.columns, table.n);
  if (where && filtered.n === 0) throw keptNone(table.n);
  const columns = filtered.columns;
  const n = filtered.n;
  const { x, y, w, cols } = shape(columns, n, 0);
  refuseSubnormal(x, names.x, option('x'));
  refuseSubnormal(y, names.y, option('y'));
  roles.data.forEach((k) => refuseSubnormal(columns[k], table.names[k], 'the model'));
  let grouping: Grouping | undefined;
  if (roles.group >= 0) {
    // Groups in order of first appearance among the rows kept (a value seen only on a row that
    // was skipped or left out by --where, or only in --where's strings, is no group).
    const codes = columns[roles.group];
    const index = new Map<number, number>();
    const values: string[] = [];
    const of = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      let k = index.get(c);
      if (k === undefined) {
        k = values.push(groupStrings[c - 1] ?? '') - 1;
        index.set(c, k);
      }
      of[i] = k;
    }
    grouping = { column: groupName, values, of };
  }
  return {
    spec: s,
    ...(grouping ? { grouping } : {}),
    data: {
      source: table.source,
      n,
      x,
      y,
      w,
      cols,
      names,
      skipped: table.skipped,
      firstSkipped: table.firstSkipped,
      reading: readingOf(table, s, n),
    },
  };

  function readingOf(table: Table, s: ModelSpec, _n: number): Reading {
    return {
      delimiter: table.delimiter,
      decimal: read.decimal ?? '.',
      header: table.hasHeader,
      rowNames,
      where: where ? where.text : null,
      rowsRead: table.n,
      xColumn: roles.x >= 0 ? picked[roles.x] + 1 : 0,
      yColumn: roles.y >= 0 ? picked[roles.y] + 1 : 0,
      chose: { x: s.data.includes('x') && choice.x === undefined, y: choice.y === undefined },
    };
  }
}

/** The largest magnitude in a column. */
function largest(column: Float64Array): number {
  return columnRange(column).absMax;
}

/** The largest magnitude in a column (not remembered: a block of a stream). */
function largestInBlock(column: Float64Array): number {
  let max = 0;
  for (let i = 0; i < column.length; i++) max = Math.max(max, Math.abs(column[i]));
  return max;
}

/** The smallest positive normal double, 2^-1022 ≈ 2.2e-308; below it numbers lose significant bits. */
const SMALLEST_NORMAL = 2 ** -1022;

/**
 * Refuses a column whose every value is subnormal (its largest magnitude below 2.2e-308, yet not
 * 0): such numbers keep fewer than 53 significant bits (1e-320 has 11), their squares and products
 * are 0, and no statistic of a fit to them can be computed. A column with some subnormal values
 * beside normal ones is fine: those values are tiny beside the others.
 */
function refuseSubnormal(column: Float64Array, name: string, role: string): void {
  refuseSubnormalMax(largest(column), name, role);
}

function refuseSubnormalMax(max: number, name: string, role: string): void {
  if (max > 0 && max < SMALLEST_NORMAL) {
    throw new InputError(
      `every value in column '${name}' (${role}) is subnormal, below 2.2e-308 (the largest is ${max}): such numbers keep too few significant bits to fit; rescale ${name} (other units) before fitting`,
    );
  }
}
