/**
 * The fused kernel: one generated JavaScript loop over the data rows that computes the
 * model's value and its reverse-mode derivatives row by row, instead of the engine's one
 * array pass per operation (docs/DESIGN.md, "Speed on large data").
 *
 * This is the only module in the project that builds code, and it builds it from the
 * AST's structure alone: identifiers become indices (`p[3]`, `c1[i]`), numbers are printed
 * here from their parsed doubles, operators and functions come from fixed tables. No text
 * the user wrote ever reaches the generated source.
 *
 * The code is flat SSA (one statement per node, then one per adjoint), so even a model of
 * 100,000 nodes compiles; large models keep their values in a scratch array instead of
 * local variables. Nodes that do not depend on a data column are computed once per call,
 * outside the loop, and so are their derivatives (see kernel-plan.ts). Each operation's
 * code and derivative come from its entry in the operator table (operators.ts), beside its
 * engine op, so the kernel and the engine agree.
 */
import type { Node } from './ast.js';
import { planKernel, type KernelLayout, type KernelPlan, type PlanNode } from './kernel-plan.js';
import { KERNEL_HELPERS, type CodeArgs } from './operators.js';

export { KernelLayoutError, type KernelLayout } from './kernel-plan.js';

/** A compiled model or objective over parameters `p` and data columns `cols`. */
export interface Kernel {
  readonly layout: KernelLayout;
  /** out[i] = model value at row i. cols[j] is the data of layout.columns[j]. */
  evaluate(p: Float64Array, cols: readonly Float64Array[], n: number, out: Float64Array): void;
  /** r[i] = w_i·(f_i − y_i); if J: J[i + k·n] = w_i·∂f_i/∂p_k (column-major n×P). w null means 1. */
  residuals(
    p: Float64Array,
    cols: readonly Float64Array[],
    y: Float64Array,
    w: Float64Array | null,
    n: number,
    r: Float64Array,
    J: Float64Array | null,
  ): void;
  /** Σ (w_i·(f_i − y_i))² in one pass with no per-row storage; if g: g := its gradient w.r.t. p. */
  sumSquares(
    p: Float64Array,
    cols: readonly Float64Array[],
    y: Float64Array,
    w: Float64Array | null,
    n: number,
    g: Float64Array | null,
  ): number;
  /** For expressions with no columns (minimize, grad): the value, and g := gradient. */
  valueGrad(p: Float64Array, g: Float64Array): number;
  /** The generated source of every variant, for tests and for the curious. */
  readonly source: string;
  /**
   * The code of `residuals` with J, or of `sumSquares` without g, for another thread to run
   * (residualsFromCode, sumSquaresFromCode) exactly as this one does.
   */
  generatedCode(mode: 'residuals' | 'sumSquares', weighted: boolean): GeneratedCode;
}

/** One generated function: its body and the size of its scratch array. */
export interface GeneratedCode {
  source: string;
  slots: number;
}

/** `Kernel.residuals` with J, from its code (in a worker thread; the checks of its arguments were the caller's). */
export type ResidualsFn = (p: Float64Array, cols: readonly Float64Array[], y: Float64Array, w: Float64Array | null, n: number, r: Float64Array, J: Float64Array) => void;

export function residualsFromCode(code: GeneratedCode): ResidualsFn {
  const fn = generatedFunction(code.source);
  const scratch = new Float64Array(code.slots);
  const result = new Float64Array(1);
  return (p, cols, y, w, n, r, J) => fn(p, cols, y, w, n, r, J, scratch, result);
}

/** `Kernel.sumSquares` without g, from its code (as residualsFromCode). */
export type SumSquaresFn = (p: Float64Array, cols: readonly Float64Array[], y: Float64Array, w: Float64Array | null, n: number) => number;

