/**
 * The computational graph the engine built, as a text tree for the terminal or as
 * Graphviz DOT. Both walk the graph with explicit stacks, so deep graphs are safe.
 */
import { topoOrder, type Tensor } from '../engine/index.js';

/** Formats a number for display. */
export type NumberFormat = (v: number) => string;

/** Options of `formatGraphTree`. */
export interface GraphTreeOptions {
  /** Levels below the root to print; deeper parts are replaced by one "…" line. Default 200. */
  maxDepth?: number;
}

/**
 * A tree with box-drawing branches, the root first, one line per node: the op (a leaf's
 * label, a constant's value), its value, and a leaf's gradient when it has one. A node
 * used more than once gets a tag `[#k]` and later uses print as a back-reference.
 *
 *     add = 11
 *     ├─ mul = 8
 *     │  ├─ w = 2  (grad 4)
 *     │  └─ x = 4  (grad 2)
 *     └─ b = 3  (grad 1)
 */
export function formatGraphTree(root: Tensor, fmt: NumberFormat = String, options: GraphTreeOptions = {}): string {
  const maxDepth = options.maxDepth ?? 200;
  const shared = sharedNodes(root);
  const tags = new Map<Tensor, number>();
  const lines: string[] = [];
  interface Item {
    node: Tensor;
    /** Branch characters before this node's connector. */
    prefix: string;
    connector: string;
    /** Prefix of this node's children's lines. */
    childPrefix: string;
    depth: number;
  }
  const stack: Item[] = [{ node: root, prefix: '', connector: '', childPrefix: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, prefix, connector, childPrefix, depth } = stack.pop()!;
    const lead = prefix + connector;
    const tag = tags.get(node);
    if (tag !== undefined) {
      lines.push(`${lead}${nodeName(node, fmt)}  [#${tag}, shown above]`);
      continue;
    }
    let text = describeNode(node, fmt);
    if (shared.has(node)) {
      const newTag = tags.size + 1;
      tags.set(node, newTag);
      text += `  [#${newTag}]`;
    }
    lines.push(lead + text);
    const inputs = node.inputs;
    if (inputs.length === 0) continue;
    if (depth >= maxDepth) {
      lines.push(`${childPrefix}└─ … (deeper than ${maxDepth} levels, not shown)`);
      continue;
    }
    for (let k = inputs.length - 1; k >= 0; k--) {
      const last = k === inputs.length - 1;
      stack.push({
        node: inputs[k],
        prefix: childPrefix,
        connector: last ? '└─ ' : '├─ ',
        childPrefix: childPrefix + (last ? '   ' : '│  '),
        depth: depth + 1,
      });
    }
  }
  return lines.join('\n');
}

/**
 * The graph in Graphviz DOT: one node per tensor (leaves as boxes, constants as plain
 * text), one edge per use, from input to output, in argument order.
 */
export function formatGraphDot(root: Tensor, fmt: NumberFormat = String): string {
  const order = topoOrder(root);
  const ids = new Map<Tensor, string>();
  const lines = ['digraph gradfit {', '  ordering="in";', '  node [fontname="Helvetica"];'];
  order.forEach((node, index) => {
    const id = `n${index}`;
    ids.set(node, id);
    const labelLines = [nodeName(node, fmt) + (node.op === 'const' ? '' : ` = ${formatValues(node.data, node.isScalar, fmt)}`)];
    if (node.op === 'leaf' && node.grad !== null) labelLines.push(`grad ${formatValues(node.grad, node.isScalar, fmt)}`);
    const label = labelLines.map(escapeDot).join('\\n');
    lines.push(`  ${id} [label="${label}", shape=${nodeShape(node)}];`);
  });
  for (const node of order) {
    for (const input of node.inputs) lines.push(`  ${ids.get(input)} -> ${ids.get(node)};`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Nodes that are an input more than once (to one op or to several). */
function sharedNodes(root: Tensor): Set<Tensor> {
  const uses = new Map<Tensor, number>();
  const shared = new Set<Tensor>();
  for (const node of topoOrder(root)) {
    for (const input of node.inputs) {
      const count = (uses.get(input) ?? 0) + 1;
      uses.set(input, count);
      if (count === 2) shared.add(input);
    }
  }
  return shared;
}

/** What a node is called: a leaf's label, a constant's value, otherwise the op. */
function nodeName(node: Tensor, fmt: NumberFormat): string {
  if (node.op === 'leaf') return node.label ?? 'leaf';
  if (node.op === 'const') return fmt(node.data[0]);
  return node.label ?? node.op;
}

/** One tree line's text: name, value, and a leaf's gradient. */
function describeNode(node: Tensor, fmt: NumberFormat): string {
  if (node.op === 'const') return nodeName(node, fmt);
  let text = `${nodeName(node, fmt)} = ${formatValues(node.data, node.isScalar, fmt)}`;
  if (node.op === 'leaf' && node.grad !== null) text += `  (grad ${formatValues(node.grad, node.isScalar, fmt)})`;
  return text;
}

function formatValues(values: Float64Array, isScalar: boolean, fmt: NumberFormat): string {
  if (isScalar) return fmt(values[0]);
  return `[${values.length} ${values.length === 1 ? 'value' : 'values'}]`;
}

function nodeShape(node: Tensor): string {
  if (node.op === 'leaf') return 'box';
  if (node.op === 'const') return 'plaintext';
  return 'ellipse';
}

/** Escapes text for a double-quoted DOT string. */
function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}
