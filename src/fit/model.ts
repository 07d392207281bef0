/**
 * What is being fitted, decided once: the model's AST, its parameters, which of its identifiers
 * are data, and its kind — a polynomial in one data column (solved exactly in centred x), a
 * model linear in every parameter (one least-squares solve), or a nonlinear one (a search for
 * the start, then Levenberg–Marquardt), with the parameters it is linear in (variable projection).
 * `--degree N` builds c0 + c1*x + ... + cN*x^N as a tree; `--model EXPR` classifies the
 * expression's free identifiers: `x`, `$N` and the names of CSV columns are data, every other one
 * is a parameter (`e` too, unless it is only the base of powers: `modelConstantsShadowed`).
 */
import { build, children, formatExpr, freeIdentifiers, parse, postOrder, type Node } from '../expr/index.js';
import { InputError } from '../errors.js';
import { linearParameters } from './linearity.js';

interface ModelBase {
  ast: Node;
  /** The model as the user reads it back. */
  text: string;
  /** Parameters in order: c0..cN for a polynomial, first appearance for a model. */
  params: string[];
  /** Identifiers bound to data columns, in first-appearance order (`x` is the -x column). */
  data: string[];
  /** Indices in `params` of the parameters the model is affine in, jointly. */
  linear: number[];
}

/** The three kinds of model, each with its own solver. */
export type ModelKind =
  /**
   * Σ p_k·v^k in its one data column v; `powers[k]` is the index in params of the coefficient of
   * v^k. `byDegree`: built by --degree, so gradfit chose its parametrisation (the descent methods
   * then run on standardised data); a --model written as a polynomial is run as written.
   */
  | { kind: 'polynomial'; degree: number; powers: number[]; byDegree: boolean }
  /** Affine in every parameter, but not a polynomial: one linear least-squares solve. */
  | { kind: 'linear' }
  /** Not affine in some parameter: the start is searched for, then refined iteratively. */
  | { kind: 'nonlinear' };

export type ModelSpec = ModelBase & ModelKind;

/** The model's kind and linear parameters, read from its tree. */
export function classify(ast: Node, text: string, params: string[], data: string[]): ModelSpec {
  const base = { ast, text, params, data, linear: linearParameters(ast, params) };
  const powers = polynomialPowers(ast, params, data);
  if (powers !== null) return { ...base, kind: 'polynomial', degree: powers.length - 1, powers, byDegree: false };
  return { ...base, kind: base.linear.length === params.length ? 'linear' : 'nonlinear' };
}

/** The text of a degree-N polynomial in x with coefficients c0..cN. */
export function polynomialText(degree: number): string {
  const terms: string[] = [];
  for (let k = 0; k <= degree; k++) terms.push(k === 0 ? 'c0' : k === 1 ? 'c1*x' : `c${k}*x^${k}`);
  return terms.join(' + ');
}

/** `--degree N`: c0 + c1*x + ... + cN*x^N, built as a tree. */
export function polynomialSpec(degree: number): ModelSpec {
  const { num, ident, binary } = build;
  let ast: Node = ident('c0');
  for (let k = 1; k <= degree; k++) ast = binary('+', ast, binary('*', ident(`c${k}`), k === 1 ? ident('x') : binary('^', ident('x'), num(k))));
  const params = Array.from({ length: degree + 1 }, (_, k) => `c${k}`);
  const powers = params.map((_, k) => k);
  return { ast, text: polynomialText(degree), params, data: ['x'], linear: powers, kind: 'polynomial', degree, powers, byDegree: true };
}

/** The parsed --model before the CSV header is known. */
export interface ParsedModel {
  ast: Node;
  text: string;
  identifiers: string[];
}

export function parseModel(text: string): ParsedModel {
  const ast = parse(text);
  const { powers, loose } = usesOfE(ast);
  if (powers.length > 0 && loose.length > 0) {
    throw new InputError(
      `e in the model is both Euler's number (in ${formatExpr(powers[0])}) and a parameter (in ${formatExpr(loose[0])}); ` +
        'write the power with exp(), as exp(...), or give the parameter another name, such as e0',
    );
  }
  return { ast, text: text.trim(), identifiers: freeIdentifiers(ast, modelConstantsShadowed(ast)) };
}

/**
 * The constants a model's names shadow: `e` is Euler's number in expressions, but in a model it is
 * most often a parameter — the fifth of a, b, c, d, e, or the ED50 of R's drc log-logistic models
 * (c + (d - c)/(1 + exp(b*(log(x) - log(e))))) — so where a model uses it other than as the base
 * of a power, it is a parameter; `e^(-k*x)` alone keeps Euler's number (parseModel refuses both
 * in one model). `pi` is always the constant.
 */
