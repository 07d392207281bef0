/** fast-check arbitraries shared by the data tests. */
import fc from 'fast-check';

/** Numbers as people and programs write them: signs, leading zeros, bare points, exponents, long mantissas. */
export const numberText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '', '-', '+'),
      fc.stringMatching(/^[0-9]{0,22}$/),
      fc.constantFrom('', '.'),
      fc.stringMatching(/^[0-9]{0,22}$/),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 340 })), { nil: null }),
    )
    .filter(([, int, , frac]) => int.length + frac.length > 0)
    .map(([sign, int, point, frac, exp]) => `${sign}${int}${point || (frac ? '.' : '')}${frac}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ''}`),
  fc.double({ noNaN: true, noDefaultInfinity: true }).chain((d) =>
    fc.constantFrom(String(d), d.toExponential(), d.toPrecision(17), d.toPrecision(15), d.toExponential(3), Math.abs(d) < 1e21 ? d.toFixed(6) : String(d)),
  ),
);

/** Cells that are not numbers: each must be rejected the same way by every reader. */
export const invalidCell = fc.constantFrom('', ' ', 'abc', 'NaN', 'nan', 'inf', '-Infinity', '0x1F', '1e999', '1.2.3', 'x1', '--1', '1e', '.');

export interface TableSpec {
  delimiter: ',' | ';' | '\t' | '|';
  /** Give the delimiter to the reader, or let it detect one. */
  tellDelimiter: boolean;
  header: string[] | null;
  /** Each line: cells (a row), or a blank/comment line as text. */
  lines: ({ cells: string[]; comment: string | null } | { text: string })[];
  lineBreak: '\n' | '\r\n' | '\r' | 'mixed';
  finalBreak: boolean;
  bom: boolean;
  skipInvalid: boolean;
  /** Column picks, taken modulo the width of the first row. */
  picks: number[];
}

const pad = fc.constantFrom('', '', '', ' ', '  ');

/** A cell: usually a number in some notation, sometimes not a number at all. */
const cell = fc.tuple(pad, fc.oneof({ weight: 12, arbitrary: numberText }, { weight: 1, arbitrary: invalidCell }), pad).map(([a, c, b]) => `${a}${c}${b}`);

/** Plain delimited tables of numbers: what the fast path reads, with the odd bad cell or ragged row. */
export const plainTable: fc.Arbitrary<TableSpec> = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    tellDelimiter: fc.boolean(),
    width: fc.integer({ min: 1, max: 4 }),
    header: fc.boolean(),
    rows: fc.array(
      fc.oneof(
        { weight: 10, arbitrary: fc.record({ extra: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }), cells: fc.array(cell, { minLength: 6, maxLength: 6 }), comment: fc.option(fc.constantFrom('# note', '#', '#x,y'), { freq: 8 }) }) },
        { weight: 1, arbitrary: fc.constantFrom('', '   ', '# comment', '  # indented, with a comma', '#') },
      ),
      { maxLength: 40 },
    ),
    lineBreak: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
    finalBreak: fc.boolean(),
    bom: fc.boolean(),
    skipInvalid: fc.boolean(),
    picks: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }),
  })
  .map(({ delimiter, tellDelimiter, width, header, rows, lineBreak, finalBreak, bom, skipInvalid, picks }) => ({
    delimiter,
    tellDelimiter: tellDelimiter || delimiter === '|',
    header: header ? ['x', ' y ', 'z', 'w'].slice(0, width) : null,
    lines: rows.map((r) =>
      typeof r === 'string'
        ? { text: r }
        : { cells: r.cells.slice(0, Math.max(1, width + r.extra)), comment: r.comment },
    ),
    lineBreak,
    finalBreak,
    bom,
    skipInvalid,
    picks,
  }));

/**
 * The file a TableSpec describes. `quote` may wrap cells in quotes (for the csv-parse handover);
 * `separator` may put something else than the delimiter between cells (runs of spaces and tabs).
 */
export function renderTable(
  spec: TableSpec,
  quote: (cell: string, row: number, column: number) => string = (c) => c,
  separator: (row: number, column: number) => string = () => spec.delimiter,
): string {
  const joined = (cells: string[], row: number): string => cells.reduce((line, c, column) => (column === 0 ? c : line + separator(row, column) + c), '');
  const lines: string[] = [];
  if (spec.header) lines.push(joined(spec.header, -1));
  spec.lines.forEach((line, row) => {
    if ('text' in line) lines.push(line.text);
    else {
      const cells = joined(line.cells.map((c, column) => quote(c, row, column)), row);
      // A space after a closing quote is not CSV; a comment follows a quoted cell directly.
      lines.push(cells + (line.comment ? `${cells.endsWith('"') ? '' : ' '}${line.comment}` : ''));
    }
  });
  const breaks = ['\n', '\r\n', '\r'];
  let text = '';
  lines.forEach((line, i) => {
    const lineBreak = spec.lineBreak === 'mixed' ? breaks[i % 3] : spec.lineBreak;
    text += line + (i < lines.length - 1 || spec.finalBreak ? lineBreak : '');
  });
  return (spec.bom ? '\ufeff' : '') + text;
}
