/**
 * Which parameters a model is affine in, read from its expression (no numerical probe: a probe
 * misreads a location far from its data, or a model that underflows at the probe point).
 */
import { children, postOrder, type Node } from '../expr/index.js';

/**
 * The indices of the parameters in which the model is affine, jointly: f(θ, c) = g₀(θ) + Σ c_j g_j(θ).
 * Read from the expression: a sum, difference or negation of affine terms is affine; a product is
 * affine when one factor holds none of the set; a quotient when its divisor holds none; a power,
 * a function or a comparison only when it holds none of the set at all (or a power of exactly 1);
 * a conditional when its test holds none and both branches are affine. Parameters are taken
 * greedily in order, so of two that multiply each other (a*b*x) only the first is linear.
 */
export function linearParameters(ast: Node, params: readonly string[]): number[] {
  const linear: number[] = [];
  for (let k = 0; k < params.length; k++) {
    const set = new Set([...linear.map((j) => params[j]), params[k]]);
    if (affinity(ast, set) !== 'nonlinear') linear.push(k);
  }
  return linear;
}

type Affinity = 'constant' | 'affine' | 'nonlinear';

/** How a node depends on the parameters in `set`, bottom-up without recursion. */
function affinity(root: Node, set: ReadonlySet<string>): Affinity {
  const of = new Map<Node, Affinity>();
  const join = (...parts: Affinity[]): Affinity => (parts.includes('nonlinear') ? 'nonlinear' : parts.includes('affine') ? 'affine' : 'constant');
  for (const node of postOrder(root)) {
    let a: Affinity;
    switch (node.kind) {
      case 'num':
        a = 'constant';
        break;
      case 'ident':
        a = set.has(node.name) ? 'affine' : 'constant';
        break;
      case 'unary':
        a = node.op === '!' ? (of.get(node.arg) === 'constant' ? 'constant' : 'nonlinear') : of.get(node.arg)!;
        break;
      case 'binary': {
        const l = of.get(node.left)!;
        const r = of.get(node.right)!;
        switch (node.op) {
          case '+':
          case '-':
            a = join(l, r);
            break;
          case '*':
            a = l === 'constant' ? r : r === 'constant' ? l : 'nonlinear';
            break;
          case '/':
            a = r === 'constant' ? l : 'nonlinear';
            break;
          case '^':
            a = l === 'constant' && r === 'constant' ? 'constant' : r === 'constant' && node.right.kind === 'num' && node.right.value === 1 ? l : 'nonlinear';
            break;
          default:
            a = l === 'constant' && r === 'constant' ? 'constant' : 'nonlinear';
        }
        break;
      }
      case 'call':
        a = node.args.every((arg) => of.get(arg) === 'constant') ? 'constant' : 'nonlinear';
        break;
      default: {
        // The conditional: affine when the test holds none of the set and both branches are affine.
        const parts = children(node).map((c) => of.get(c)!);
        a = parts[0] === 'constant' ? join(...parts.slice(1)) : 'nonlinear';
      }
    }
    of.set(node, a);
  }
  return of.get(root)!;
}
