/** `gradfit fit [FILE]`: least-squares fit of a polynomial (--degree) or any model (--model) to CSV data. */
import { loadFitData, type LoadedFit } from '../../fit/dataset.js';
import type { CheckRequest } from '../../checks/checks.js';
import type { Check } from '../../checks/check.js';
import type { Failure } from '../../optim/index.js';
import { foldsFit, rowsNeeded, streamedFit, streams, type FoldedData } from './fit-fold.js';
import { FIT_METHODS } from '../../fit/fit.js';
import { startFoldThreads } from '../../fit/fold-threads.js';
import { modelConstantsShadowed, type ModelSpec } from '../../fit/model.js';
import { prepareFit, runFit, type FitOptions as FitOptions_ } from '../../api/fit.js';
import { savedModel } from '../../fit/model-file.js';
import type { Node } from '../../expr/index.js';
import { parseLevel } from '../../fit/intervals.js';
import { parseAutoDegree } from '../../fit/selection.js';
import { checkOutputs, writeOutputFile, type NamedFile } from '../files.js';
import { runChecks } from '../../checks/checks.js';
import { InputError, wordOptions } from '../../errors.js';
import { shownName } from '../../names.js';
import { renderFitText } from '../../report/fit-text.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { fitPlot } from '../../report/plot.js';
import { renderSvg } from '../../report/svg.js';
import { chalkFor, isTerminal, terminalWidth, writeErr, writeOut } from '../output.js';
import { progress } from '../progress.js';
import { checkRequest, ignoredLearningRate, methodSetting, optimiserSettings, outputSettings, type OptimiserSettings, type OutputSettings, type RawOptions } from '../settings.js';
import { parseInteger } from '../args.js';
import { dataSource, readOptions } from '../input.js';
import { checkGroupExpect, checkGroupSave, fitGroups, groupFiles, groupChecks, groupModel, groupsExitCode, jointGroupModel, jointHeader, saveGroupModels, writeGroups, type GroupFit } from './fit-groups.js';
import { fitJoint, sharedNames, type JointRun } from '../../fit/joint.js';
import { annotations } from '../annotations.js';
import { finishFit } from './fit-finish.js';
import { junitXml } from '../junit.js';
import { hashedSource, provenance } from '../provenance.js';
import { DESCENT_MAX_STEPS, LM_MAX_STEPS } from '../../optim/index.js';
import { LOSSES, lossNamed } from '../../fit/loss.js';
import { parseRanges } from '../ranges.js';
import { assignments } from '../settings.js';
import { parsePositive } from '../args.js';
import type { FitSettings } from '../../fit/fit.js';
import { exactLinearNote, exactPolynomialNote, refuseIdleSeed, refuseNoOpFitFlags, unplottedNote } from '../no-op-flags.js';

/** The checked optimiser flags as the library's options. */
function libraryOptions(opt: OptimiserSettings): Pick<FitOptions_, 'start' | 'lr' | 'maxSteps' | 'tol' | 'seed'> {
  return { start: Object.fromEntries(opt.start), lr: opt.lr, maxSteps: opt.maxSteps, tol: opt.tol, seed: opt.seed };
}

/** The checked constraint flags as the library's options (an open side of --bounds is null). */
function constraintOptions(c: ReturnType<typeof constraintSettings>): Pick<FitOptions_, 'bounds' | 'fix' | 'loss' | 'fScale' | 'absoluteSigma'> {
  const open = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    bounds: c.bounds ? Object.fromEntries([...c.bounds].map(([name, [lo, hi]]) => [name, [open(lo), open(hi)] as const])) : undefined,
    fix: c.fix ? Object.fromEntries(c.fix) : undefined,
    loss: c.loss,
    fScale: c.fScale,
    absoluteSigma: c.absoluteSigma,
  };
}