export function modelConstantsShadowed(ast: Node): ReadonlySet<string> {
  return usesOfE(ast).loose.length > 0 ? E_SHADOWED : NO_SHADOWED;
}

const E_SHADOWED: ReadonlySet<string> = new Set(['e']);
const NO_SHADOWED: ReadonlySet<string> = new Set();

/** The powers whose base is `e`, and the other nodes that use `e` (the smallest around each). */
function usesOfE(ast: Node): { powers: Node[]; loose: Node[] } {
  const powers: Node[] = [];
  const loose: Node[] = [];
  for (const node of postOrder(ast)) {
    children(node).forEach((kid, k) => {
      if (kid.kind !== 'ident' || kid.name !== 'e') return;
      if (node.kind === 'binary' && node.op === '^' && k === 0) powers.push(node);
      else loose.push(node);
    });
  }
  if (ast.kind === 'ident' && ast.name === 'e') loose.push(ast);
  return { powers, loose };
}

/** `$1`, `$2`, ...: a column by its position in the file (as in gnuplot and awk). */
export function isPositional(id: string): boolean {
  return /^\$\d+$/.test(id);
}

/**
 * Split a model's identifiers into data and parameters once the column names are known
 * (`names` null when the file has no header: then only `x` and `$N` are data), and classify it.
 * `$N` is always data; an empty name (an unnamed column) never matches an identifier.
 */
export function classifyModel(model: ParsedModel, names: readonly string[] | null): ModelSpec {
  const columns = new Set(names ?? []);
  const data = model.identifiers.filter((id) => id === 'x' || isPositional(id) || columns.has(id));
  const params = model.identifiers.filter((id) => !data.includes(id));
  if (params.length === 0) {
    const what = data.length > 0 ? `every name in it (${data.join(', ')}) is a data column` : 'it has no names at all';
    throw new InputError(`the model has no parameters to fit: ${what}; write a parameter such as a in "a*x"`);
  }
  // Parameters and no data: the model is a constant, whose parameters cannot be told apart (one
  // alone, "c", is the weighted mean: a fit of its own). Most often a column name was meant.
  if (data.length === 0 && params.length > 1) {
    const named = (names ?? []).filter((n) => n !== '');
    const columns = named.length > 0 ? ` (the columns are ${named.map((n) => `"${n}"`).join(', ')})` : '';
    throw new InputError(
      `the model uses no data column: ${params.join(', ')} are all parameters, so it is a constant${columns}; ` +
        'in a model the -x column is x, any column is $1, $2, ... by its position, and a column whose name is a plain word by that name',
    );
  }
  return classify(model.ast, model.text, params, data);
}

/**
 * For a model that is a polynomial in its one data column written term by term — a sum of p,
 * p*x and p*x^k (either factor first), one parameter per power and every power from 0 to N ≥ 1
 * present — the index in params of the parameter of each power x^k; otherwise null.
 */
function polynomialPowers(ast: Node, params: readonly string[], data: readonly string[]): number[] | null {
  if (data.length !== 1) return null;
  const x = data[0];
  const terms: Node[] = [];
  const pending: Node[] = [ast];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.kind === 'binary' && node.op === '+') pending.push(node.left, node.right);
    else terms.push(node);
  }
  const byPower = new Map<number, number>();
  for (const term of terms) {
    const found = coefficientTerm(term, x);
    if (found === null || byPower.has(found.power)) return null;
    const index = params.indexOf(found.param);
    if (index < 0 || [...byPower.values()].includes(index)) return null;
    byPower.set(found.power, index);
  }
  const degree = byPower.size - 1;
  if (degree < 1 || byPower.size !== params.length) return null;
  const order: number[] = [];
  for (let k = 0; k <= degree; k++) {
    const index = byPower.get(k);
    if (index === undefined) return null;
    order.push(index);
  }
  return order;
}

/** p → (p, 0); p*x or x*p → (p, 1); p*x^k or x^k*p with k a whole number ≥ 1 → (p, k). */
function coefficientTerm(term: Node, x: string): { param: string; power: number } | null {
  if (term.kind === 'ident') return term.name === x ? null : { param: term.name, power: 0 };
  if (term.kind !== 'binary' || term.op !== '*') return null;
  for (const [p, v] of [[term.left, term.right], [term.right, term.left]] as const) {
    if (p.kind !== 'ident' || p.name === x) continue;
    const power = powerOf(v, x);
    if (power !== null) return { param: p.name, power };
  }
  return null;
}

function powerOf(node: Node, x: string): number | null {
  if (node.kind === 'ident' && node.name === x) return 1;
  if (node.kind === 'binary' && node.op === '^' && node.left.kind === 'ident' && node.left.name === x && node.right.kind === 'num') {
    const k = node.right.value;
    return Number.isInteger(k) && k >= 1 && k <= 100 ? k : null;
  }
  return null;
}
