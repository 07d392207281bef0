/**
 * `gradfit fit` on folds: streaming (rows folded as they are parsed, nothing of size n kept),
 * `--save-fold FILE` (a part's fold written for a later merge) and `--folds FILE...` (a fit from
 * the folds of parts). Only a model linear in its parameters, with the default least-squares
 * loss and nothing that needs the rows (charts of the data, robust losses, bounds, --fix,
 * --group, --degree auto, the descent methods), is folded; anything else keeps its rows as before.
 */
import { statSync } from 'node:fs';
import type { Source } from '../../data/index.js';
import { streamFitData, type LoadedFit } from '../../fit/dataset.js';
import { folderOf, mergeFolds, type FitFold, type FoldModel } from '../../fit/fold.js';
import { streamFold, type StreamFold } from '../../fit/fold-stream.js';
import type { FitRows } from '../../fit/jacobian-factor.js';
import { fitFromFold, type FoldedResult } from '../../fit/fold-fit.js';
import { checkDistinctParts, checkSameFit, foldDocument, newPartId, parseFoldFile, type FoldColumns, type FoldFile } from '../../fit/fold-file.js';
import type { ModelSpec, ParsedModel } from '../../fit/model.js';
import { savedModel } from '../../fit/model-file.js';
import { runChecks, type CheckRequest } from '../../checks/checks.js';
import { InputError, wordOptions } from '../../errors.js';
import { shownName } from '../../names.js';
import { renderFitText } from '../../report/fit-text.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { chalkFor, isTerminal, terminalWidth, writeErr, writeOut } from '../output.js';
import { checkDistinctInputs, checkOutputs, readSmallFile, writeOutputFile, type NamedFile } from '../files.js';
import { finishFit } from './fit-finish.js';
import { provenance, type Provenance } from '../provenance.js';
import { readOptions } from '../input.js';
import type { OutputSettings } from '../settings.js';
import type { FitOptions } from './fit.js';

/**
 * Rows of piped input read and kept before folding begins: an input that ends before then is
 * fitted as a file by path is (byte for byte the same output); a longer one is folded from then
 * on. GRADFIT_STREAM_AFTER_ROWS sets it (0: fold from the first row).
 */
export function streamAfterRows(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.GRADFIT_STREAM_AFTER_ROWS;
  if (text === undefined || text.trim() === '') return 1_000_000;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < 0) throw new InputError(`GRADFIT_STREAM_AFTER_ROWS must be a whole number of rows ≥ 0, not '${shownName(text)}'`);
  return v;
}

/** A file by path larger than this is streamed (smaller ones are read whole: they fit in memory, and the fit can check itself on the rows). */
export const STREAM_FILE_BYTES = 1 << 30;

/** What the folded paths need from fitCommand's settings. */
export interface FoldContext {
  o: FitOptions;
  out: OutputSettings;
  strict: boolean;
  level: number;
  checks: CheckRequest;
  seed: number | undefined;
}

/**
 * Why the rows must be kept for this fit (a flag or an output that needs them), or null when it
 * can be folded as they arrive, if its model turns out linear in its parameters.
 */
export function rowsNeeded(o: FitOptions, method: string, auto: boolean, out: OutputSettings): string | null {
  if (o.group !== undefined) return '--group';
  if (auto) return '--degree auto';
  if (method !== 'lm') return `--method ${method}`;
  if (o.global) return '--global';
  if (o.bounds) return '--bounds';
  if (o.fix) return '--fix';
  if (o.loss !== undefined && o.loss !== 'linear') return `--loss ${o.loss}`;
  if (o.fScale !== undefined) return '--f-scale';
  if (o.plot) return '--plot';
  if (o.plotFile !== undefined) return '--plot-file';
  // On a terminal an exact fit shows the data and the curve, which need the rows.
  if (out.format === 'text' && out.chart && !out.quiet && isTerminal(1)) return 'the chart of the data on a terminal (--no-chart leaves it out)';
  return null;
}