/** --bounds, --fix, --loss, --f-scale, --absolute-sigma, checked (names against the model later). */
function constraintSettings(o: FitOptions): Pick<FitSettings, 'bounds' | 'fix' | 'loss' | 'fScale' | 'absoluteSigma'> {
  const loss = o.loss === undefined ? undefined : lossNamed(o.loss);
  if (o.loss !== undefined && !loss) throw new InputError(`unknown --loss '${shownName(o.loss)}'; choose one of: ${LOSSES.join(', ')}`);
  if (o.absoluteSigma && o.sigma === undefined) throw new InputError('--absolute-sigma needs --sigma COL: it says that the sigma column holds absolute standard deviations');
  const out: Pick<FitSettings, 'bounds' | 'fix' | 'loss' | 'fScale' | 'absoluteSigma'> = {};
  if (o.bounds) out.bounds = parseRanges(o.bounds, '--bounds', true);
  if (o.fix) out.fix = assignments(o.fix, '--fix');
  if (loss) out.loss = loss;
  if (o.fScale !== undefined) out.fScale = parsePositive(o.fScale, '--f-scale');
  if (o.absoluteSigma) out.absoluteSigma = true;
  return out;
}

export interface FitOptions extends RawOptions {
  degree?: string;
  model?: string;
  xColumn?: string;
  yColumn?: string;
  sigma?: string;
  delimiter?: string;
  decimal?: string;
  where?: string;
  header?: boolean;
  skipInvalid?: boolean;
  save?: string;
  plot?: boolean;
  plotFile?: string;
  global?: boolean;
  bounds?: string[];
  fix?: string[];
  loss?: string;
  fScale?: string;
  absoluteSigma?: boolean;
  level?: string;
  intervals?: string;
  group?: string;
  shared?: string;
  saveFold?: string;
  folds?: string[];
}