export function sumSquaresFromCode(code: GeneratedCode): SumSquaresFn {
  const fn = generatedFunction(code.source);
  const scratch = new Float64Array(code.slots);
  const result = new Float64Array(1);
  return (p, cols, y, w, n) => {
    fn(p, cols, y, w, n, null, null, scratch, result);
    return result[0];
  };
}

/** Wrong arguments to a kernel method: a buffer too short, a column missing, a bad row count. */
export class KernelInputError extends Error {
  override readonly name = 'KernelInputError';
}

/**
 * Compiles `node` for the layout (every free identifier must be a parameter or a column).
 * `source` is the expression text, used only to show a caret in an ExprError.
 */
export function compileKernel(node: Node, layout: KernelLayout, source = ''): Kernel {
  const own: KernelLayout = Object.freeze({
    params: Object.freeze([...layout.params]),
    columns: Object.freeze([...layout.columns]),
  });
  return new FusedKernel(planKernel(node, own, source), own);
}

/** Models with more nodes than this keep their values in a scratch array, not in locals. */
const MAX_NODES_IN_LOCALS = 1000;

type Helper = keyof typeof KERNEL_HELPERS;
const HELPER_NAMES = Object.keys(KERNEL_HELPERS) as Helper[];
const HELPERS = HELPER_NAMES.map((name) => KERNEL_HELPERS[name]);

/** The parameters of every generated function, in this order (the helpers are in its closure). */
const GENERATED_PARAMS = ['p', 'cols', 'y', 'w', 'n', 'out', 'deriv', 'm', 'res'] as const;

type GeneratedFn = (
  p: Float64Array,
  cols: readonly Float64Array[],
  y: Float64Array | null,
  w: Float64Array | null,
  n: number,
  out: Float64Array | null,
  deriv: Float64Array | null,
  m: Float64Array,
  res: Float64Array,
) => void;

/**
 * The function of a generated body (the one place code is turned into a function), with the
 * helpers it may call bound once by name (not passed on every call: the search calls a kernel
 * thousands of times on a few hundred rows).
 */
function generatedFunction(source: string): GeneratedFn {
  const make = new Function(...HELPER_NAMES, `return function generated(${GENERATED_PARAMS.join(', ')}) {\n${source}\n};`);
  return make(...HELPERS) as GeneratedFn;
}

/** Which generated function: what it computes and which optional inputs it has. */
type Variant =
  | { mode: 'evaluate' }
  | { mode: 'residuals'; weighted: boolean; derivatives: boolean }
  | { mode: 'sumSquares'; weighted: boolean; derivatives: boolean }
  | { mode: 'valueGrad' };

interface Built {
  source: string;
  slots: number;
  fn: GeneratedFn | null;
  scratch: Float64Array | null;
}

/** An empty scratch array, for a generated function that needs none. */
const EMPTY = new Float64Array(0);

class FusedKernel implements Kernel {
  /** The generated functions made so far, by variantIndex. */
  private readonly built: (Built | undefined)[] = [];
  private readonly result = new Float64Array(1);

  constructor(
    private readonly plan: KernelPlan,
    readonly layout: KernelLayout,
  ) {}

  evaluate(p: Float64Array, cols: readonly Float64Array[], n: number, out: Float64Array): void {
    this.checkRows(p, cols, n);
    checkLength('out', out, n);
    this.run({ mode: 'evaluate' }, p, cols, null, null, n, out, null);
  }

  residuals(
    p: Float64Array,
    cols: readonly Float64Array[],
    y: Float64Array,
    w: Float64Array | null,
    n: number,
    r: Float64Array,
    J: Float64Array | null,
  ): void {
    this.checkRows(p, cols, n);
    checkLength('y', y, n);
    if (w !== null) checkLength('w', w, n);
    checkLength('r', r, n);
    if (J !== null) checkLength('J', J, n * this.plan.paramCount);
    this.run({ mode: 'residuals', weighted: w !== null, derivatives: J !== null }, p, cols, y, w, n, r, J);
  }

