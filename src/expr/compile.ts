/**
 * Compiling an AST onto the autograd engine: numbers and `pi`/`e` become constants, names
 * become whatever tensors the caller binds, operators and calls become engine ops. The
 * result is the engine's graph for the expression, ready for backward() or jacobian().
 */
import type { Span, Node } from './ast.js';
import { add, constant, div, mul, neg, pow, sub, type Tensor } from '../engine/index.js';
import { ExprError } from './errors.js';
import { CONSTANTS, FUNCTIONS } from './functions.js';
import { postOrder } from './walk.js';

/**
 * Supplies the tensor for a free identifier. Called once per distinct name (the first
 * occurrence's span is passed); may throw ExprError for a name it does not know.
 */
export type Binder = (name: string, span: Span) => Tensor;

const BINARY: Readonly<Record<'+' | '-' | '*' | '/' | '^', (a: Tensor, b: Tensor) => Tensor>> = {
  '+': add,
  '-': sub,
  '*': mul,
  '/': div,
  '^': pow,
};

/** Builds the engine graph of `node`. A unary plus adds no node; a unary minus is `neg`. */
export function compile(node: Node, bind: Binder): Tensor {
  const bound = new Map<string, Tensor>();
  const values: Tensor[] = [];
  for (const n of postOrder(node)) {
    switch (n.kind) {
      case 'num':
        values.push(constant(n.value));
        break;
      case 'ident': {
        const value = CONSTANTS.get(n.name);
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
      case 'unary': {
        const arg = take(values, 1)[0];
        values.push(n.op === '-' ? neg(arg) : arg);
        break;
      }
      case 'binary': {
        const [left, right] = take(values, 2);
        values.push(BINARY[n.op](left, right));
        break;
      }
      case 'call': {
        const spec = FUNCTIONS.get(n.name);
        if (spec === undefined || spec.arity !== n.args.length) {
          throw new ExprError(`cannot compile a call to '${n.name}' with ${n.args.length} argument(s)`, n.span, '');
        }
        values.push(spec.engineOp(take(values, 1)[0]));
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