/** Whether the data are streamed: always from stdin, by path when the file is large, and for --save-fold. */
export function streams(source: Source, o: FitOptions): boolean {
  if (o.saveFold !== undefined || source.kind === 'stdin') return true;
  if (source.kind !== 'file') return false;
  try {
    const st = statSync(source.path);
    return st.isFile() ? st.size > STREAM_FILE_BYTES : true;
  } catch {
    return false; // (the reader says what is wrong with the path)
  }
}

/** The fold's description of a model, or null when the model is not linear in its parameters. */
export function foldModelOf(spec: ModelSpec): FoldModel | null {
  const base = { text: spec.text, params: [...spec.params], data: [...spec.data], degree: spec.kind === 'polynomial' && spec.byDegree ? spec.degree : null };
  if (spec.kind === 'polynomial') return { ...base, order: spec.powers };
  return spec.kind === 'linear' ? { ...base, order: null } : null;
}


/**
 * Read and fit with the rows folded as they arrive. Returns the exit code, or the loaded rows when
 * the model (settled once the header is read) turns out not to be linear in its parameters: the
 * caller then fits them as always.
 */
export async function streamedFit(
  ctx: FoldContext,
  source: Source,
  model: ModelSpec | ParsedModel,
  /** The input's provenance, once its digest (taken on a worker, perhaps) is there. */
  input: () => Promise<Provenance['input']>,
  readingLine: (data: FoldedData, spec: ModelSpec) => string,
): Promise<{ code: number } | { loaded: LoadedFit }> {
  const { o } = ctx;
  const weighted = o.sigma !== undefined;
  /** The model to fold, once the header settles it; its fold, once the first rows are handed on (on a worker when a core is free). */
  let accepted: { model: FoldModel; spec: ModelSpec } | null = null;
  let folder: StreamFold | null = null;
  const accept = (spec: ModelSpec): boolean => {
    const fm = foldModelOf(spec);
    if (fm === null) {
      if (o.saveFold !== undefined) {
        throw new InputError(`--save-fold needs a model linear in its parameters (a polynomial, or one such as "a + b*log(x)"); "${shownName(spec.text)}" is not, and its fit needs all the rows in one place`);
      }
      return false;
    }
    accepted = { model: fm, spec };
    return true;
  };
  const sink = (rows: FitRows): void => {
    const chosen = accepted as { model: FoldModel; spec: ModelSpec } | null;
    if (chosen === null) return;
    folder ??= streamFold(chosen.model, chosen.spec.ast, weighted, source.kind === 'stdin');
    folder.add(rows);
  };
  const choice = { x: o.xColumn, y: o.yColumn, sigma: o.sigma, where: o.where };
  let read: Awaited<ReturnType<typeof streamFitData>>;
  try {
    read = await streamFitData(source, readOptions(o), choice, model, sink, {
      allowEmpty: o.saveFold !== undefined,
      accept,
      // --save-fold folds every row; otherwise a short input is kept and fitted as a file by path is.
      after: o.saveFold !== undefined ? 0 : source.kind === 'stdin' ? streamAfterRows() : 0,
    });
  } catch (e) {
    // A row the fold refused comes before anything read since: that error is the one to report.
    (folder as StreamFold | null)?.settleFirst();
    throw e;
  }
  if (!('streamed' in read)) return { loaded: read };
  const { spec, data } = read;
  const made = folder as StreamFold | null;
  const fold: FitFold = made ? made.finish() : (() => {
    // No rows and no header: the fold of nothing (its model is classified without column names).
    const fm = foldModelOf(spec);
    if (fm === null) throw new InputError(`--save-fold needs a model linear in its parameters; "${shownName(spec.text)}" is not`);
    return folderOf(fm, spec.ast, weighted).finish();
  })();
  if (ctx.out.format === 'text' && !ctx.out.quiet) writeErr(readingLine(data, spec));
  if (data.skipped > 0) {
    const first = data.firstSkipped ? ` (first: ${wordOptions(data.firstSkipped, 'flags')})` : '';
    writeErr(`gradfit: skipped ${data.skipped} ${data.skipped === 1 ? 'row that was' : 'rows that were'} not numeric${first}\n`);
  }
  // (A table read from a source always has its reading details; only arrays have none.)
  const rowsRead = data.reading?.rowsRead ?? data.n;
  const columns: FoldColumns | null = data.n > 0 || rowsRead > 0 ? { x: data.names.x, y: data.names.y, sigma: data.names.sigma, where: data.reading?.where ?? null, data: spec.data.map((id) => (id === 'x' ? data.names.x : id)) } : null;
  const file: FoldFile = { fold, columns, weighted, skipped: data.skipped, rowsRead, source: data.source, parts: [newPartId()] };
  if (o.saveFold !== undefined) {
    writeOutputFile(o.saveFold, `${JSON.stringify(foldDocument(file), null, 1)}\n`, '--save-fold');
    if (fold.n < spec.params.length) {
      writeErr(`gradfit: wrote the fold of ${fold.n} row${fold.n === 1 ? '' : 's'} to ${shownName(o.saveFold)}; too few to fit on their own (${spec.params.length} parameters), nothing else to report\n`);
      return { code: 0 };
    }
  }
  const resultColumns: FoldedResult['columns'] = { x: data.names.x, y: data.names.y, sigma: data.names.sigma, data: spec.data.map((id) => (id === 'x' ? data.names.x : id)), ...data.reading };
  const { result, covariance } = fitFromFold({ fold, source: data.source, columns: resultColumns, skipped: data.skipped, level: ctx.level, absoluteSigma: o.absoluteSigma === true, parts: 1 });
  if (o.intervals?.trim() === 'profile') result.intervalMethod = 'profile'; // (for a linear model the profile intervals are the Wald ones)
  const origin = await input();
  return { code: await report(ctx, result, covariance, spec.data, () => provenance(origin, { used: data.n, skipped: data.skipped }, ctx.seed)) };
}

