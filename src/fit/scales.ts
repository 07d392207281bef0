/**
 * Where a nonlinear parameter lives, read from the expression and the data — never from its
 * name. Each occurrence of the parameter is followed up through constant factors and powers
 * (`2*s^2` is the quantity q = 2·s², so s = √(q/2)) to the operation where q meets data:
 *
 *   q ± D   a location: q lives among D's values (`x - mu`, `t - t0`, `b + x`)
 *   q · D   a rate: q lives near 1/(D's spread) and its multiples (`k*t`, `w*x`)
 *   D / q   a scale: q lives near D's spread (`x/s`, `(x-mu)^2/(2*s^2)`)
 *   D ^ q   an exponent
 *
 * Inside sin, cos or tan a rate or a scale is a frequency, sampled up to the sampling limit and
 * seeded with the periodogram's peaks; a location there is a phase. A parameter that meets no data
 * gets a wide generic box. Locations are also seeded with points the data single out: where y is
 * largest, smallest, furthest from its median, and where it changes fastest.
 */
import { CONSTANTS, compileKernel, children, postOrder, type Node } from '../expr/index.js';
import type { FitRows } from './jacobian-factor.js';
import { dataFeatures, type Features } from './features.js';
import { periodogramPeaks } from './periodogram.js';

/** A box for one parameter: map a unit coordinate to a value, plus values the data suggest. */
export interface ParameterBox {
  role: 'location' | 'rate' | 'scale' | 'frequency' | 'phase' | 'exponent' | 'generic';
  /** u in [0, 1) → a value of the parameter. */
  sample(u: number): number;
  /** Values worth trying first (data-informed), possibly empty. */
  seeds: number[];
  /** A typical value, used while other parameters' boxes are derived. */
  typical: number;
}

/** How a parameter's occurrence meets the data: q = c·p^e combined with D by `op`. */
interface Encounter {
  op: 'location' | 'rate' | 'scale' | 'exponent' | 'none';
  /** The data side (for location, rate, scale). */
  D: Node | null;
  /** For location: q enters as +q (sign 1) or −q (sign −1) next to D. */
  sign: number;
  c: number;
  e: number;
  periodic: boolean;
}

const PERIODIC = new Set(['sin', 'cos', 'tan']);

interface Context {
  parent: Map<Node, Node>;
  params: ReadonlySet<string>;
  columns: ReadonlySet<string>;
  allColumns: readonly string[];
  allParams: readonly string[];
  rows: FitRows;
  /** Every row, for the periodogram: a sample's stride would alias high frequencies. */
  all: FitRows;
  features: Features;
  /** Periodogram peaks of y against each column asked for (two frequencies in one column ask twice). */
  peaks: Map<Float64Array, number[]>;
}

/**
 * A box for each parameter in `searched` (indices into params), given the model's AST, its
 * parameters and data columns, a spread sample of the rows, and all of them (for frequencies).
 */
export function parameterBoxes(ast: Node, params: readonly string[], columns: readonly string[], rows: FitRows, searched: readonly number[], all: FitRows = rows): ParameterBox[] {
  const parent = new Map<Node, Node>();
  for (const node of postOrder(ast)) for (const child of children(node)) parent.set(child, node);
  const ctx: Context = { parent, params: new Set(params), columns: new Set(columns), allColumns: columns, allParams: params, rows, all, features: dataFeatures(rows), peaks: new Map() };
  const occurrences = new Map<string, Node[]>();
  for (const node of postOrder(ast)) {
    if (node.kind === 'ident' && ctx.params.has(node.name)) occurrences.set(node.name, [...(occurrences.get(node.name) ?? []), node]);
  }
  // Typical values let a data side that holds other parameters ((x - mu) for s) be evaluated:
  // a first round with every parameter at 1, a second with the first round's typical values.
  let typical = new Map(params.map((p) => [p, 1]));
  let boxes: ParameterBox[] = [];
  for (let round = 0; round < 2; round++) {
    boxes = searched.map((k) => boxFor(params[k], occurrences.get(params[k]) ?? [], ctx, typical));
    typical = new Map(typical);
    searched.forEach((k, i) => typical.set(params[k], boxes[i].typical));
  }
  return boxes;
}

const PRIORITY: Record<Encounter['op'], number> = { rate: 4, scale: 4, location: 3, exponent: 2, none: 1 };

