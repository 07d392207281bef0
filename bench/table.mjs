/**
 * Rendering the benchmark's tables: aligned plain text for the terminal, GitHub markdown for the
 * README. A table is { columns: [names], rows: [[cells]], align?: ['l'|'r', ...] }.
 */

/** Plain text with columns padded to their widest cell and a rule under the header. */
export function textTable({ columns, rows, align = [] }) {
  const widths = columns.map((c, j) => Math.max(width(c), ...rows.map((r) => width(r[j] ?? ''))));
  const line = (cells) =>
    cells
      .map((cell, j) => (align[j] === 'r' ? pad(cell, widths[j], 'start') : pad(cell, widths[j], 'end')))
      .join('  ')
      .trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured markdown table. */
export function markdownTable({ columns, rows, align = [] }) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  const rule = columns.map((_, j) => (align[j] === 'r' ? '---:' : '---'));
  return [columns, rule, ...rows].map((cells) => `| ${cells.map(escape).join(' | ')} |`).join('\n');
}

function width(cell) {
  return [...String(cell)].length;
}

function pad(cell, w, side) {
  const s = String(cell);
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return side === 'start' ? fill + s : s + fill;
}

/** A number with `digits` significant digits, without exponent for ordinary magnitudes. */
export function sig(value, digits = 3) {
  if (value === null || value === undefined || !Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return Number(value.toPrecision(digits)).toString();
  return value.toExponential(digits - 1);
}
