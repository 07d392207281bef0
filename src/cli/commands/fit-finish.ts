/** How every fit command ends, whatever made the result (rows, a stream, folds, a joint fit). */
import type { FitResult } from '../../fit/result.js';
import { annotations } from '../annotations.js';
import { exitCodeFor } from '../exit.js';
import { writeOutputFile } from '../files.js';
import { junitXml } from '../junit.js';
import { isTerminal, writeErr } from '../output.js';
import type { OutputSettings } from '../settings.js';
import { warnings } from './warnings.js';

/** Warnings on stderr (when the text report is not in front of the user), annotations, --junit, and the exit code. */
export function finishFit(result: FitResult, out: OutputSettings, strict: boolean, junit: string | undefined): number {
  writeErr(warnings(result, strict, out.format === 'text' && !out.quiet && isTerminal(1)));
  writeErr(annotations('fit', result, strict));
  if (junit !== undefined) writeOutputFile(junit, junitXml('fit', result, strict), '--junit');
  return exitCodeFor(result, strict);
}
