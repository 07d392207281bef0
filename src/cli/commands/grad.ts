/** `gradfit grad EXPR --at NAME=VALUE,...`: the value and every partial derivative, by backward pass. */
import { gradRun } from '../../api/minimize.js';
import { InputError } from '../../errors.js';
import { formatGraphDot, formatGraphTree } from '../../report/graph.js';
import { renderGradText } from '../../report/grad-text.js';
import { renderCsv } from '../../report/csv.js';
import { renderJson } from '../../report/json.js';
import { formatFull } from '../../report/format.js';
import { chalkFor, terminalWidth, writeOut } from '../output.js';
import { assignments, outputSettings, type RawOptions } from '../settings.js';
import { EXIT } from '../exit.js';

export interface GradOptions extends RawOptions {
  at?: string[];
  graph?: string | boolean;
}

export async function gradCommand(expr: string, o: GradOptions): Promise<number> {
  const out = outputSettings(o);
  const graph = o.graph === undefined || o.graph === false ? null : o.graph === true ? 'tree' : o.graph;
  if (graph !== null && graph !== 'tree' && graph !== 'dot') {
    throw new InputError(`--graph takes 'tree' or 'dot', got '${graph}'`);
  }
  // The library's grad (its checks of the point in the command line's words, from the use case).
  const { result, root } = gradRun(expr, Object.fromEntries(assignments(o.at, '--at')), false);
  if (graph === 'dot' && out.format === 'text') {
    writeOut(formatGraphDot(root));
    return EXIT.ok;
  }
  const graphText = graph === null ? null : graph === 'dot' ? formatGraphDot(root) : formatGraphTree(root, formatFull);
  if (out.format === 'json') {
    writeOut(renderJson(graphText === null ? result : { ...result, graph: graphText }));
  } else if (out.format === 'csv') {
    writeOut(renderCsv(result));
  } else {
    const chalk = await chalkFor(1, out.color);
    writeOut(renderGradText(result, { chalk, digits: out.digits, width: terminalWidth(), chart: false, quiet: out.quiet }));
    if (graphText !== null) writeOut(`\n${graphText.endsWith('\n') ? graphText : `${graphText}\n`}`);
  }
  return EXIT.ok;
}
