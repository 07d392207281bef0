/**
 * The analysis behind the fused kernel (no code is generated here): every AST node in
 * post-order with its operands, what it depends on, and where the per-row reverse pass
 * hands its adjoints over to the part of the graph that is computed once per call.
 *
 * Roles: a `const` node depends on nothing, a `param` node on parameters only, a `row`
 * node on a data column. Const and param nodes are *hoisted*: computed once, outside the
 * loop over rows. A node is *active* when it depends on a parameter through operands
 * whose derivative is not identically zero (not through a comparison or a condition), so
 * that the reverse pass reaches it from the root. A *boundary* is an
 * active hoisted node whose parent is a row node (or the root, if the root is hoisted):
 * the loop accumulates its adjoint, and its derivatives with respect to the parameters
 * are computed once, by a reverse sweep over its own hoisted subtree.
 */
import type { Node } from './ast.js';
import { ExprError, columnOf } from './errors.js';
import { CONSTANTS, operatorOf, type OperatorSpec } from './operators.js';
import { children, postOrder } from './walk.js';

/** Which identifiers are parameters (read from `p`) and which are data columns (`cols`). */
export interface KernelLayout {
  params: readonly string[];
  columns: readonly string[];
}

/** What a node's value depends on; see the module comment. */
export type Role = 'const' | 'param' | 'row';

/** One AST node of the plan, at its post-order index. */
export interface PlanNode {
  readonly node: Node;
  /** Post-order indices of its operands, left to right. */
  readonly kids: readonly number[];
  /** Post-order index of its parent; -1 for the root. */
  parent: number;
  readonly role: Role;
  /** Depends on a parameter and is reached by the reverse pass; see the module comment. */
  active: boolean;
  /**
   * Below an operand that a selecting op (`?:`, min, max) may not choose: its adjoint can
   * be exactly zero, and must then stay zero whatever its own derivative is.
   */
  guarded: boolean;
  /** Index into layout.params for a parameter name, else -1. */
  readonly param: number;
  /** Index into layout.columns for a column name, else -1. */
  readonly column: number;
  /** The value of a number or of `pi`/`e`, else NaN. */
  readonly constant: number;
  /** The table entry of an operator or call; null for a leaf. */
  readonly op: OperatorSpec | null;
}

/** The whole analysis; see the module comment. */
export interface KernelPlan {
  /** In post-order: operands before the node, the root last. */
  readonly nodes: readonly PlanNode[];
  readonly root: number;
  /** Boundary nodes, in post-order. */
  readonly boundaries: readonly number[];
  /** For each boundary: the active nodes of its hoisted subtree, parents before operands. */
  readonly subtrees: ReadonlyMap<number, readonly number[]>;
  /** The indices into layout.columns that the expression reads. */
  readonly usedColumns: readonly number[];
  /** The number of parameters in the layout. */
  readonly paramCount: number;
}

/** A kernel layout that names an identifier twice. */
export class KernelLayoutError extends Error {
  override readonly name = 'KernelLayoutError';
}

const ROLE_RANK: Readonly<Record<Role, number>> = { const: 0, param: 1, row: 2 };

