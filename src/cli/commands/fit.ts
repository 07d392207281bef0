/** `gradfit fit [FILE]`: least-squares fit of a polynomial (--degree) or any model (--model) to CSV data. */
import { loadFitData } from '../../fit/dataset.js';
import { fitDataset, FIT_METHODS } from '../../fit/fit.js';
import { parseModel, polynomialSpec } from '../../fit/model.js';
import { savedModel } from '../../fit/model-file.js';
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
import { LOSSES, type LossName } from '../../fit/loss.js';
import { parseRanges } from '../ranges.js';
import { assignments } from '../settings.js';
import { parsePositive } from '../args.js';
import type { FitSettings } from '../../fit/fit.js';

/** --bounds, --fix, --loss, --f-scale, --absolute-sigma, checked (names against the model later). */
function constraintSettings(o: FitOptions): Pick<FitSettings, 'bounds' | 'fix' | 'loss' | 'fScale' | 'absoluteSigma'> {
  if (o.loss !== undefined && !(LOSSES as readonly string[]).includes(o.loss)) {
    throw new InputError(`unknown --loss '${shownName(o.loss)}'; choose one of: ${LOSSES.join(', ')}`);
  }
  if (o.absoluteSigma && o.sigma === undefined) throw new InputError('--absolute-sigma needs --sigma COL: it says that the sigma column holds absolute standard deviations');
  const out: Pick<FitSettings, 'bounds' | 'fix' | 'loss' | 'fScale' | 'absoluteSigma'> = {};
  if (o.bounds) out.bounds = parseRanges(o.bounds, '--bounds', true);
  if (o.fix) out.fix = assignments(o.fix, '--fix');
  if (o.loss !== undefined) out.loss = o.loss as LossName;
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
  constraintSettings(o); // (bad values are refused before the data are read)
  const model = o.degree !== undefined ? polynomialSpec(parseInteger(o.degree, '--degree', 0, 100)) : parseModel(o.model!);
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
  const bar = progress(opt.maxSteps ?? (method === 'lm' ? LM_MAX_STEPS : DESCENT_MAX_STEPS), true);
  const run = fitDataset(loaded, { method, ...opt, global: o.global === true, ...constraintSettings(o), onStep: (s) => bar.tick(s.step, s.f) });
  bar.done();
  const { result } = run;
  result.checks = result.failure ? [] : runChecks(result.params, result.stats, checks);
  // (After the fit and the checks: an error in either, such as --expect naming no parameter,
  // stays the one line on stderr.)
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
    else writeOutputFile(o.save, `${JSON.stringify(savedModel(result, loaded.spec.data), null, 2)}\n`, '--save');
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
