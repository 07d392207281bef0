/** `gradfit fit [FILE]`: least-squares fit of a polynomial (--degree) or any model (--model) to CSV data. */
import { loadFitData } from '../../fit/dataset.js';
import { fitDataset, FIT_METHODS } from '../../fit/fit.js';
import { parseModel, polynomialSpec } from '../../fit/model.js';
import { savedModel } from '../../fit/model-file.js';
import { parseLevel } from '../../fit/intervals.js';
import { autoMaxDegree, parseAutoDegree, selectDegree } from '../../fit/selection.js';
import { checkOutputs, writeOutputFile, type NamedFile } from '../files.js';
import { runChecks } from '../../checks/checks.js';
import { InputError } from '../../errors.js';
import { shownName } from '../../names.js';
import { renderFitText } from '../../report/fit-text.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { fitPlot } from '../../report/plot.js';
import { renderSvg } from '../../report/svg.js';
import { chalkFor, isTerminal, terminalWidth, writeErr, writeOut } from '../output.js';
import { progress } from '../progress.js';
import { checkRequest, ignoredLearningRate, methodSetting, optimiserSettings, outputSettings, type RawOptions } from '../settings.js';
import { parseInteger } from '../args.js';
import { dataSource, readOptions } from '../input.js';
import { exitCodeFor } from '../exit.js';
import { warnings } from './warnings.js';
import { DESCENT_MAX_STEPS, LM_MAX_STEPS } from '../../optim/index.js';

export interface FitOptions extends RawOptions {
  degree?: string;
  model?: string;
  xColumn?: string;
  yColumn?: string;
  sigma?: string;
  delimiter?: string;
  header?: boolean;
  skipInvalid?: boolean;
  save?: string;
  plot?: boolean;
  plotFile?: string;
  global?: boolean;
  level?: string;
  intervals?: string;
}

export async function fitCommand(file: string | undefined, o: FitOptions): Promise<number> {
  const out = outputSettings(o);
  const opt = optimiserSettings(o);
  const method = methodSetting(o.method, FIT_METHODS, 'lm');
  const checks = checkRequest(o, 'params');
  writeErr(ignoredLearningRate(method, opt));
  if ((o.degree === undefined) === (o.model === undefined)) {
    throw new InputError(
      o.degree === undefined
        ? 'say what to fit: --degree N for a polynomial, or --model EXPR (e.g. --model "a*exp(-k*x)+c")'
        : '--degree and --model cannot be used together; give one',
    );
  }
  const level = parseLevel(o.level);
  const intervals = o.intervals === undefined ? 'wald' : o.intervals.trim();
  if (intervals !== 'wald' && intervals !== 'profile') throw new InputError(`--intervals must be wald or profile, not '${shownName(o.intervals!)}'`);
  const auto = o.degree !== undefined ? parseAutoDegree(o.degree) : null;
  if (auto && method !== 'lm') throw new InputError('--degree auto compares exact least-squares fits: use it with the default method (lm)');
  // --degree auto reads the data as a polynomial in x does; the degree is chosen once it is read.
  const model = o.degree !== undefined ? polynomialSpec(auto ? 0 : parseInteger(o.degree, '--degree', 0, 100)) : parseModel(o.model!);
  const source = dataSource(file, 'cat data.csv | gradfit fit --degree 2');
  // Before any work: no output over an input (the data, stdin, the baseline) or over another output.
  const inputs: NamedFile[] = [];
  if (source.kind === 'file') inputs.push({ flag: 'FILE', path: source.path });
  if (o.baseline !== undefined) inputs.push({ flag: '--baseline', path: o.baseline });
  const outputs: NamedFile[] = [];
  if (o.save !== undefined) outputs.push({ flag: '--save', path: o.save });
  if (o.plotFile !== undefined) outputs.push({ flag: '--plot-file', path: o.plotFile });
  checkOutputs(outputs, inputs, source.kind === 'stdin');

  const loaded = await loadFitData(source, readOptions(o), { x: o.xColumn ?? '1', y: o.yColumn ?? '2', sigma: o.sigma }, model);
  if (loaded.data.skipped > 0) {
    const first = loaded.data.firstSkipped ? ` (first: ${loaded.data.firstSkipped})` : '';
    writeErr(`gradfit: skipped ${loaded.data.skipped} ${loaded.data.skipped === 1 ? 'row that was' : 'rows that were'} not numeric${first}\n`);
  }
  const selection = auto ? selectDegree(loaded.data, autoMaxDegree(auto, loaded.data.n)) : null;
  if (selection) loaded.spec = polynomialSpec(selection.chosen);
  const bar = progress(opt.maxSteps ?? (method === 'lm' ? LM_MAX_STEPS : DESCENT_MAX_STEPS), true);
  const run = fitDataset(loaded, { method, ...opt, global: o.global === true, level, intervals, onStep: (s) => bar.tick(s.step, s.f) });
  bar.done();
  const { result } = run;
  if (selection) result.selection = selection;
  // The checks first: a check naming no parameter is an error, which must stay the one line on stderr.
  result.checks = result.failure ? [] : runChecks(result.params, result.stats, checks);
  // (After the fit: an error there stays the one line on stderr.)
  if (o.model !== undefined && !out.quiet) writeErr(dataColumnsLine(loaded.spec.data, loaded.data.names.x));

  if (out.format === 'json') writeOut(renderJson(result));
  else if (out.format === 'csv') writeOut(renderCsv(result));
  else {
    const chalk = await chalkFor(1, out.color);
    const width = terminalWidth();
    writeOut(renderFitText(result, { chalk, digits: out.digits, width, chart: out.chart && !out.quiet && isTerminal(1), quiet: out.quiet }));
    if (o.plot && !result.failure) writeOut(`\n${fitPlot(run.curve(), { width, chalk })}`);
  }
  if (o.plotFile !== undefined && !result.failure) writeOutputFile(o.plotFile, renderSvg(result, run.curve()), '--plot-file');
  if (o.save !== undefined) {
    if (result.failure) writeErr(`gradfit: not saving ${shownName(o.save)}: the fit failed\n`);
    else writeOutputFile(o.save, `${JSON.stringify(savedModel(result, loaded.spec.data, run.covariance), null, 2)}\n`, '--save');
  }
  writeErr(warnings(result, opt.strict, out.format === 'text' && !out.quiet && isTerminal(1)));
  return exitCodeFor(result, opt.strict);
}

/**
 * For a --model: which of its identifiers were taken as data columns (a column that shares a
 * parameter's name turns that parameter into data, silently otherwise), as one stderr line, e.g.
 * `gradfit: data columns in the model: t (-x), k`. Empty when there are none.
 */
export function dataColumnsLine(data: readonly string[], xName: string): string {
  if (data.length === 0) return '';
  const shown = data.map((id) => (id === 'x' ? (xName === 'x' ? 'x (-x)' : `x (-x: ${xName})`) : id === xName ? `${id} (-x)` : id));
  return `gradfit: data columns in the model: ${shown.join(', ')}\n`;
}