export async function fitCommand(file: string | undefined, o: FitOptions): Promise<number> {
  const out = outputSettings(o);
  const opt = optimiserSettings(o);
  const method = methodSetting(o.method, FIT_METHODS, 'lm');
  const checks = checkRequest(o, 'params');
  writeErr(ignoredLearningRate(method, opt));
  refuseNoOpFitFlags(o, method);
  writeErr(unplottedNote(o, out.format));
  if (o.folds !== undefined) return foldsFit({ o, out, strict: opt.strict, level: parseLevel(o.level), checks, seed: opt.seed }, file, o.folds, method);
  if ((o.degree === undefined) === (o.model === undefined)) {
    throw new InputError(
      o.degree === undefined
        ? 'say what to fit: --degree N for a polynomial, or --model EXPR (e.g. --model "a*exp(-k*x)+c")'
        : '--degree and --model cannot be used together; give one',
    );
  }
  constraintSettings(o); // (bad values are refused before the data are read)
  if (!out.quiet) writeErr(exactPolynomialNote(o, method));
  const level = parseLevel(o.level);
  const intervals = o.intervals === undefined ? 'wald' : o.intervals.trim();
  if (intervals !== 'wald' && intervals !== 'profile') throw new InputError(`--intervals must be wald or profile, not '${shownName(o.intervals!)}'`);
  const auto = o.degree !== undefined ? parseAutoDegree(o.degree) : null;
  if (auto && method !== 'lm') throw new InputError('--degree auto compares exact least-squares fits: use it with the default method (lm)');
  if (o.shared !== undefined && o.group === undefined) throw new InputError('--shared names the parameters common to all groups of a joint fit: give --group COL with it');
  if (o.group !== undefined) refuseWithGroup(o, auto !== null);
  // --degree auto reads the data as a polynomial in x does; the degree is chosen once it is read.
  // The flags as the library's options: the fit below is the library's, so --json is its result.
  let bar: ReturnType<typeof progress> | null = null;
  const prepared = prepareFit({
    ...(o.degree !== undefined ? { degree: auto ? 'auto' : parseInteger(o.degree, '--degree', 0, 100), maxDegree: auto?.max ?? undefined } : { model: o.model }),
    method,
    ...libraryOptions(opt),
    global: o.global === true,
    ...constraintOptions(constraintSettings(o)),
    level,
    intervals,
    onStep: (s) => bar?.tick(s.step, s.f),
  });
  const plainSource = dataSource(file, 'cat data.csv | gradfit fit --degree 2');
  // Hashed as it is read, for the JSON provenance (other output has none: no hash, no pass for it).
  const hashed = out.format === 'json' ? hashedSource(plainSource) : null;
  const source = hashed?.source ?? plainSource;
  const input = () => hashed?.input() ?? null;
  // Before any work: no output over an input (the data, stdin, the baseline) or over another output.
  const inputs: NamedFile[] = [];
  if (source.kind === 'file') inputs.push({ flag: 'FILE', path: source.path });
  if (o.baseline !== undefined) inputs.push({ flag: '--baseline', path: o.baseline });
  const outputs: NamedFile[] = [];
  if (o.save !== undefined) outputs.push({ flag: '--save', path: o.save });
  if (o.plotFile !== undefined) outputs.push({ flag: '--plot-file', path: o.plotFile });
  if (o.junit !== undefined) outputs.push({ flag: '--junit', path: o.junit });
  if (o.saveFold !== undefined) outputs.push({ flag: '--save-fold', path: o.saveFold });
  checkOutputs(outputs, inputs, source.kind === 'stdin');

  // A model linear in its parameters is folded as the rows arrive, when nothing needs the rows
  // kept (fit-fold.ts); the model is settled at the header, and any other keeps its rows.
  const needs = rowsNeeded(o, method, auto !== null, out);
  if (o.saveFold !== undefined && needs !== null) throw new InputError(`--save-fold writes the fold of a least-squares fit of a model linear in its parameters; ${needs} needs the rows themselves`);
  let loaded: LoadedFit;
  if (needs === null && streams(source, o)) {
    const settled = async () => {
      await hashed?.settle();
      return input();
    };
    const streamed = await streamedFit({ o, out, strict: opt.strict, level, checks, seed: opt.seed }, source, prepared.model, settled, readingLine);
    if ('code' in streamed) return streamed.code;
    loaded = streamed.loaded;
  } else {
    loaded = await loadFitData(source, readOptions(o), { x: o.xColumn, y: o.yColumn, sigma: o.sigma, where: o.where, group: o.group }, prepared.model);
    // Threads that fold the rows of a large nonlinear fit (they come up during its first pass).
    if (method === 'lm' && loaded.spec.kind === 'nonlinear') startFoldThreads(loaded.data.n);
  }
  // (Once the model's parameters are known: those --fix holds need no start.)
  const held = assignments(o.fix, '--fix');
  refuseIdleSeed(opt.seed, opt.start, loaded.spec.params.filter((name) => !held.has(name)), 'parameter');
  const shared = loaded.grouping && o.shared !== undefined ? sharedNames(o.shared, loaded.spec) : null;
  if (loaded.grouping) {
    checkGroupExpect(checks, loaded.spec, loaded.grouping.values, shared);
    // Two groups that would share a model file are refused before any work, and so is a group's
    // file that is an input or another output (--save '{group}.csv' and a group called data).
    if (o.save !== undefined) {
      const files = groupFiles(o.save, loaded.grouping.values).map((path) => ({ flag: '--save', path }));
      checkOutputs([...outputs.filter((f) => f.flag !== '--save'), ...files], inputs, source.kind === 'stdin');
    }
  }
  if (out.format === 'text' && !out.quiet) writeErr(readingLine(loaded.data, loaded.spec));
  if (!out.quiet) writeErr(constantsLine(loaded.spec.ast));
  if (loaded.data.skipped > 0) {
    const first = loaded.data.firstSkipped ? ` (first: ${wordOptions(loaded.data.firstSkipped, 'flags')})` : '';
    writeErr(`gradfit: skipped ${loaded.data.skipped} ${loaded.data.skipped === 1 ? 'row that was' : 'rows that were'} not numeric${first}\n`);
  }
  const fitSettings: FitSettings = { ...prepared.settings, onStep: undefined };
  let jointRun: JointRun | null = null;
  if (loaded.grouping) {
    if (shared === null) {
      await hashed?.settle();
      return separateGroups(loaded, fitSettings, opt.strict, o, out, checks, { provenance: provenance(input(), { used: loaded.data.n, skipped: loaded.data.skipped }, opt.seed) });
    }
    // The joint fit starts from each group's own fit (which may fail where the joint one need not).
    const separate = fitGroups(loaded, fitSettings, true).map((f) => (f.result && !f.result.failure ? f.result : null));
    jointRun = fitJoint(loaded, fitSettings, shared, separate);
  }
  bar = progress(opt.maxSteps ?? (method === 'lm' ? LM_MAX_STEPS : DESCENT_MAX_STEPS), true);
  const run = jointRun ?? runFit(loaded, prepared);
  bar.done();
  const grouping = loaded.grouping;
  const jointFields = jointRun && grouping
    ? { group: grouping.column, groupValues: grouping.values, shared: jointRun.joint.shared, perGroup: jointRun.joint.perGroup, jointStart: jointRun.start }
    : {};
  const { result } = run;
  if (!out.quiet) writeErr(exactLinearNote(o, result.method));
  // Before the data-columns line: an --expect that names no parameter stays the one error line.
  result.checks = result.failure ? [] : runChecks(result.params, result.stats, checks, 'parameter', result.stderr);
  // (After the fit and the checks: an error there stays the one line on stderr.)
  if (o.model !== undefined && !out.quiet) writeErr(dataColumnsLine(loaded.spec.data, loaded.spec.data.includes('x') || o.xColumn !== undefined ? loaded.data.names.x : ''));

  if (out.format === 'json') {
    // (A large file's hash may have been taken on a worker while the fit ran.)
    await hashed?.settle();
    const rows = { used: loaded.data.n, skipped: loaded.data.skipped };
    writeOut(renderJson({ ...result, ...jointFields, provenance: provenance(input(), rows, opt.seed) }));
  }
  else if (out.format === 'csv') writeOut(renderCsv(result));
  else {
    const chalk = await chalkFor(1, out.color);
    const width = terminalWidth();
    const chart = out.chart && !out.quiet && isTerminal(1);
    if (jointRun && grouping && !out.quiet) writeOut(jointHeader(jointRun, grouping.column));
    writeOut(renderFitText(result, { chalk, digits: out.digits, width, chart, quiet: out.quiet }));
    // On a terminal a fit always shows a chart: the loss per iteration when there were iterations
    // to show (above), else (an exact solve) the data and the fitted curve, as --plot does.
    const plot = o.plot || (chart && result.history.length < 2);
    if (plot && !result.failure) writeOut(`\n${fitPlot(run.curve(), { width, chalk })}`);
  }
  if (o.plotFile !== undefined && !result.failure) writeOutputFile(o.plotFile, renderSvg(result, run.curve()), '--plot-file');
  if (o.save !== undefined && jointRun && grouping) {
    const joint = jointRun;
    if (result.failure) writeErr(`gradfit: not saving the groups' models (${shownName(o.save)}): the fit failed\n`);
    else saveGroupModels(o.save, grouping.values, (k) => jointGroupModel(joint, k, loaded.spec.data, loaded.spec));
  } else if (o.save !== undefined) {
    if (result.failure) writeErr(`gradfit: not saving ${shownName(o.save)}: the fit failed\n`);
    else writeOutputFile(o.save, `${JSON.stringify(savedModel(result, loaded.spec.data, run.covariance), null, 2)}\n`, '--save');
  }
  return finishFit(result, out, opt.strict, o.junit);
}

