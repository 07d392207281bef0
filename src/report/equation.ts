/** The fitted model as an equation with the fitted numbers in place of the parameters. */
import { formatExpr, parse } from '../expr/index.js';
import type { FitResult } from '../fit/result.js';
import { formatFull, formatNumber } from './format.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `y = -0.542·x^2 + 1.171·x - 0.6189` for the polynomial `c0 + c1*x + c2*x^2` (a polynomial is
 * written highest power first), `counts = 9.87·exp(-0.1012·t) + 1.003` for a model.
 * Fitted parameters are rounded to `digits` significant digits; the model's own constants
 * keep their full value. The left side is the response column's name when it is an identifier.
 */
export function fittedEquation(r: Pick<FitResult, 'model' | 'params' | 'columns'>, digits: number): string {
  const lhs = IDENTIFIER.test(r.columns.y) ? r.columns.y : 'y';
  const fitted = new Set<number>();
  for (const v of Object.values(r.params)) fitted.add(Math.abs(v));
  const text = polynomialHighestFirst(r.model) ?? r.model;
  let rhs: string;
  try {
    rhs = formatExpr(parse(text), {
      formatNumber: (v) => (fitted.has(Math.abs(v)) ? formatNumber(v, digits) : formatFull(v)),
      formatIdent: (name) => (Object.hasOwn(r.params, name) ? r.params[name] : name),
    });
  } catch {
    return `${lhs} = ${r.model}`;
  }
  return `${lhs} = ${rhs.replace(/\s*\*\s*/g, '·')}`;
}

/**
 * "c0 + c1*x + c2*x^2" (the text of `--degree 2`, spaces optional) rewritten as
 * "c2*x^2 + c1*x + c0"; null for any other model.
 */
export function polynomialHighestFirst(model: string): string | null {
  const terms = model.replace(/\s+/g, '').split('+');
  if (terms.length < 2) return null;
  for (let k = 0; k < terms.length; k++) {
    const expected = k === 0 ? 'c0' : k === 1 ? 'c1*x' : `c${k}*x^${k}`;
    if (terms[k] !== expected) return null;
  }
  return terms.map((_, k) => (k === 0 ? 'c0' : k === 1 ? 'c1*x' : `c${k}*x^${k}`)).reverse().join(' + ');
}
