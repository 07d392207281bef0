/**
 * Classic test functions for `gradfit minimize`, written as gradfit expressions, with their
 * starting points and known minima. The benchmark runs each one through the same path as the
 * CLI (parse → fused kernel → optimiser), so what it measures is what a user gets.
 *
 * Minima are exact or closed-form where one exists; a function with several global minima lists
 * them all, and the location error is taken to the nearest.
 */

/** One test problem: an expression, where to start, and where its minimum is. */
export interface TestFunction {
  name: string;
  expr: string;
  /** Starting point, by variable name. */
  start: Record<string, number>;
  /** Where the start comes from: the literature's usual point, or one we chose. */
  startNote: 'usual' | 'chosen';
  /** The minimum value. */
  fStar: number;
  /** Every point where fStar is attained, by variable name. */
  xStar: Record<string, number>[];
}

/** Σ_{i=1}^{n-1} 100·(x_{i+1} − x_i²)² + (1 − x_i)², the chained Rosenbrock function. */
function rosenbrockChain(n: number): string {
  const terms: string[] = [];
  for (let i = 1; i < n; i++) terms.push(`100*(x${i + 1}-x${i}^2)^2 + (1-x${i})^2`);
  return terms.join(' + ');
}

/** Σ (x_i − 1)² − Σ x_i·x_{i−1} in n variables (Trid): minimum −n(n+4)(n−1)/6 at x_i = i(n+1−i). */
function trid(n: number): string {
  const squares = Array.from({ length: n }, (_, i) => `(x${i + 1}-1)^2`);
  const products = Array.from({ length: n - 1 }, (_, i) => `x${i + 2}*x${i + 1}`);
  return `${squares.join(' + ')} - (${products.join(' + ')})`;
}

/** Σ x_i² + s² + s⁴ with s = Σ 0.5·i·x_i (Zakharov): minimum 0 at the origin. */
function zakharov(n: number): string {
  const squares = Array.from({ length: n }, (_, i) => `x${i + 1}^2`).join(' + ');
  const s = Array.from({ length: n }, (_, i) => `${0.5 * (i + 1)}*x${i + 1}`).join(' + ');
  return `${squares} + (${s})^2 + (${s})^4`;
}

/** {x1: v[0], x2: v[1], …} */
function indexed(values: readonly number[]): Record<string, number> {
  return Object.fromEntries(values.map((v, i) => [`x${i + 1}`, v]));
}

const MCCORMICK_X = 0.5 - Math.PI / 3;