  sumSquares(
    p: Float64Array,
    cols: readonly Float64Array[],
    y: Float64Array,
    w: Float64Array | null,
    n: number,
    g: Float64Array | null,
  ): number {
    this.checkRows(p, cols, n);
    checkLength('y', y, n);
    if (w !== null) checkLength('w', w, n);
    if (g !== null) checkLength('g', g, this.plan.paramCount);
    this.run({ mode: 'sumSquares', weighted: w !== null, derivatives: g !== null }, p, cols, y, w, n, null, g);
    return this.result[0];
  }

  valueGrad(p: Float64Array, g: Float64Array): number {
    if (this.plan.usedColumns.length > 0) {
      const names = this.plan.usedColumns.map((j) => this.layout.columns[j]).join(', ');
      throw new KernelInputError(`valueGrad() needs an expression without data columns, but this one reads ${names}`);
    }
    checkLength('p', p, this.plan.paramCount);
    checkLength('g', g, this.plan.paramCount);
    this.run({ mode: 'valueGrad' }, p, [], null, null, 1, null, g);
    return this.result[0];
  }

  generatedCode(mode: 'residuals' | 'sumSquares', weighted: boolean): GeneratedCode {
    const built = this.build({ mode, weighted, derivatives: mode === 'residuals' });
    return { source: built.source, slots: built.slots };
  }

  get source(): string {
    const variants: Variant[] = [{ mode: 'evaluate' }];
    for (const mode of ['residuals', 'sumSquares'] as const) {
      for (const weighted of [false, true]) {
        for (const derivatives of [false, true]) variants.push({ mode, weighted, derivatives });
      }
    }
    if (this.plan.usedColumns.length === 0) variants.push({ mode: 'valueGrad' });
    return variants.map((v) => `// ${variantKey(v)}\n${this.build(v).source}`).join('\n');
  }

  private run(
    variant: Variant,
    p: Float64Array,
    cols: readonly Float64Array[],
    y: Float64Array | null,
    w: Float64Array | null,
    n: number,
    out: Float64Array | null,
    deriv: Float64Array | null,
  ): void {
    const built = this.build(variant);
    if (built.fn === null) {
      built.fn = generatedFunction(built.source);
      built.scratch = new Float64Array(built.slots);
    }
    built.fn(p, cols, y, w, n, out, deriv, built.scratch ?? EMPTY, this.result);
  }

  private build(variant: Variant): Built {
    const index = variantIndex(variant);
    let built = this.built[index];
    if (built === undefined) {
      const code = generate(this.plan, variant);
      built = { source: code.text(), slots: code.slotCount, fn: null, scratch: null };
      this.built[index] = built;
    }
    return built;
  }

  private checkRows(p: Float64Array, cols: readonly Float64Array[], n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new KernelInputError(`the row count must be a whole number ≥ 0, got ${n}`);
    checkLength('p', p, this.plan.paramCount);
    for (const j of this.plan.usedColumns) {
      const col = cols[j];
      if (col === undefined) {
        throw new KernelInputError(`column ${j} ('${this.layout.columns[j]}') is missing: pass one array per layout column`);
      }
      checkLength(`column '${this.layout.columns[j]}'`, col, n);
    }
  }
}

function checkLength(what: string, array: Float64Array, needed: number): void {
  if (array.length < needed) {
    throw new KernelInputError(`${what} has ${array.length} entries but ${needed} are needed`);
  }
}

/** A small number for each variant (no string is made on each call). */
function variantIndex(variant: Variant): number {
  switch (variant.mode) {
    case 'evaluate':
      return 0;
    case 'valueGrad':
      return 1;
    case 'residuals':
      return 2 + (variant.weighted ? 2 : 0) + (variant.derivatives ? 1 : 0);
    case 'sumSquares':
      return 6 + (variant.weighted ? 2 : 0) + (variant.derivatives ? 1 : 0);
  }
}

