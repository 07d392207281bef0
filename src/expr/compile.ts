/**
 * Compiling an AST onto the autograd engine: numbers and `pi`/`e` become constants, names
 * become whatever tensors the caller binds, operators and calls become engine ops. The
 * result is the engine's graph for the expression, ready for backward() or jacobian().
 */
import type { Span, Node } from './ast.js';
import { constant, type Tensor } from '../engine/index.js';
import { ExprError } from './errors.js';
import { CONSTANTS, operatorOf } from './operators.js';
import { postOrder } from './walk.js';

/**
 * Supplies the tensor for a free identifier. Called once per distinct name (the first
 * occurrence's span is passed); may throw ExprError for a name it does not know.
 */
export type Binder = (name: string, span: Span) => Tensor;

/**
 * Builds the engine graph of `node`: each operator and call is its table entry's engine op (operators.ts). A unary plus adds no node.
 * `made`, when given, is told which tensor each operator or call became (so that a result can be traced back to the text).
 * `shadowed`: names of constants that are bound like free identifiers here (a fit model's parameter `e`).
 */
export function compile(node: Node, bind: Binder, made?: (node: Node, tensor: Tensor) => void, shadowed?: ReadonlySet<string>): Tensor {
  const bound = new Map<string, Tensor>();
  const values: Tensor[] = [];
  for (const n of postOrder(node)) {
    switch (n.kind) {
      case 'num':
        values.push(constant(n.value));
        break;
      case 'ident': {
        const value = shadowed?.has(n.name) ? undefined : CONSTANTS.get(n.name);
        if (value !== undefined) {
          values.push(constant(value));
          break;
        }
        let tensor = bound.get(n.name);
        if (tensor === undefined) {
          tensor = bind(n.name, n.span);
          bound.set(n.name, tensor);
        }
        values.push(tensor);
        break;
      }
      default: {
        const spec = operatorOf(n);
        if (spec === null) {
          const what = n.kind === 'call' ? `a call to '${n.name}' with ${n.args.length} argument(s)` : `a ${n.kind} node`;
          throw new ExprError(`cannot compile ${what}`, n.span, '');
        }
        const tensor = spec.engine(...take(values, spec.arity));
        made?.(n, tensor);
        values.push(tensor);
        break;
      }
    }
  }
  return take(values, 1)[0];
}

/** Pops the last `count` values (in their original order). */
function take(values: Tensor[], count: number): Tensor[] {
  if (values.length < count) throw new Error('compile: malformed AST (an operator is missing an operand)');
  return values.splice(values.length - count, count);
}
