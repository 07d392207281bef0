/** The predict use case: evaluate a saved model at new x values (CSV with a header, or one number per line). */
import { readTable, type ReadOptions, type Source } from '../data/index.js';
import { compileKernel, freeIdentifiers, parse } from '../expr/index.js';
import { shownList } from '../names.js';
import { InputError } from '../errors.js';
import type { SavedModel } from './model-file.js';
import { band, type BandKind } from './bands.js';
import { shownName } from '../names.js';

export interface Predictions {
  /** Input column names, then the response name. */
  names: string[];
  /** Input columns, then the predicted values. */
  columns: Float64Array[];
  n: number;
  /** Rows dropped by --skip-invalid. */
  skipped: number;
}

/** --interval and --level of predict. */
export interface BandRequest {
  kind: BandKind;
  level: number;
}

/**
 * The refusal of a band the model file cannot give: a file without the "uncertainty" block (saved
 * before bands, or from a fit without standard errors), or a prediction band of a --sigma fit,
 * whose new observations' σ the input does not give.
 */
export function checkBandRequest(model: SavedModel, request: BandRequest, path: string): void {
  if (!model.uncertainty) {
    throw new InputError(`--interval needs the parameters' covariance, which ${shownName(path)} does not hold (saved by an older gradfit, or from a fit without standard errors); save the model again with this gradfit`);
  }
  if (request.kind === 'prediction' && model.uncertainty.weighted) {
    throw new InputError(`--interval prediction: ${shownName(path)} was fitted with --sigma, so a new observation's spread is its own sigma, which predict is not given; use --interval confidence, or fit without --sigma`);
  }
}

export async function predict(model: SavedModel, source: Source, read: Omit<ReadOptions, 'select'>, request: BandRequest | null = null): Promise<Predictions> {
  const ast = parse(model.model);
  const params = Object.keys(model.params);
  const identifiers = model.inputs.map((i) => i.identifier);
  for (const name of freeIdentifiers(ast)) {
    if (!Object.hasOwn(model.params, name) && !identifiers.includes(name)) {
      throw new InputError(`the model file's expression uses '${name}', which is neither a parameter in "params" nor one of its "inputs"; save the model again`);
    }
  }
  const kernel = compileKernel(ast, { params, columns: identifiers });
  const table = await readTable(source, {
    ...read,
    select(names, width) {
      return model.inputs.map(({ identifier, column }) => {
        if (names) {
          for (const candidate of [column, identifier]) {
            const k = names.indexOf(candidate);
            if (k >= 0) return k;
          }
        }
        if (model.inputs.length === 1 && (width === 1 || !names)) return 0;
        // A column by position ($N in the model) is that position of this file too.
        const position = /^\$(\d+)$/.exec(identifier);
        if (position && Number(position[1]) <= width) return Number(position[1]) - 1;
        const wanted = shownList(model.inputs.map((i) => i.column));
        throw new InputError(
          names
            ? `the model needs the column${model.inputs.length > 1 ? 's' : ''} ${wanted}, but the file has: ${shownList(names)}`
            : `the model needs the columns ${wanted}: give the file a header row naming them`,
        );
      });
    },
  });
  const p = Float64Array.from(params, (name) => model.params[name]);
  const y = new Float64Array(table.n);
  kernel.evaluate(p, table.columns, table.n, y);
  const names = [...model.inputs.map((i) => i.column), model.response];
  const inputs = (i: number) => model.inputs.map((input, k) => `${input.column} = ${table.columns[k][i]}`).join(', ');
  refuseNotFinite(y, (i) => `the model is ${y[i]} at ${inputs(i)} (data row ${i + 1} of ${table.source}): predict where it is defined, not at a pole, outside its domain or where it overflows a double`);
  if (request && model.uncertainty) {
    const u = model.uncertainty;
    const b = band(kernel, p, table.columns, table.n, { cov: u.covariance, dof: u.dof, s2: u.s2, level: request.level, kind: request.kind });
    for (const edge of [b.lower, b.upper]) {
      refuseNotFinite(edge, (i) => `the ${request.kind} band is not finite at ${inputs(i)} (data row ${i + 1} of ${table.source}): the model's derivatives are not finite there`);
    }
    return { names: [...names, 'lower', 'upper'], columns: [...table.columns, y, b.lower, b.upper], n: table.n, skipped: table.skipped };
  }
  return { names, columns: [...table.columns, y], n: table.n, skipped: table.skipped };
}

/**
 * A value that is not finite is no prediction, and the CSV it would be written to is one gradfit
 * (and most readers) would refuse: the first such row is an input error, named.
 */
function refuseNotFinite(values: Float64Array, message: (row: number) => string): void {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw new InputError(message(i));
}
