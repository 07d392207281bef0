/** `gradfit grad` for people: the value and every partial derivative, at full precision. */
import type { GradResult } from '../minimize/result.js';
import { formatFull } from './format.js';
import { padRight } from './layout.js';
import type { TextOptions } from './text-options.js';

/**
 * One line per quantity, names in one left-aligned column, two spaces, the number:
 * ```
 * value  11
 * dy/dx  2
 * ```
 * With colour only the names change (dimmed). `--quiet` prints the same lines.
 */
export function renderGradText(r: GradResult, o: TextOptions): string {
  const rows: [string, number][] = [['value', r.value], ...Object.entries(r.gradient).map(([name, g]): [string, number] => [`dy/d${name}`, g])];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, v]) => `${o.chalk.dim(padRight(label, width))}  ${formatFull(v)}\n`).join('');
}
