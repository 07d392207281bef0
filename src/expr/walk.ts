/**
 * Walking the AST without recursion. Every walker (free identifiers, printing, compiling,
 * the kernel) is built on postOrder, so a 50,000-term chain or a 1,000-deep nesting
 * never touches the JavaScript call stack.
 */
import type { Node } from './ast.js';

/** The direct operands of a node, left to right. */
export function children(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'num':
    case 'ident':
      return [];
    case 'unary':
      return [node.arg];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
    case 'cond':
      return [node.test, node.ifTrue, node.ifFalse];
  }
}

/**
 * Every node, each after its operands (operands left to right), using an explicit stack.
 * Leaves therefore come out in source order. Evaluating in this order with a value stack
 * (pop a node's operands, push its result) computes the expression.
 */
export function postOrder(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  const expanded: boolean[] = [false];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    if (expanded[top]) {
      stack.pop();
      expanded.pop();
      out.push(node);
      continue;
    }
    expanded[top] = true;
    const operands = children(node);
    for (let k = operands.length - 1; k >= 0; k--) {
      stack.push(operands[k]);
      expanded.push(false);
    }
  }
  return out;
}

/**
 * The tree with every identifier replaced by `replace(ident)` (return the node itself to keep
 * it): holding a parameter at a value, giving each group its own copy. Built on postOrder, so
 * no recursion; the tree given is not changed.
 */
export function replaceIdents(root: Node, replace: (ident: Extract<Node, { kind: 'ident' }>) => Node): Node {
  const done = new Map<Node, Node>();
  const get = (n: Node): Node => done.get(n) ?? n;
  for (const node of postOrder(root)) {
    let out: Node;
    switch (node.kind) {
      case 'num':
        out = node;
        break;
      case 'ident':
        out = replace(node);
        break;
      case 'unary':
        out = { ...node, arg: get(node.arg) };
        break;
      case 'binary':
        out = { ...node, left: get(node.left), right: get(node.right) };
        break;
      case 'call':
        out = { ...node, args: node.args.map(get) };
        break;
      case 'cond':
        out = { ...node, test: get(node.test), ifTrue: get(node.ifTrue), ifFalse: get(node.ifFalse) };
        break;
    }
    done.set(node, out);
  }
  return get(root);
}
