/**
 * Where an expression's value or derivative stops being a finite number, as a phrase naming the
 * part of the expression at fault (`x^x`, `sqrt(x)`), for grad's error messages. The engine
 * gives NaN or ±Infinity quietly (as IEEE arithmetic does); these find the operation it came from.
 */
import { topoOrder, type Tensor } from '../engine/index.js';
import type { Node } from '../expr/index.js';

/** The text each operation of the graph was compiled from (compile's `made` callback fills it). */
export type SourceOf = ReadonlyMap<Tensor, Node>;

/**
 * Why the value is not finite: the innermost operation on the path the value took (a conditional
 * follows its chosen branch) whose own value is not finite, described; '' when none is found.
 */
export function valueCulprit(root: Tensor, expr: string, source: SourceOf): string {
  let node = root;
  for (;;) {
    const inputs = node.op === 'where' ? [node.data[0] !== 0 ? node.inputs[1] : node.inputs[2]] : node.inputs;
    const next = inputs.find((t) => t !== undefined && !t.data.every(Number.isFinite));
    if (next === undefined || !source.has(next)) break;
    node = next;
  }
  const at = source.get(node);
  if (at === undefined) return '';
  const text = textOf(expr, at);
  const negativePower = node.op === 'pow' && node.inputs[0].data[0] < 0 && !Number.isInteger(node.inputs[1].data[0]);
  const why = negativePower && at.kind === 'binary' ? ` (a negative base, ${textOf(expr, at.left)} = ${node.inputs[0].data[0]}, to a power that is not a whole number)` : '';
  return `${text} is ${node.data[0]} there${why}`;
}

/**
 * Why a derivative is not finite: the first step of the backward pass (from the root) at which a
 * finite gradient turned into one that is not, described; '' when none is found (a sum of finite
 * contributions that overflowed).
 */
export function derivativeCulprit(root: Tensor, expr: string, source: SourceOf): string {
  const order = topoOrder(root);
  const grads = new Map<Tensor, Float64Array>([[root, Float64Array.of(1)]]);
  for (let j = order.length - 1; j >= 0; j--) {
    const node = order[j];
    const g = grads.get(node);
    const rule = node.rule;
    if (g === undefined || rule === null || !g.every(Number.isFinite)) continue;
    for (let k = 0; k < node.inputs.length; k++) {
      const input = node.inputs[k];
      if (!input.requiresGrad) continue;
      const share = new Float64Array(input.size);
      rule.pushGrad(node, k, g, share);
      if (!share.every(Number.isFinite)) return describeStep(node, k, expr, source);
      const sum = grads.get(input);
      if (sum === undefined) grads.set(input, share);
      else for (let i = 0; i < sum.length; i++) sum[i] += share[i];
    }
  }
  return '';
}

/** The operation `node`, whose derivative with respect to its input k is not finite, in words. */
function describeStep(node: Tensor, k: number, expr: string, source: SourceOf): string {
  const at = source.get(node);
  if (at === undefined) return '';
  const text = textOf(expr, at);
  if (node.op === 'pow' && k === 1 && node.inputs[0].data[0] < 0 && at.kind === 'binary') {
    const base = textOf(expr, at.left);
    const value = node.inputs[0].data[0];
    return `in ${text} the base ${base === String(value) || base === `(${value})` ? base : `${base} (${value})`} is negative, and a negative number to a varying power is real only at whole exponents, with no derivative in the exponent (it needs log(${base}))`;
  }
  // The derivative alone (an output gradient of 1): infinite, undefined, or finite but overflowing.
  const one = Float64Array.from({ length: node.size }, () => 1);
  const alone = new Float64Array(node.inputs[k].size);
  node.rule!.pushGrad(node, k, one, alone);
  const d = alone[0];
  if (Number.isNaN(d)) return `${text} has no derivative there`;
  if (!Number.isFinite(d)) return `${text} has an infinite derivative there`;
  return `the derivative of ${text} overflows there`;
}

/** The expression's text of an AST node, as the user wrote it. */
function textOf(expr: string, node: Node): string {
  return expr.slice(node.span.start, node.span.end).trim();
}
