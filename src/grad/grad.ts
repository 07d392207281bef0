/**
 * The grad use case: evaluate an expression at a point on the engine's tensors and read every
 * partial derivative from one backward pass (the notebook's first example), keeping the graph
 * so that it can be shown.
 */
import { scalar, type Tensor } from '../engine/index.js';
import { compile, freeIdentifiers, parse, type Node } from '../expr/index.js';
import { derivativeCulprit, valueCulprit } from './undefined-at.js';
import { InputError, option } from '../errors.js';
import type { GradResult } from '../minimize/result.js';

export interface GradRun {
  result: GradResult;
  /** The root of the computational graph the engine built, after backward. */
  root: Tensor;
}

export function gradAt(expr: string, at: ReadonlyMap<string, number>): GradRun {
  const ast = parse(expr);
  // Report in the order the user gave the point (--at x=4,w=2,b=3 → x, w, b).
  const names = freeIdentifiers(ast).sort((a, b) => order(at, a) - order(at, b));
  const missing = names.filter((name) => !at.has(name));
  if (missing.length > 0) {
    const example = names.map((name) => `${name}=${at.get(name) ?? 1}`).join(',');
    throw new InputError(`no value for ${missing.map((n) => `'${n}'`).join(', ')}: give every variable with ${option('at')}, e.g. ${example}`);
  }
  for (const name of at.keys()) {
    if (!names.includes(name)) {
      const known = names.length > 0 ? `its variables are: ${names.join(', ')}` : 'it has no variables';
      throw new InputError(`${option('at')} gives '${name}', which is not in the expression (${known})`);
    }
  }
  const leaves = new Map(names.map((name) => [name, scalar(at.get(name)!, { requiresGrad: true, label: name })]));
  // Which text each operation came from, to say where a value or derivative is not finite.
  const source = new Map<Tensor, Node>();
  const root = compile(ast, (name) => leaves.get(name)!, (node, tensor) => {
    if (!source.has(tensor)) source.set(tensor, node);
  });
  if (!root.isScalar) throw new InputError('the expression must give a single number');
  const value = root.item();
  const point = names.map((name) => `${name}=${at.get(name)}`).join(',') || 'this point';
  const another = `choose another point with ${option('at')}`;
  if (!Number.isFinite(value)) {
    const why = valueCulprit(root, expr, source);
    throw new InputError(`the expression is not finite at ${point} (it is ${value})${why === '' ? '' : `: ${why}`}; ${another}`);
  }
  if (root.requiresGrad) root.backward();
  const gradient: Record<string, number> = Object.create(null);
  for (const [name, leaf] of leaves) gradient[name] = leaf.grad ? leaf.grad[0] : 0;
  // A derivative that is NaN or infinite at a point where the value is finite is no answer: the
  // function is not differentiable there (x^x at x = -1, sqrt(x) at 0).
  const bad = names.filter((name) => !Number.isFinite(gradient[name]));
  if (bad.length > 0) {
    const why = derivativeCulprit(root, expr, source);
    const shown = bad.map((name) => `d/d${name}`).join(', ');
    const values = [...new Set(bad.map((name) => String(gradient[name])))].join(' or ');
    throw new InputError(`the ${bad.length === 1 ? 'derivative' : 'derivatives'} ${shown} ${bad.length === 1 ? 'is' : 'are'} not finite at ${point} (it is ${values})${why === '' ? '' : `: ${why}`}; ${another}`);
  }
  return { result: { command: 'grad', expr: expr.trim(), value, gradient }, root };
}

function order(at: ReadonlyMap<string, number>, name: string): number {
  const k = [...at.keys()].indexOf(name);
  return k < 0 ? Number.MAX_SAFE_INTEGER : k;
}
