/**
 * Loading the rows a fit needs: the x and y columns, optional per-row sigma, and every column the
 * model names — only those columns are parsed, so a text "label" column elsewhere is harmless.
 */
import { shownName } from '../names.js';
import { readTable, resolveColumn, type ReadOptions, type Source } from '../data/index.js';
import { InputError } from '../errors.js';
import { classifyModel, type ModelSpec, type ParsedModel } from './model.js';

export interface ColumnChoice {
  /** -x: header name or 1-based index (default "1"). */
  x: string;
  /** -y: header name or 1-based index (default "2"). */
  y: string;
  /** --sigma, if any. */
  sigma?: string;
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
}

export interface LoadedFit {
  spec: ModelSpec;
  data: Dataset;
}

/**
 * Read the table and settle the model: for --degree `model` is a ready spec; for --model it is
 * classified against the header as soon as the header is read.
 */
export async function loadFitData(
  source: Source,
  read: Omit<ReadOptions, 'select'>,
  choice: ColumnChoice,
  model: ModelSpec | ParsedModel,
): Promise<LoadedFit> {
  let spec: ModelSpec | null = 'params' in model ? model : null;
  // Each role (x, y, sigma, data identifiers) maps to a position in the list of parsed columns;
  // a column named twice (-x t with a model that says t) is parsed once.
  const picked: number[] = [];
  const at = (index: number): number => {
    const k = picked.indexOf(index);
    return k >= 0 ? k : picked.push(index) - 1;
  };
  let roles = { x: 0, y: 1, sigma: -1, data: [] as number[] };
  const table = await readTable(source, {
    ...read,
    select(names, width) {
      picked.length = 0;
      const xi = resolveColumn(choice.x, names, width);
      const yi = resolveColumn(choice.y, names, width);
      if (xi === yi) throw new InputError(`-x and -y name the same column (${choice.x}); pick two different columns`);
      roles = { x: at(xi), y: at(yi), sigma: -1, data: [] };
      if (choice.sigma !== undefined) roles.sigma = at(resolveColumn(choice.sigma, names, width));
      if (spec === null) spec = classifyModel(model as ParsedModel, names);
      const response = spec.data.find((id) => id !== 'x' && resolveColumn(id, names, width) === yi);
      if (response !== undefined) {
        throw new InputError(`the model reads '${response}', which is the response column (-y): it would fit ${response} to itself; name the column to fit with -y`);
      }
      roles.data = spec.data.map((id) => (id === 'x' ? roles.x : at(resolveColumn(id, names, width))));
      return picked;
    },
  });
  if (spec === null) throw new InputError('no data rows');
  const s: ModelSpec = spec;
  const x = table.columns[roles.x]!;
  const y = table.columns[roles.y]!;
  let w: Float64Array | null = null;
  if (roles.sigma >= 0) {
    const sigma = table.columns[roles.sigma]!;
    w = new Float64Array(table.n);
    for (let i = 0; i < table.n; i++) {
      const sd = sigma[i]!;
      if (!(sd > 0)) {
        throw new InputError(
          `sigma column '${shownName(table.names[roles.sigma]!)}' must be positive, but data row ${i + 1} has ${sd}; remove the row or fix its sigma`,
        );
      }
      w[i] = 1 / sd;
    }
  }
  const cols = roles.data.map((k) => table.columns[k]!);
  refuseSubnormal(x, table.names[roles.x]!, '-x');
  refuseSubnormal(y, table.names[roles.y]!, '-y');
  roles.data.forEach((k) => refuseSubnormal(table.columns[k]!, table.names[k]!, 'the model'));
  return {
    spec: s,
    data: {
      source: table.source,
      n: table.n,
      x,
      y,
      w,
      cols,
      names: { x: table.names[roles.x]!, y: table.names[roles.y]!, sigma: roles.sigma >= 0 ? table.names[roles.sigma]! : null },
      skipped: table.skipped,
      firstSkipped: table.firstSkipped,
    },
  };
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
  let max = 0;
  for (let i = 0; i < column.length; i++) max = Math.max(max, Math.abs(column[i]!));
  if (max > 0 && max < SMALLEST_NORMAL) {
    throw new InputError(
      `every value in column '${name}' (${role}) is subnormal, below 2.2e-308 (the largest is ${max}): such numbers keep too few significant bits to fit; rescale ${name} (other units) before fitting`,
    );
  }
}