function variantKey(variant: Variant): string {
  if (variant.mode === 'evaluate' || variant.mode === 'valueGrad') return variant.mode;
  return `${variant.mode}${variant.weighted ? ' weighted' : ''}${variant.derivatives ? ' with derivatives' : ''}`;
}

// ---- code generation -------------------------------------------------------------------

/**
 * The generated variables, each numbered: `t12` node 12's value, `a12` its per-row adjoint,
 * `d12` its adjoint in a hoisted sweep, `A12` boundary 12's adjoint summed over the rows,
 * `D3` one boundary's derivative with respect to one parameter.
 */
type VarKind = 't' | 'a' | 'd' | 'A' | 'D';

const KIND_SECTION: Readonly<Record<VarKind, number>> = { t: 0, a: 1, d: 2, A: 3, D: 4 };

/**
 * Statements and storage. Small models declare their variables as locals; large ones keep
 * them in a scratch array `m`, one section of it per kind of variable.
 */
class Code {
  private readonly lines: string[] = [];
  private partialCount = 0;
  private indent = '';

  constructor(
    private readonly inArray: boolean,
    private readonly nodeCount: number,
  ) {}

  /** Size of the scratch array this code needs. */
  get slotCount(): number {
    return this.inArray ? 4 * this.nodeCount + this.partialCount : 0;
  }

  /** How to read a variable. */
  ref(kind: VarKind, index: number): string {
    return this.inArray ? `m[${KIND_SECTION[kind] * this.nodeCount + index}]` : `${kind}${index}`;
  }

  /** A fresh number for a `D` variable. */
  newPartial(): number {
    return this.partialCount++;
  }

  /** Defines a variable once. */
  define(kind: VarKind, index: number, expr: string): void {
    this.line(this.inArray ? `${this.ref(kind, index)} = ${expr};` : `const ${kind}${index} = ${expr};`);
  }

  /** Defines a variable that later statements add to. */
  accumulator(kind: VarKind, index: number, expr: string): void {
    this.line(this.inArray ? `${this.ref(kind, index)} = ${expr};` : `let ${kind}${index} = ${expr};`);
  }

  line(statement: string): void {
    this.lines.push(this.indent + statement);
  }

  /** Opens a block; small models indent its body for readability. */
  open(header: string): void {
    this.line(`${header} {`);
    if (!this.inArray) this.indent += '  ';
  }

  close(): void {
    this.indent = this.indent.slice(2);
    this.line('}');
  }

  text(): string {
    return `'use strict';\n${this.lines.join('\n')}\n`;
  }
}