function boxFor(name: string, nodes: Node[], ctx: Context, typical: Map<string, number>): ParameterBox {
  const encounters = nodes.map((node) => encounter(node, ctx));
  // The most telling occurrence; frequencies first.
  encounters.sort((a, b) => Number(b.periodic) - Number(a.periodic) || PRIORITY[b.op] - PRIORITY[a.op]);
  const best = encounters[0];
  if (!best || best.op === 'none') return genericBox();
  if (best.op === 'exponent') return toParameter(exponentBox(), best);
  const values = evaluateOnRows(best.D!, ctx, typical);
  if (values === null) return toParameter(best.op === 'location' ? genericBox() : genericBox(), best);
  const range = summarise(values);
  const pureData = !containsParam(best.D!, ctx);
  switch (best.op) {
    case 'location':
      if (best.periodic && !pureData) return toParameter(phaseBox(), best);
      if (!pureData) return toParameter(genericBox(Math.max(10, 2 * range.maxAbs)), best);
      return toParameter(locationBox(values, range, best.sign, ctx.features), best);
    case 'rate':
    case 'scale': {
      if (best.periodic) {
        const peaks = pureData ? frequencySeeds(best.D!, values, ctx) : [];
        return toParameter(frequencyBox(range, ctx.all.n, peaks, best.op), best);
      }
      const spans = featureSpans(values, ctx);
      return toParameter(best.op === 'rate' ? rateBox(range, spans) : scaleBox(range, spans), best);
    }
  }
}

/**
 * Follow an occurrence up through constant factors, powers, negation and shifts by terms of
 * parameters alone (q = c·p^e + r) to the operation where q meets something that is not constant.
 */
function encounter(leaf: Node, ctx: Context): Encounter {
  let c = 1;
  let e = 1;
  let node = leaf;
  for (;;) {
    const up = ctx.parent.get(node);
    if (!up) return { op: 'none', D: null, sign: 1, c, e, periodic: false };
    if (up.kind === 'unary') {
      if (up.op === '-') c = -c;
      node = up;
      continue;
    }
    if (up.kind === 'call' && up.name === 'sqrt') {
      c = Math.sqrt(Math.abs(c));
      e /= 2;
      node = up;
      continue;
    }
    if (up.kind === 'binary') {
      const other = up.left === node ? up.right : up.left;
      const mine = up.left === node ? 'left' : 'right';
      const k = constantValue(other, ctx);
      if (k !== null) {
        if (up.op === '*') c *= k;
        else if (up.op === '/' && mine === 'left') c /= k;
        else if (up.op === '/' && mine === 'right') {
          c = k / c;
          e = -e;
        } else if (up.op === '^' && mine === 'left') {
          c = Math.abs(c) ** k;
          e *= k;
        } else if (up.op === '^') return { op: 'exponent', D: null, sign: 1, c, e, periodic: false };
        else {
          // q ± constant: a location among the constant's values is no better than generic.
          return { op: 'none', D: null, sign: 1, c, e, periodic: false };
        }
        node = up;
        continue;
      }
      const periodic = insidePeriodic(up, ctx);
      const dataSide = containsColumn(other, ctx);
      switch (up.op) {
        case '+':
        case '-': {
          if (!dataSide && !containsParam(other, ctx)) return { op: 'none', D: null, sign: 1, c, e, periodic };
          if (!dataSide && !periodic) {
            // q ± r with r of parameters alone: a shift whose size is unknown; q meets the data
            // further up (m in exp(l/2*(2*m + l*s^2 - 2*x)), an exponentially modified peak, is
            // a location of x), as it would without r.
            if (up.op === '-' && mine === 'right') c = -c;
            node = up;
            continue;
          }
          // D + q, q + D, q − D: q next to D with sign +1; D − q: sign −1.
          const sign = up.op === '-' && mine === 'right' ? -1 : 1;
          return dataSide || periodic ? { op: 'location', D: other, sign, c, e, periodic } : { op: 'none', D: null, sign: 1, c, e, periodic };
        }
        case '*':
          return dataSide ? { op: 'rate', D: other, sign: 1, c, e, periodic } : { op: 'none', D: null, sign: 1, c, e, periodic };
        case '/':
          if (!dataSide) return { op: 'none', D: null, sign: 1, c, e, periodic };
          return mine === 'right' ? { op: 'scale', D: other, sign: 1, c, e, periodic } : { op: 'rate', D: reciprocal(other), sign: 1, c, e, periodic };
        case '^':
          return mine === 'right' ? { op: 'exponent', D: other, sign: 1, c, e, periodic } : { op: 'none', D: null, sign: 1, c, e, periodic };
      }
    }
    return { op: 'none', D: null, sign: 1, c, e, periodic: false };
  }
}

function reciprocal(node: Node): Node {
  const span = node.span;
  return { kind: 'binary', op: '/', left: { kind: 'num', value: 1, span }, right: node, span };
}

function insidePeriodic(node: Node, ctx: Context): boolean {
  for (let at: Node | undefined = node; at; at = ctx.parent.get(at)) if (at.kind === 'call' && PERIODIC.has(at.name)) return true;
  return false;
}

function identifiers(node: Node): string[] {
  return postOrder(node).flatMap((n) => (n.kind === 'ident' ? [n.name] : []));
}

