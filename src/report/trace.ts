/** `--trace`: one CSV row per optimiser step, for pipelines. */
import { cellText, csvField } from './csv.js';

/** The CSV header for `--trace`: `step,f,<names...>` and a newline. */
export function traceHeader(names: readonly string[]): string {
  return `${['step', 'f', ...names].map(csvField).join(',')}\n`;
}

/** One `--trace` row: the step, f and the point, at full precision, and a newline. */
export function traceRow(step: number, f: number, x: ArrayLike<number>): string {
  const cells = [String(step), cellText(f)];
  for (let i = 0; i < x.length; i++) cells.push(cellText(x[i]));
  return `${cells.join(',')}\n`;
}
