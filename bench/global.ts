/**
 * The table of `gradfit minimize --global` on the multimodal test set (test/optim/multimodal.ts),
 * in-process through minimizeExpression: what one local run from the start finds, what the search
 * finds, how many local runs it made and how many reached the lowest value, and the time. Run by
 * bench/global.mjs, which bundles this file; prints a markdown table on stdout.
 */
import { performance } from 'node:perf_hooks';
import { minimizeExpression, prepareMinimize } from '../src/minimize/minimize.js';
import { MULTIMODAL_FUNCTIONS } from '../test/optim/multimodal.js';

const sig = (v: number, d = 3): string => (v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(d))) : v.toExponential(d - 1));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const rows: string[][] = [];
for (const t of MULTIMODAL_FUNCTIONS) {
  const problem = prepareMinimize(t.expr);
  const start = new Map(t.vars.map((v, k) => [v, t.start[k]]));
  const ranges = new Map(Object.entries(t.ranges ?? {}));
  const local = minimizeExpression(problem, { method: 'lbfgs', start });
  let r = minimizeExpression(problem, { method: 'lbfgs', start, global: { ranges } });
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    r = minimizeExpression(problem, { method: 'lbfgs', start, global: { ranges } });
    ms.push(performance.now() - t0);
  }
  const s = r.search!;
  const box = t.ranges ? Object.values(t.ranges).map(([lo, hi]) => `[${lo}, ${hi}]`).join('×') : 'default';
  const error = Math.abs(r.minimum - t.fStar);
  rows.push([
    t.name,
    t.start.length > 2 && t.start.every((v) => v === t.start[0]) ? `all ${sig(t.start[0], 4)}` : `(${t.start.map((v) => sig(v, 4)).join(', ')})`,
    box,
    sig(local.minimum, 6),
    sig(r.minimum, 10),
    sig(error, 2),
    r.converged ? 'yes' : `no (${r.reason})`,
    String(s.starts),
    String(s.reachedBest),
    String(s.candidates),
    String(r.evaluations),
    sig(median(ms), 2),
  ]);
}
const columns = ['function', 'start', 'box', 'f, one local run', 'f, --global', '|f − f*|', 'converged', 'local runs', 'reached best', 'points screened', 'evaluations', 'ms'];
const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
process.stdout.write([line(columns), line(columns.map((_, j) => (j >= 3 ? '---:' : '---'))), ...rows.map(line)].join('\n') + '\n');
