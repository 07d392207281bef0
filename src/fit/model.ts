/**
 * What is being fitted: the model's AST, its parameters, and which of its identifiers are data.
 * `--degree N` builds "c0 + c1*x + ... + cN*x^N"; `--model EXPR` classifies the expression's free
 * identifiers: `x` and the names of CSV columns are data, every other one is a parameter.
 */
import { freeIdentifiers, parse, type Node } from '../expr/index.js';
import { InputError } from '../errors.js';

export interface ModelSpec {
  ast: Node;
  /** The model as the user reads it back. */
  text: string;
  /** Parameters in order: c0..cN for a polynomial, first appearance for a model. */
  params: string[];
  /** Identifiers bound to data columns, in first-appearance order (`x` is the -x column). */
  data: string[];
  /** The polynomial degree for --degree, null for --model. */
  degree: number | null;
}

/** The text of a degree-N polynomial in x with coefficients c0..cN. */
export function polynomialText(degree: number): string {
  const terms: string[] = [];
  for (let k = 0; k <= degree; k++) terms.push(k === 0 ? 'c0' : k === 1 ? 'c1*x' : `c${k}*x^${k}`);
  return terms.join(' + ');
}

export function polynomialSpec(degree: number): ModelSpec {
  const text = polynomialText(degree);
  const params = Array.from({ length: degree + 1 }, (_, k) => `c${k}`);
  return { ast: parse(text), text, params, data: ['x'], degree };
}

/** The parsed --model before the CSV header is known. */
export interface ParsedModel {
  ast: Node;
  text: string;
  identifiers: string[];
}

export function parseModel(text: string): ParsedModel {
  const ast = parse(text);
  return { ast, text: text.trim(), identifiers: freeIdentifiers(ast) };
}

/**
 * Split a model's identifiers into data and parameters once the column names are known
 * (`names` null when the file has no header: then only `x` is data).
 */
export function classifyModel(model: ParsedModel, names: readonly string[] | null): ModelSpec {
  const columns = new Set(names ?? []);
  const data = model.identifiers.filter((id) => id === 'x' || columns.has(id));
  const params = model.identifiers.filter((id) => !data.includes(id));
  if (params.length === 0) {
    const what = data.length > 0 ? `every name in it (${data.join(', ')}) is a data column` : 'it has no names at all';
    throw new InputError(`the model has no parameters to fit: ${what}; write a parameter such as a in "a*x"`);
  }
  return { ast: model.ast, text: model.text, params, data, degree: null };
}