/** What the reading line needs of a data set (streamed or not). */
export type FoldedData = Pick<LoadedFit['data'], 'source' | 'n' | 'names' | 'reading'>;

/** Flags that belong to the map step (reading the rows), refused with --folds. */
const ROW_FLAGS: [keyof FitOptions, string][] = [
  ['xColumn', '-x'],
  ['yColumn', '-y'],
  ['sigma', '--sigma'],
  ['where', '--where'],
  ['delimiter', '--delimiter'],
  ['decimal', '--decimal'],
  ['skipInvalid', '--skip-invalid'],
  ['group', '--group'],
  ['plot', '--plot'],
  ['plotFile', '--plot-file'],
  ['global', '--global'],
  ['bounds', '--bounds'],
  ['fix', '--fix'],
  ['loss', '--loss'],
  ['fScale', '--f-scale'],
];

/** `fit --folds A.fold B.fold ...`: the fit of the union of the parts' rows. */
export async function foldsFit(ctx: FoldContext, file: string | undefined, paths: readonly string[], method: string): Promise<number> {
  const { o } = ctx;
  if (file !== undefined) throw new InputError(`--folds fits from fold files, not from data: leave out ${shownName(file)} (or give it to --save-fold's run)`);
  const given = ROW_FLAGS.filter(([key]) => o[key] !== undefined && o[key] !== false).map(([, flag]) => flag);
  if (o.header === false) given.push('--no-header');
  if (o.header === true) given.push('--header');
  if (given.length > 0) throw new InputError(`${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} when the rows are read: give ${given.length === 1 ? 'it' : 'them'} to the runs that write the folds, not to --folds`);
  if (method !== 'lm') throw new InputError('--folds solves the least-squares fit exactly: leave out --method');
  const starts = [o.start !== undefined ? '--start' : null, o.seed !== undefined ? '--seed' : null].filter((f) => f !== null);
  if (starts.length > 0) {
    throw new InputError(`${starts.join(' and ')} ${starts.length === 1 ? 'sets' : 'set'} where an iterative fit starts, and --folds solves the least-squares fit exactly from the folds, with no start: leave out ${starts.join(' and ')}`);
  }
  const tuning = [o.tol !== undefined ? '--tol' : null, o.maxSteps !== undefined ? '--max-steps' : null].filter((f) => f !== null);
  if (tuning.length > 0 && !ctx.out.quiet) {
    writeErr(`gradfit: note: ${tuning.join(', ')} ${tuning.length === 1 ? 'has' : 'have'} no effect with --folds, which solves the least-squares fit exactly from the folds (no iterations)\n`);
  }
  if (paths.length === 0) throw new InputError('--folds needs at least one fold file (written by fit --save-fold)');
  const inputs: NamedFile[] = paths.map((path) => ({ flag: '--folds', path }));
  if (o.baseline !== undefined) inputs.push({ flag: '--baseline', path: o.baseline });
  const outputs: NamedFile[] = [];
  if (o.save !== undefined) outputs.push({ flag: '--save', path: o.save });
  if (o.saveFold !== undefined) outputs.push({ flag: '--save-fold', path: o.saveFold });
  if (o.junit !== undefined) outputs.push({ flag: '--junit', path: o.junit });
  checkOutputs(outputs, inputs, false);
  checkDistinctInputs(paths.map((path) => ({ flag: '--folds', path })));
  const files = paths.map((path) => ({ path, file: parseFoldFile(readSmallFile(path, '--folds'), path) }));
  checkSameFit(files);
  checkDistinctParts(files);
  const first = files[0]?.file as FoldFile;
  const model = first.fold.model;
  if (o.degree !== undefined || o.model !== undefined) {
    const asked = o.degree !== undefined ? `degree ${o.degree.trim()}` : `"${shownName(o.model as string)}"`;
    const same = o.degree !== undefined ? model.degree !== null && String(model.degree) === o.degree.trim() : model.text === (o.model as string).trim();
    if (!same) throw new InputError(`--folds holds folds of "${shownName(model.text)}", not of ${asked}; leave out --degree and --model (a fold says what it is a fold of)`);
  }
  if (o.absoluteSigma && !first.weighted) throw new InputError('--absolute-sigma needs folds of a weighted fit (--sigma COL when they were written)');
  const fold = mergeFolds(files.map((f) => f.file.fold));
  const columns = files.map((f) => f.file.columns).find((c) => c !== null) ?? null;
  const skipped = files.reduce((s, f) => s + f.file.skipped, 0);
  const rowsRead = files.reduce((s, f) => s + f.file.rowsRead, 0);
  if (o.saveFold !== undefined) {
    writeOutputFile(o.saveFold, `${JSON.stringify(foldDocument({ fold, columns, weighted: first.weighted, skipped, rowsRead, source: `${files.length} folds`, parts: files.flatMap((f) => f.file.parts) }), null, 1)}\n`, '--save-fold');
  }
  const x = columns?.x ?? 'x';
  const resultColumns: FoldedResult['columns'] = { x, y: columns?.y ?? 'y', sigma: columns?.sigma ?? null, data: columns?.data ?? model.data, where: columns?.where ?? null, rowsRead };
  const source = `the ${files.length} fold${files.length === 1 ? '' : 's'} given`;
  if (fold.n === 0) throw new InputError(`${source} hold no data rows`);
  const { result, covariance } = fitFromFold({ fold, source, columns: resultColumns, skipped, level: ctx.level, absoluteSigma: o.absoluteSigma === true, parts: files.length });
  if (o.intervals?.trim() === 'profile') result.intervalMethod = 'profile';
  return report(ctx, result, covariance, model.data, () => provenance(null, { used: fold.n, skipped }, ctx.seed));
}

/** Print the result, write --save and --junit, say the warnings; the exit code. */
async function report(ctx: FoldContext, result: FoldedResult, covariance: number[][] | null, identifiers: readonly string[], prov: () => Provenance): Promise<number> {
  const { o, out } = ctx;
  result.checks = runChecks(result.params, result.stats, ctx.checks, 'parameter', result.stderr);
  if (out.format === 'json') writeOut(renderJson({ ...result, provenance: prov() }));
  else if (out.format === 'csv') writeOut(renderCsv(result));
  else {
    const chalk = await chalkFor(1, out.color);
    writeOut(renderFitText(result, { chalk, digits: out.digits, width: terminalWidth(), chart: false, quiet: out.quiet }));
  }
  if (o.save !== undefined) writeOutputFile(o.save, `${JSON.stringify(savedModel(result, identifiers, covariance), null, 2)}\n`, '--save');
  return finishFit(result, out, ctx.strict, o.junit);
}
