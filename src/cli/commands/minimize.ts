/** `gradfit minimize EXPR`: the minimum of an expression over all its free identifiers. */
import { MINIMIZE_METHODS } from '../../minimize/minimize.js';
import { prepareMinimizeRun, runMinimize } from '../../api/minimize.js';
import { runChecks } from '../../checks/checks.js';
import { InputError } from '../../errors.js';
import { renderMinimizeText } from '../../report/minimize-text.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { traceHeader, traceRow } from '../../report/trace.js';
import { chalkFor, isTerminal, terminalWidth, writeErr, writeOut } from '../output.js';
import { progress } from '../progress.js';
import { checkRequest, ignoredLearningRate, methodSetting, optimiserSettings, outputSettings, type RawOptions } from '../settings.js';
import { exitCodeFor } from '../exit.js';
import { parseRanges } from '../ranges.js';
import { warnings } from './warnings.js';
import { annotations } from '../annotations.js';
import { junitXml } from '../junit.js';
import { provenance } from '../provenance.js';
import { checkOutputs, writeOutputFile } from '../files.js';
import { DESCENT_MAX_STEPS } from '../../optim/index.js';
import { refuseIdleSeed } from '../no-op-flags.js';

export interface MinimizeOptions extends RawOptions {
  trace?: boolean;
  global?: boolean;
  range?: string[];
}

export async function minimizeCommand(expr: string, o: MinimizeOptions): Promise<number> {
  const out = outputSettings(o, 12);
  const opt = optimiserSettings(o);
  const method = methodSetting(o.method, MINIMIZE_METHODS, 'lbfgs');
  if (o.trace && out.format !== 'text') throw new InputError(`--trace writes CSV rows to stdout, so it cannot be combined with --format ${out.format}`);
  const checks = checkRequest(o, 'at');
  // --junit is never the baseline (nor the file stdout goes to).
  checkOutputs(o.junit === undefined ? [] : [{ flag: '--junit', path: o.junit }], o.baseline === undefined ? [] : [{ flag: '--baseline', path: o.baseline }], false);
  writeErr(ignoredLearningRate(method, opt));
  const ranges = parseRanges(o.range);
  const global = o.global || ranges.size > 0;

  // --trace: one CSV row per step, buffered into large writes.
  let trace = '';
  let bar: ReturnType<typeof progress> | null = null;
  // The flags as the library's options: the run is the library's, so --json is its result.
  const prepared = prepareMinimizeRun(expr, {
    method,
    start: Object.fromEntries(opt.start),
    lr: opt.lr,
    maxSteps: opt.maxSteps,
    tol: opt.tol,
    seed: opt.seed,
    global,
    range: Object.fromEntries(ranges),
    onStep(s) {
      bar?.tick(s.step, s.f);
      if (o.trace) {
        trace += traceRow(s.step, s.f, s.x);
        if (trace.length > 1 << 16) {
          writeOut(trace);
          trace = '';
        }
      }
    },
  });
  refuseIdleSeed(opt.seed, opt.start, prepared.problem.names, 'variable');
  if (o.trace) trace = traceHeader(prepared.problem.names);
  bar = progress(opt.maxSteps ?? DESCENT_MAX_STEPS, !o.trace && !global);
  const result = runMinimize(prepared);
  bar.done();
  if (o.trace) writeOut(trace);

  const expectations = runChecks({ ...result.at, minimum: result.minimum }, null, { ...checks, baseline: undefined }, 'variable');
  const baseline = runChecks(result.at, null, { tolerance: checks.tolerance, baseline: checks.baseline }, 'variable');
  result.checks = [...expectations, ...baseline];

  if (out.format === 'json') writeOut(renderJson({ ...result, provenance: provenance(null, null, opt.seed) }));
  else if (out.format === 'csv') writeOut(renderCsv(result));
  else {
    // With --trace, stdout carries only the CSV rows; the summary goes to stderr.
    const fd = o.trace ? 2 : 1;
    const text = renderMinimizeText(result, {
      chalk: await chalkFor(fd, out.color),
      digits: out.digits,
      width: terminalWidth(fd),
      chart: out.chart && !o.trace && isTerminal(fd),
      quiet: out.quiet,
    });
    if (o.trace) {
      if (!out.quiet) writeErr(text);
    } else writeOut(text);
  }
  // The summary shows failures itself: on stderr with --trace, on a terminal's stdout otherwise.
  const seen = out.format === 'text' && !out.quiet && (Boolean(o.trace) || isTerminal(1));
  writeErr(warnings(result, opt.strict, seen));
  writeErr(annotations('minimize', result, opt.strict));
  if (o.junit !== undefined) writeOutputFile(o.junit, junitXml('minimize', result, opt.strict), '--junit');
  return exitCodeFor(result, opt.strict);
}