function containsColumn(node: Node, ctx: Context): boolean {
  return identifiers(node).some((id) => ctx.columns.has(id));
}

function containsParam(node: Node, ctx: Context): boolean {
  return identifiers(node).some((id) => ctx.params.has(id));
}

/** The value of a subtree with no identifiers but constants, or null. */
function constantValue(node: Node, ctx: Context): number | null {
  if (node.kind === 'num') return node.value;
  // (A parameter named like a constant, a model's e, is not one.)
  if (identifiers(node).some((id) => !CONSTANTS.has(id) || ctx.params.has(id))) return null;
  try {
    const v = compileKernel(node, { params: [], columns: [] }).valueGrad(new Float64Array(0), new Float64Array(0));
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** D on every row, with its parameters at their typical values; null when it cannot be evaluated. */
function evaluateOnRows(D: Node, ctx: Context, typical: Map<string, number>): Float64Array | null {
  const ids = new Set(identifiers(D));
  const params = ctx.allParams.filter((p) => ids.has(p));
  const columns = ctx.allColumns.filter((c) => ids.has(c));
  try {
    const kernel = compileKernel(D, { params, columns });
    const out = new Float64Array(ctx.rows.n);
    const cols = columns.map((c) => ctx.rows.cols[ctx.allColumns.indexOf(c)]);
    kernel.evaluate(Float64Array.from(params, (p) => typical.get(p) ?? 1), cols, ctx.rows.n, out);
    return out.some(Number.isFinite) ? out : null;
  } catch {
    return null;
  }
}

interface Range {
  lo: number;
  hi: number;
  spread: number;
  maxAbs: number;
}

function summarise(values: Float64Array): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const spread = hi > lo ? hi - lo : maxAbs > 0 ? maxAbs : 1;
  return { lo, hi, spread, maxAbs };
}

/** A box for q turned into one for p, with p = (q/c)^(1/e). */
function toParameter(box: ParameterBox, how: Encounter): ParameterBox {
  const { c, e } = how;
  if (c === 1 && e === 1) return box;
  const even = Number.isInteger(e) && e % 2 === 0;
  const invert = (q: number): number => {
    const t = q / c;
    if (Number.isInteger(e) && !even) return Math.sign(t) * Math.abs(t) ** (1 / e);
    return Math.abs(t) ** (1 / e);
  };
  const seeds = [...new Set(box.seeds.map(invert).filter(Number.isFinite))];
  const typical = invert(box.typical);
  return {
    role: box.role,
    // An even power loses the sign: sample only the positive half of a signed box.
    sample: even && box.role !== 'location' ? (u) => invert(box.sample(0.5 + 0.5 * u)) : (u) => invert(box.sample(u)),
    seeds,
    typical: Number.isFinite(typical) && typical !== 0 ? typical : 1,
  };
}

/** u → ±10^(lo..hi): the first half negative, the second positive (only positive if `positive`). */
function logMagnitude(lo: number, hi: number, positive = false): (u: number) => number {
  if (positive) return (u) => 10 ** (lo + (hi - lo) * u);
  return (u) => (u < 0.5 ? -1 : 1) * 10 ** (lo + (hi - lo) * ((2 * u) % 1));
}

function genericBox(wide = 10): ParameterBox {
  const log = logMagnitude(-4, 4);
  return {
    role: 'generic',
    sample: (u) => (u < 0.4 ? -wide + 2 * wide * (u / 0.4) : log((u - 0.4) / 0.6)),
    seeds: [1, -1, 0.1],
    typical: 1,
  };
}

function exponentBox(): ParameterBox {
  return { role: 'exponent', sample: (u) => -4 + 8 * u, seeds: [1, 2, 0.5, -1], typical: 1 };
}

function phaseBox(): ParameterBox {
  return { role: 'phase', sample: (u) => -Math.PI + 2 * Math.PI * u, seeds: [0, Math.PI / 2, -Math.PI / 2, Math.PI], typical: 0 };
}

/**
 * q·D with D of this spread: q·spread from 1e-2 to 1e5, either sign; seeded with the reciprocals
 * of how much D changes across a feature of the data (a half-life, a peak's half-width).
 */
function rateBox(range: Range, spans: number[]): ParameterBox {
  const log = logMagnitude(-2 - Math.log10(range.spread), 5 - Math.log10(range.spread));
  const seeds = [1 / range.spread, 5 / range.spread, ...spans.flatMap((s) => [0.7 / s, 1.4 / s])];
  return { role: 'rate', sample: log, seeds: [...seeds, ...seeds.map((v) => -v)], typical: 1 / range.spread };
}

/** D/q with D of this spread: q/spread from 1e-7 to 1e2, either sign; seeded like a rate. */
function scaleBox(range: Range, spans: number[]): ParameterBox {
  const log = logMagnitude(-7 + Math.log10(range.spread), 2 + Math.log10(range.spread));
  const seeds = [range.spread / 10, ...spans.flatMap((s) => [0.7 * s, 1.4 * s])];
  return { role: 'scale', sample: log, seeds: [...seeds, ...seeds.map((v) => -v)], typical: range.spread / 10 };
}

/**
 * How much D changes across each feature width of the data, measured from the middle of the
 * first data column's range (with D's own parameters at their typical values).
 */
function featureSpans(values: Float64Array, ctx: Context): number[] {
  const { order, widths } = ctx.features;
  const x = ctx.rows.cols[0];
  if (!x || order.length < 2) return [];
  const lo = x[order[0]];
  const hi = x[order[order.length - 1]];
  const nearest = (target: number) => {
    let best = 0;
    for (let k = 1; k < order.length; k++) if (Math.abs(x[order[k]] - target) < Math.abs(x[order[best]] - target)) best = k;
    return order[best];
  };
  const mid = (lo + hi) / 2;
  const i0 = nearest(mid);
  const spans: number[] = [];
  for (const w of widths) {
    const i1 = nearest(mid + w <= hi ? mid + w : mid - w);
    const span = Math.abs(values[i1] - values[i0]);
    if (span > 0 && Number.isFinite(span)) spans.push(span);
  }
  return spans;
}

/**
 * A frequency (a rate inside sin/cos) up to the sampling limit of n points over the spread, or
 * its reciprocal for a scale (`x/T`); seeded with the periodogram's peaks.
 */
function frequencyBox(range: Range, n: number, peaks: number[], op: 'rate' | 'scale'): ParameterBox {
  const lo = Math.PI / (2 * range.spread);
  const hi = (Math.PI * Math.max(n, 4)) / range.spread;
  const rate = (u: number) => lo + (hi - lo) * u * u;
  const seeds = peaks.length > 0 ? peaks : [(2 * Math.PI) / range.spread];
  if (op === 'rate') return { role: 'frequency', sample: rate, seeds, typical: seeds[0] };
  return { role: 'frequency', sample: (u) => 1 / rate(u), seeds: seeds.map((w) => 1 / w), typical: 1 / seeds[0] };
}

/**
 * A location: q among D's values (D − q) or their negatives (D + q), a little beyond their
 * range, with a fifth of the box on a log scale out to a hundred times D's size (a Michaelis
 * constant can lie far beyond the data); seeded with the rows the data single out.
 */
function locationBox(values: Float64Array, range: Range, sign: number, features: Features): ParameterBox {
  const lo = range.lo - 0.25 * range.spread;
  const hi = range.hi + 0.25 * range.spread;
  const log = logMagnitude(Math.log10(range.spread) - 3, Math.log10(Math.max(range.maxAbs, range.spread)) + 2);
  const at = (v: number) => (sign < 0 ? v : -v);
  const seeds = features.rows.map((i) => at(values[i])).filter(Number.isFinite);
  return {
    role: 'location',
    sample: (u) => (u < 0.8 ? at(lo + (hi - lo) * (u / 0.8)) : log((u - 0.8) / 0.2)),
    seeds: [...new Set(seeds)],
    typical: at((range.lo + range.hi) / 2),
  };
}

/**
 * Peaks of the periodogram of the response against D (a data side linear in one column: D = κ·x + d),
 * as frequencies in D's units.
 */
function frequencySeeds(D: Node, values: Float64Array, ctx: Context): number[] {
  // D must be linear in a single data column for the periodogram of y against that column.
  const ids = identifiers(D).filter((id) => ctx.columns.has(id));
  if (new Set(ids).size !== 1) return [];
  const column = ctx.rows.cols[ctx.allColumns.indexOf(ids[0])];
  const n = ctx.rows.n;
  let i0 = -1;
  let i1 = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) return [];
    if (i0 < 0 || column[i] < column[i0]) i0 = i;
    if (i1 < 0 || column[i] > column[i1]) i1 = i;
  }
  if (column[i1] === column[i0]) return [];
  const kappa = (values[i1] - values[i0]) / (column[i1] - column[i0]);
  const d = values[i0] - kappa * column[i0];
  for (let i = 0; i < n; i++) {
    if (Math.abs(values[i] - (kappa * column[i] + d)) > 1e-9 * (Math.abs(values[i]) + Math.abs(d) + 1e-300)) return [];
  }
  if (kappa === 0) return [];
  const k = ctx.allColumns.indexOf(ids[0]);
  let peaks = ctx.peaks.get(column);
  if (peaks === undefined) ctx.peaks.set(column, (peaks = periodogramPeaks(ctx.all.cols[k], ctx.all.y, 4)));
  return peaks.map((w) => w / Math.abs(kappa));
}