/** The problems of the benchmark, 1 to 6 variables. */
export const TEST_FUNCTIONS: readonly TestFunction[] = [
  {
    name: 'quadratic (CLI example)',
    expr: '3*x^2+2*x-1.2',
    start: { x: 0 },
    startNote: 'usual',
    fStar: -23 / 15,
    xStar: [{ x: -1 / 3 }],
  },
  {
    name: 'Rosenbrock',
    expr: '(1-x)^2 + 100*(y-x^2)^2',
    start: { x: -1.2, y: 1 },
    startNote: 'usual',
    fStar: 0,
    xStar: [{ x: 1, y: 1 }],
  },
  {
    name: 'Beale',
    expr: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    start: { x: 1, y: 1 },
    startNote: 'usual',
    fStar: 0,
    xStar: [{ x: 3, y: 0.5 }],
  },
  {
    name: 'Booth',
    expr: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
    start: { x: 0, y: 0 },
    startNote: 'chosen',
    fStar: 0,
    xStar: [{ x: 1, y: 3 }],
  },
  {
    name: 'Himmelblau',
    expr: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    start: { x: 0, y: 0 },
    startNote: 'chosen',
    fStar: 0,
    xStar: [
      { x: 3, y: 2 },
      { x: -2.805118086952745, y: 3.131312518250573 },
      { x: -3.779310253377747, y: -3.2831859912861696 },
      { x: 3.5844283403304917, y: -1.8481265269644034 },
    ],
  },
  {
    name: 'Matyas',
    expr: '0.26*(x^2 + y^2) - 0.48*x*y',
    start: { x: 1, y: 10 },
    startNote: 'chosen',
    fStar: 0,
    xStar: [{ x: 0, y: 0 }],
  },
  {
    name: 'three-hump camel',
    expr: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
    start: { x: 0.5, y: 1 },
    startNote: 'chosen',
    fStar: 0,
    xStar: [{ x: 0, y: 0 }],
  },
  {
    name: 'Goldstein–Price',
    expr:
      '(1 + (x + y + 1)^2 * (19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))' +
      ' * (30 + (2*x - 3*y)^2 * (18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    start: { x: 0.5, y: -0.5 },
    startNote: 'chosen',
    fStar: 3,
    xStar: [{ x: 0, y: -1 }],
  },
  {
    name: 'McCormick',
    expr: 'sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1',
    start: { x: 0, y: 0 },
    startNote: 'chosen',
    fStar: -Math.sqrt(3) / 2 - Math.PI / 3,
    xStar: [{ x: MCCORMICK_X, y: MCCORMICK_X - 1 }],
  },
  {
    name: 'Branin',
    expr: '(y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10',
    start: { x: 0, y: 0 },
    startNote: 'chosen',
    fStar: 5 / (4 * Math.PI),
    xStar: [
      { x: -Math.PI, y: 12.275 },
      { x: Math.PI, y: 2.275 },
      { x: 3 * Math.PI, y: 2.475 },
    ],
  },
  {
    name: 'Brown badly scaled',
    expr: '(x - 1e6)^2 + (y - 2e-6)^2 + (x*y - 2)^2',
    start: { x: 1, y: 1 },
    startNote: 'usual',
    fStar: 0,
    xStar: [{ x: 1e6, y: 2e-6 }],
  },
  {
    name: 'Powell singular',
    expr: '(x1 + 10*x2)^2 + 5*(x3 - x4)^2 + (x2 - 2*x3)^4 + 10*(x1 - x4)^4',
    start: indexed([3, -1, 0, 1]),
    startNote: 'usual',
    fStar: 0,
    xStar: [indexed([0, 0, 0, 0])],
  },
  {
    name: 'Wood',
    expr:
      '100*(x2 - x1^2)^2 + (1 - x1)^2 + 90*(x4 - x3^2)^2 + (1 - x3)^2' +
      ' + 10.1*((x2 - 1)^2 + (x4 - 1)^2) + 19.8*(x2 - 1)*(x4 - 1)',
    start: indexed([-3, -1, -3, -1]),
    startNote: 'usual',
    fStar: 0,
    xStar: [indexed([1, 1, 1, 1])],
  },
  {
    name: 'Zakharov (4 variables)',
    expr: zakharov(4),
    start: indexed([1, 1, 1, 1]),
    startNote: 'chosen',
    fStar: 0,
    xStar: [indexed([0, 0, 0, 0])],
  },
  {
    name: 'Rosenbrock (6 variables)',
    expr: rosenbrockChain(6),
    start: indexed([-1.2, 1, -1.2, 1, -1.2, 1]),
    startNote: 'usual',
    fStar: 0,
    xStar: [indexed([1, 1, 1, 1, 1, 1])],
  },
  {
    name: 'Trid (6 variables)',
    expr: trid(6),
    start: indexed([0, 0, 0, 0, 0, 0]),
    startNote: 'chosen',
    fStar: -50,
    xStar: [indexed([6, 10, 12, 12, 10, 6])],
  },
];

/**
 * Distance to the nearest known minimiser, per coordinate relative to max(1, |x*_i|), the
 * largest over the coordinates.
 */
export function locationError(at: Record<string, number>, minima: readonly Record<string, number>[]): number {
  let best = Infinity;
  for (const star of minima) {
    let worst = 0;
    for (const [name, target] of Object.entries(star)) {
      const got = at[name];
      const err = got === undefined ? Infinity : Math.abs(got - target) / Math.max(1, Math.abs(target));
      worst = Math.max(worst, err);
    }
    best = Math.min(best, worst);
  }
  return best;
}
