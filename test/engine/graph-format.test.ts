/** formatGraphTree and formatGraphDot: the graph the engine built, for people and for Graphviz. */
import { describe, expect, it } from 'vitest';
import { add, column, constant, mul, pow, scalar, sum, type Tensor } from '../../src/engine/index.js';
import { formatGraphDot, formatGraphTree } from '../../src/report/graph.js';

function classicExample() {
  const x = scalar(4, { requiresGrad: true, label: 'x' });
  const w = scalar(2, { requiresGrad: true, label: 'w' });
  const b = scalar(3, { requiresGrad: true, label: 'b' });
  return add(mul(w, x), b);
}

describe('formatGraphTree', () => {
  it('draws w*x+b after backward, with the leaves’ gradients', () => {
    const y = classicExample();
    y.backward();
    expect(formatGraphTree(y)).toBe(
      ['add = 11', '├─ mul = 8', '│  ├─ w = 2  (grad 4)', '│  └─ x = 4  (grad 2)', '└─ b = 3  (grad 1)'].join('\n'),
    );
  });

  it('shows no gradients before backward, and constants by their value', () => {
    const x = scalar(3, { label: 'x' });
    expect(formatGraphTree(pow(x, constant(2)))).toBe(['pow = 9', '├─ x = 3', '└─ 2'].join('\n'));
  });

  it('prints a node used twice once, then as a back-reference', () => {
    const x = scalar(3, { requiresGrad: true, label: 'x' });
    const y = add(mul(x, x), x);
    y.backward();
    expect(formatGraphTree(y)).toBe(
      [
        'add = 12',
        '├─ mul = 9',
        '│  ├─ x = 3  (grad 7)  [#1]',
        '│  └─ x  [#1, shown above]',
        '└─ x  [#1, shown above]',
      ].join('\n'),
    );
  });

  it('does not repeat a shared subtree', () => {
    const x = scalar(1, { label: 'x' });
    const u = add(x, constant(1));
    const tree = formatGraphTree(mul(u, u));
    expect(tree).toBe(['mul = 4', '├─ add = 2  [#1]', '│  ├─ x = 1', '│  └─ 1', '└─ add  [#1, shown above]'].join('\n'));
  });

  it('summarises columns and formats numbers with the given function', () => {
    const xs = column([1, 2, 3], { label: 'x', requiresGrad: true });
    const a = scalar(1 / 3, { label: 'a', requiresGrad: true });
    const y = sum(mul(a, xs));
    y.backward();
    expect(formatGraphTree(y, (v) => v.toFixed(2))).toBe(
      ['sum = 2.00', '└─ mul = [3 values]', '   ├─ a = 0.33  (grad 6.00)', '   └─ x = [3 values]  (grad [3 values])'].join('\n'),
    );
  });

  it('handles a chain 100,000 ops deep, eliding below maxDepth', () => {
    const x = scalar(1, { label: 'x' });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = add(y, constant(1));
    const lines = formatGraphTree(y, String, { maxDepth: 50 }).split('\n');
    expect(lines.length).toBeLessThan(120);
    expect(lines.filter((line) => line.endsWith('└─ … (deeper than 50 levels, not shown)'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('└─ 1');
    expect(() => formatGraphTree(y)).not.toThrow();
  });
});

/** A minimal reader for the DOT subset formatGraphDot writes. */
function parseDot(dot: string) {
  const lines = dot.split('\n');
  expect(lines[0]).toMatch(/^digraph \w+ \{$/);
  expect(lines.at(-1)).toBe('}');
  const nodes = new Map<string, { label: string; shape: string }>();
  const edges: [string, string][] = [];
  for (const line of lines.slice(1, -1)) {
    const node = /^ {2}(n\d+) \[label="((?:[^"\\]|\\.)*)", shape=(\w+)\];$/.exec(line);
    const edge = /^ {2}(n\d+) -> (n\d+);$/.exec(line);
    if (node) nodes.set(node[1], { label: node[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)), shape: node[3] });
    else if (edge) edges.push([edge[1], edge[2]]);
    else expect(line).toMatch(/^ {2}(ordering="in"|node \[fontname="Helvetica"\]);$/);
  }
  for (const [from, to] of edges) {
    expect(nodes.has(from)).toBe(true);
    expect(nodes.has(to)).toBe(true);
  }
  return { nodes, edges };
}

describe('formatGraphDot', () => {
  it('writes w*x+b as a digraph: one node per tensor, edges from inputs to outputs', () => {
    const y = classicExample();
    y.backward();
    const { nodes, edges } = parseDot(formatGraphDot(y));
    const byLabel = new Map([...nodes].map(([id, n]) => [n.label, id]));
    expect([...byLabel.keys()].sort()).toEqual(['add = 11', 'b = 3\ngrad 1', 'mul = 8', 'w = 2\ngrad 4', 'x = 4\ngrad 2']);
    const id = (label: string) => byLabel.get(label)!;
    expect(edges).toEqual([
      [id('w = 2\ngrad 4'), id('mul = 8')],
      [id('x = 4\ngrad 2'), id('mul = 8')],
      [id('mul = 8'), id('add = 11')],
      [id('b = 3\ngrad 1'), id('add = 11')],
    ]);
    expect(nodes.get(id('w = 2\ngrad 4'))!.shape).toBe('box');
    expect(nodes.get(id('add = 11'))!.shape).toBe('ellipse');
  });

  it('draws one edge per use of a shared node and a constant as plain text', () => {
    const x = scalar(3, { label: 'x' });
    const { nodes, edges } = parseDot(formatGraphDot(add(mul(x, x), constant(2))));
    expect(nodes.size).toBe(4);
    expect(edges).toHaveLength(4);
    expect([...nodes.values()].find((n) => n.label === '2')!.shape).toBe('plaintext');
  });

  it('escapes quotes, backslashes and newlines in labels', () => {
    const odd = 'say "hi"\\now\nnext';
    const { nodes } = parseDot(formatGraphDot(scalar(1, { label: odd })));
    expect([...nodes.values()][0].label).toBe(`${odd} = 1`);
  });
});