/** --group: the flags it does not work with yet, and --degree auto, refused before any work. */
function refuseWithGroup(o: FitOptions, auto: boolean): void {
  if (auto) throw new InputError('--group fits each group with one model: give --degree N, not --degree auto');
  if (o.save !== undefined) checkGroupSave(o.save);
  const unsupported: [boolean, string][] = [
    [o.plotFile !== undefined, '--plot-file'],
    [o.plot === true, '--plot'],
  ];
  const given = unsupported.filter(([g]) => g).map(([, flag]) => flag);
  if (given.length > 0) throw new InputError(`${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} not supported with --group yet; fit one group with --where to use ${given.length === 1 ? 'it' : 'them'}`);
}

/** --group without --shared: every group fitted separately, checked, reported and saved. */
async function separateGroups(loaded: LoadedFit, settings: FitSettings, strict: boolean, o: FitOptions, out: OutputSettings, req: CheckRequest, extra: object): Promise<number> {
  const fits = fitGroups(loaded, settings);
  const checks = groupChecks(fits, loaded.spec.params, req);
  if (o.model !== undefined && !out.quiet) writeErr(dataColumnsLine(loaded.spec.data, loaded.spec.data.includes('x') || o.xColumn !== undefined ? loaded.data.names.x : ''));
  const chalk = await chalkFor(1, out.color);
  writeGroups(fits, loaded, out.format, out.digits, checks, extra, chalk, terminalWidth());
  if (o.save !== undefined) saveGroupModels(o.save, fits.map((f) => f.group), (k) => { const f = fits[k]; return f ? groupModel(f, loaded.spec.data) : null; });
  const run = groupsRun(fits, checks);
  writeErr(annotations('fit', run, strict));
  if (o.junit !== undefined) writeOutputFile(o.junit, junitXml('fit', run, strict), '--junit');
  return groupsExitCode(fits, strict, checks);
}