/** Analyses `root` for the layout. ExprError for a name that is neither a parameter nor a column. */
export function planKernel(root: Node, layout: KernelLayout, source: string): KernelPlan {
  const paramIndex = indexNames(layout.params, 'parameter');
  const columnIndex = indexNames(layout.columns, 'column');
  for (const name of paramIndex.keys()) {
    if (columnIndex.has(name)) {
      throw new KernelLayoutError(`'${name}' is both a parameter and a data column in the kernel layout; it must be one of them`);
    }
  }

  const nodes: PlanNode[] = [];
  const operandStack: number[] = [];
  for (const node of postOrder(root)) {
    const arity = children(node).length;
    if (operandStack.length < arity) throw new Error('compileKernel: malformed AST (an operator is missing an operand)');
    const kids = operandStack.splice(operandStack.length - arity, arity);
    const index = nodes.length;
    nodes.push(planNode(node, kids, nodes, paramIndex, columnIndex, source));
    for (const kid of kids) nodes[kid].parent = index;
    operandStack.push(index);
  }
  const rootIndex = nodes.length - 1;
  markReached(nodes, rootIndex);

  const boundaries: number[] = [];
  const owner = new Int32Array(nodes.length).fill(-1);
  const subtrees = new Map<number, number[]>();
  for (let k = rootIndex; k >= 0; k--) {
    const n = nodes[k];
    if (n.role === 'row' || !n.active) continue;
    const parent = n.parent;
    if (parent === -1 || nodes[parent].role === 'row') {
      owner[k] = k;
      subtrees.set(k, [k]);
    } else {
      owner[k] = owner[parent];
      subtrees.get(owner[k])?.push(k);
    }
  }
  for (let k = 0; k <= rootIndex; k++) if (owner[k] === k) boundaries.push(k);

  const usedColumns = [...new Set(nodes.filter((n) => n.column >= 0).map((n) => n.column))].sort((a, b) => a - b);
  return { nodes, root: rootIndex, boundaries, subtrees, usedColumns, paramCount: layout.params.length };
}

function planNode(
  node: Node,
  kids: number[],
  nodes: readonly PlanNode[],
  paramIndex: ReadonlyMap<string, number>,
  columnIndex: ReadonlyMap<string, number>,
  source: string,
): PlanNode {
  switch (node.kind) {
    case 'num':
      return makeNode(node, kids, 'const', false, -1, -1, node.value, null);
    case 'ident': {
      // (A parameter or column named like a constant is that: a fit model's parameter `e`.)
      const param = paramIndex.get(node.name);
      if (param !== undefined) return makeNode(node, kids, 'param', true, param, -1, Number.NaN, null);
      const column = columnIndex.get(node.name);
      if (column !== undefined) return makeNode(node, kids, 'row', false, -1, column, Number.NaN, null);
      const value = CONSTANTS.get(node.name);
      if (value !== undefined) return makeNode(node, kids, 'const', false, -1, -1, value, null);
      throw new ExprError(
        `unknown name '${node.name}' at column ${columnOf(node.span.start)}: it is neither a parameter nor a data column`,
        node.span,
        source,
      );
    }
    default: {
      const op = operatorOf(node);
      if (op === null || op.arity !== kids.length) {
        const what = node.kind === 'call' ? `a call to '${node.name}' with ${kids.length} argument(s)` : `a ${node.kind} node`;
        throw new ExprError(`cannot compile ${what}`, node.span, source);
      }
      let rank = 0;
      let active = false;
      kids.forEach((kid, position) => {
        rank = Math.max(rank, ROLE_RANK[nodes[kid].role]);
        active ||= nodes[kid].active && !op.constantIn.includes(position);
      });
      const role: Role = rank === 2 ? 'row' : rank === 1 ? 'param' : 'const';
      return makeNode(node, kids, role, active, -1, -1, Number.NaN, op);
    }
  }
}

/** Every PlanNode is made here, so all have one shape. */
function makeNode(
  node: Node,
  kids: readonly number[],
  role: Role,
  active: boolean,
  param: number,
  column: number,
  constant: number,
  op: OperatorSpec | null,
): PlanNode {
  return { node, kids, parent: -1, role, active, guarded: false, param, column, constant, op };
}

/**
 * Top down from the root: a node stays active only if the reverse pass reaches it, that is,
 * its parent is active and does not have a zero derivative in it (`constantIn`); and it is
 * guarded below a selecting parent or a guarded one.
 */
function markReached(nodes: PlanNode[], root: number): void {
  for (let k = root; k >= 0; k--) {
    const n = nodes[k];
    if (n.op === null) continue;
    n.kids.forEach((kid, position) => {
      const child = nodes[kid];
      child.active &&= n.active && !n.op!.constantIn.includes(position);
      child.guarded = n.guarded || n.op!.selects;
    });
  }
}

function indexNames(names: readonly string[], what: string): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (index.has(name)) throw new KernelLayoutError(`the ${what} '${name}' is listed twice in the kernel layout`);
    index.set(name, i);
  });
  return index;
}