function generate(plan: KernelPlan, variant: Variant): Code {
  const { nodes, root } = plan;
  const code = new Code(nodes.length > MAX_NODES_IN_LOCALS, nodes.length);

  for (const j of plan.usedColumns) code.line(`const c${j} = cols[${j}];`);
  for (let k = 0; k <= root; k++) if (nodes[k].role !== 'row') code.define('t', k, forward(code, plan, k));

  if (variant.mode === 'valueGrad') {
    const partials = sweepBoundaries(code, plan);
    for (let q = 0; q < plan.paramCount; q++) {
      sumTerms(code, `g${q}`, boundaryTerms(code, plan, partials, q, () => null));
      code.line(`deriv[${q}] = g${q};`);
    }
    code.line(`res[0] = ${code.ref('t', root)};`);
    return code;
  }

  const derivatives = variant.mode !== 'evaluate' && variant.derivatives;
  const weighted = variant.mode !== 'evaluate' && variant.weighted;
  const jacobian = variant.mode === 'residuals' && derivatives;
  const gradient = variant.mode === 'sumSquares' && derivatives;

  const partials = jacobian ? sweepBoundaries(code, plan) : null;
  if (partials !== null) {
    for (let q = 0; q < plan.paramCount; q++) {
      if (dependsOn(plan, partials, q)) code.line(`const o${q} = ${q} * n;`);
      else code.line(`deriv.fill(0, ${q} * n, ${q + 1} * n);`);
    }
  }
  if (gradient) for (const b of plan.boundaries) code.accumulator('A', b, '0');
  if (variant.mode === 'sumSquares') code.line('let s = 0;');

  code.open('for (let i = 0; i < n; i++)');
  for (let k = 0; k <= root; k++) if (nodes[k].role === 'row') code.define('t', k, forward(code, plan, k));
  const f = code.ref('t', root);
  if (variant.mode === 'evaluate') {
    code.line(`out[i] = ${f};`);
  } else {
    if (weighted) code.line('const wi = w[i];');
    code.line(weighted ? `const r = wi * (${f} - y[i]);` : `const r = ${f} - y[i];`);
    code.line(variant.mode === 'residuals' ? 'out[i] = r;' : 's += r * r;');
  }
  if (partials !== null) {
    reverseRows(code, plan, '1');
    for (let q = 0; q < plan.paramCount; q++) {
      if (!dependsOn(plan, partials, q)) continue;
      sumTerms(code, `j${q}`, boundaryTerms(code, plan, partials, q, (b) => code.ref('a', b)));
      code.line(`deriv[i + o${q}] = ${weighted ? 'wi * ' : ''}j${q};`);
    }
  }
  if (gradient) {
    reverseRows(code, plan, weighted ? '2 * wi * r' : '2 * r');
    for (const b of plan.boundaries) code.line(`${code.ref('A', b)} += ${code.ref('a', b)};`);
  }
  code.close();

  if (gradient) {
    const after = sweepBoundaries(code, plan);
    for (let q = 0; q < plan.paramCount; q++) {
      sumTerms(code, `g${q}`, boundaryTerms(code, plan, after, q, (b) => code.ref('A', b)));
      code.line(`deriv[${q}] = g${q};`);
    }
  }
  if (variant.mode === 'sumSquares') code.line('res[0] = s;');
  return code;
}

/** Per boundary: parameter index → the `D` variable of ∂boundary/∂p_q, or 'one' for the parameter itself. */
type Partials = Map<number, Map<number, number | 'one'>>;

/**
 * Emits, for every boundary, a reverse sweep over its hoisted subtree that yields its
 * derivative with respect to each parameter it depends on.
 */
function sweepBoundaries(code: Code, plan: KernelPlan): Partials {
  const partials: Partials = new Map();
  for (const b of plan.boundaries) {
    const byParam = new Map<number, number | 'one'>();
    partials.set(b, byParam);
    if (plan.nodes[b].param >= 0) {
      byParam.set(plan.nodes[b].param, 'one');
      continue;
    }
    const uses = new Map<number, string[]>();
    code.define('d', b, '1');
    for (const k of plan.subtrees.get(b) ?? []) {
      const n = plan.nodes[k];
      if (n.param >= 0) {
        const list = uses.get(n.param) ?? [];
        list.push(code.ref('d', k));
        uses.set(n.param, list);
        continue;
      }
      for (let position = 0; position < n.kids.length; position++) {
        if (plan.nodes[n.kids[position]].active) propagate(code, plan, k, position, 'd');
      }
    }
    for (const [q, list] of [...uses].sort((x, y) => x[0] - y[0])) {
      const d = code.newPartial();
      code.accumulator('D', d, list[0]);
      for (let u = 1; u < list.length; u++) code.line(`${code.ref('D', d)} += ${list[u]};`);
      byParam.set(q, d);
    }
  }
  return partials;
}

/** Emits the per-row reverse pass over the row nodes, seeded with `seed` at the root. */
function reverseRows(code: Code, plan: KernelPlan, seed: string): void {
  const { nodes, root } = plan;
  if (!nodes[root].active) return;
  code.define('a', root, seed);
  for (let k = root; k >= 0; k--) {
    const n = nodes[k];
    if (n.role !== 'row' || !n.active) continue;
    for (let position = 0; position < n.kids.length; position++) {
      if (nodes[n.kids[position]].active) propagate(code, plan, k, position, 'a');
    }
  }
}

