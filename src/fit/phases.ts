/**
 * Phases: parameters a model is 2π-periodic in, such as ph in cos(2*pi*f*x + ph). Every value
 * of a phase and that value ± 2π give the same curve, so a local fit may let one drift without
 * bound along a flat direction (5.9e14 in one search of a sum of three sines); out there the
 * sine of the sum has lost every digit of the phase (the spacing of doubles at 5.9e14 is 1/8),
 * and no step can improve the fit. The search hands on its best point with each phase taken
 * into (−π, π], where the same curve is computed to full precision.
 */
import { children, postOrder, type Node } from '../expr/index.js';

const TAU = 2 * Math.PI;

/**
 * Indices of the parameters that are phases: every occurrence is added or subtracted, through
 * sums and negations alone, straight into the argument of a sin or cos.
 */
export function phaseParameters(ast: Node, params: readonly string[]): number[] {
  const parent = new Map<Node, Node>();
  for (const node of postOrder(ast)) for (const child of children(node)) parent.set(child, node);
  const occurrences = new Map<string, Node[]>();
  for (const node of postOrder(ast)) if (node.kind === 'ident') occurrences.set(node.name, [...(occurrences.get(node.name) ?? []), node]);
  const addedIntoTrig = (leaf: Node): boolean => {
    for (let node = leaf; ; ) {
      const up = parent.get(node);
      if (up === undefined) return false;
      if (up.kind === 'call') return (up.name === 'sin' || up.name === 'cos') && up.args.length === 1;
      const sum = (up.kind === 'binary' && (up.op === '+' || up.op === '-')) || (up.kind === 'unary' && (up.op === '-' || up.op === '+'));
      if (!sum) return false;
      node = up;
    }
  };
  return params.flatMap((name, k) => {
    const uses = occurrences.get(name) ?? [];
    return uses.length > 0 && uses.every(addedIntoTrig) ? [k] : [];
  });
}

/** `p` with each phase taken into (−π, π] (the same curve), or null when every one is there already. */
export function wrapPhases(p: Float64Array, phases: readonly number[]): Float64Array | null {
  let out: Float64Array | null = null;
  for (const k of phases) {
    const v = p[k];
    if (!Number.isFinite(v) || (v > -Math.PI && v <= Math.PI)) continue;
    let w = v % TAU;
    if (w > Math.PI) w -= TAU;
    else if (w <= -Math.PI) w += TAU;
    out ??= Float64Array.from(p);
    out[k] = w;
  }
  return out;
}