/** The separate fits as one run for --junit and annotations: the first failed group's failure, every check. */
function groupsRun(fits: readonly GroupFit[], checks: Check[]): { failure: Failure | null; converged: boolean; message: string; checks: Check[] } {
  const failed = fits.find((f) => f.result === null || f.result.failure);
  const failure: Failure | null = failed
    ? { step: 0, message: `group ${shownName(failed.group)}: ${failed.result?.failure?.message ?? failed.error ?? 'not fitted'}`, remedies: failed.result?.failure?.remedies ?? [{ kind: 'note', text: 'fit that group alone with --where to see why' }] }
    : null;
  const unconverged = fits.find((f) => f.result && !f.result.converged);
  return { failure, converged: !unconverged, message: unconverged ? `group ${shownName(unconverged.group)}: ${unconverged.result?.message ?? ''}` : 'every group converged', checks };
}

/** The name of a delimiter for a message. */
function delimiterName(d: string): string {
  return d === 'whitespace' ? 'whitespace' : d === '\t' ? 'tab' : `'${d}'`;
}

/**
 * What gradfit decided about the file when it decided something a user may not expect (row names
 * skipped, decimal commas, rows left out by --where, x or y by default from other columns than
 * the first two), as one stderr line; empty otherwise (a plain file, or columns given by flags).
 */
export function readingLine(data: FoldedData, spec: ModelSpec): string {
  const r = data.reading;
  if (r === undefined) return '';
  // A choice worth saying: x or the response taken from elsewhere than columns 1 and 2.
  const surprising = (r.chose.x && r.xColumn !== 1) || (r.chose.y && r.yColumn !== 2);
  if (!r.rowNames && r.decimal === '.' && r.where === null && !surprising) return '';
  const parts = [`${delimiterName(r.delimiter)}-separated`];
  if (r.decimal === ',') parts.push('decimal commas');
  parts.push(r.header ? 'header row' : 'no header row');
  if (r.rowNames) parts.push('first column (unnamed) is row names, skipped');
  if (r.where !== null) parts.push(`--where kept ${data.n} of ${r.rowsRead} rows`);
  const roles = [];
  if (spec.data.includes('x')) roles.push(`x = ${shownName(data.names.x)}`);
  roles.push(`y = ${shownName(data.names.y)}`);
  if (data.names.sigma !== null) roles.push(`sigma = ${shownName(data.names.sigma)}`);
  return `gradfit: read ${shownName(data.source)}: ${parts.join(', ')}; ${roles.join(', ')}\n`;
}

/**
 * A model whose `e` is a parameter (fit/model.ts: `e` other than as the base of a power): one
 * stderr line says so, for whoever meant Euler's number (`e^(-k*x)` and `pi` are left alone).
 */
export function constantsLine(ast: Node): string {
  return modelConstantsShadowed(ast).has('e') ? "gradfit: note: e in the model is a parameter (Euler's number only as the base of a power, as in e^x; exp(1) is the constant)\n" : '';
}

/**
 * For a --model: which of its identifiers were taken as data columns (a column that shares a
 * parameter's name turns that parameter into data, silently otherwise), as one stderr line, e.g.
 * `gradfit: data columns in the model: t (-x), k`. Empty when the model reads no column by name.
 */
export function dataColumnsLine(data: readonly string[], xName: string): string {
  // A model whose only data is x says nothing new: x is the documented default.
  if (data.every((id) => id === 'x')) return '';
  const shown = data.map((id) => (id === 'x' ? (xName === 'x' ? 'x (-x)' : `x (-x: ${xName})`) : id === xName ? `${id} (-x)` : id));
  return `gradfit: data columns in the model: ${shown.join(', ')}\n`;
}