function dependsOn(plan: KernelPlan, partials: Partials, q: number): boolean {
  return plan.boundaries.some((b) => partials.get(b)?.has(q));
}

/**
 * The terms of Σ_b weight_b · ∂b/∂p_q over the boundaries b that depend on parameter q;
 * `weight` gives a boundary's adjoint, or null for a weight of 1.
 */
function boundaryTerms(
  code: Code,
  plan: KernelPlan,
  partials: Partials,
  q: number,
  weight: (b: number) => string | null,
): string[] {
  const terms: string[] = [];
  for (const b of plan.boundaries) {
    const d = partials.get(b)?.get(q);
    if (d === undefined) continue;
    const factor = weight(b);
    const dRef = d === 'one' ? null : code.ref('D', d);
    if (factor === null) terms.push(dRef ?? '1');
    else if (dRef === null) terms.push(factor);
    else terms.push(plan.nodes[b].guarded ? `(${factor} === 0 ? 0 : ${factor} * ${dRef})` : `${factor} * ${dRef}`);
  }
  return terms;
}

/** Emits `let name = t0; name += t1; ...` (or `= 0` with no terms). */
function sumTerms(code: Code, name: string, terms: readonly string[]): void {
  code.line(`let ${name} = ${terms[0] ?? '0'};`);
  for (let u = 1; u < terms.length; u++) code.line(`${name} += ${terms[u]};`);
}

/**
 * Emits the adjoint (of kind `kind`) of operand `position` of node k from node k's adjoint
 * and the table's derivative. Below a selecting op a zero adjoint stays zero, whatever the
 * derivative (an infinite or NaN one in a branch not taken), as in the engine.
 */
function propagate(code: Code, plan: KernelPlan, k: number, position: number, kind: 'a' | 'd'): void {
  const pn = plan.nodes[k];
  const kid = pn.kids[position];
  const from = code.ref(kind, k);
  const local = pn.op === null ? null : pn.op.derivative(position, codeArgs(code, plan, pn, k));
  if (local === null) throw new Error(`compileKernel: no derivative rule for a ${pn.node.kind} node`);
  if (local === '1') code.define(kind, kid, from);
  else if (local === '-1') code.define(kind, kid, `-${from}`);
  else if (pn.guarded) code.define(kind, kid, `${from} === 0 ? 0 : ${from} * (${local})`);
  else code.define(kind, kid, `${from} * (${local})`);
}

/** What a table rule writes its code from: the operands' and the node's variables, and literal operands. */
function codeArgs(code: Code, plan: KernelPlan, pn: PlanNode, k: number): CodeArgs {
  return {
    v: pn.kids.map((kid) => code.ref('t', kid)),
    y: code.ref('t', k),
    literal: (i) => {
      const operand = plan.nodes[pn.kids[i]]?.node;
      return operand?.kind === 'num' ? operand.value : undefined;
    },
  };
}

/** The JavaScript expression of a node's value from its operands' values. */
function forward(code: Code, plan: KernelPlan, k: number): string {
  const pn = plan.nodes[k];
  const n = pn.node;
  if (n.kind === 'num') return jsNumber(n.value);
  if (n.kind === 'ident') {
    if (pn.param >= 0) return `p[${pn.param}]`;
    if (pn.column >= 0) return `c${pn.column}[i]`;
    return jsNumber(pn.constant);
  }
  if (pn.op === null) throw new Error(`compileKernel: cannot compile a ${n.kind} node`);
  return pn.op.code(codeArgs(code, plan, pn, k));
}

/**
 * A number as a JavaScript literal that reads back as exactly the same double
 * (ECMAScript's Number-to-String is the shortest round-tripping form).
 */
export function jsNumber(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`compileKernel: a number in the expression is not finite (${String(value)})`);
  }
  if (value < 0 || Object.is(value, -0)) return `(-${String(-value)})`;
  return String(value);
}
