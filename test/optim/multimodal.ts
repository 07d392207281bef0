/**
 * Multimodal test functions with known global minima, as gradfit expressions, for the global
 * search (`gradfit minimize --global`): each from a standard (or stated) start from which a local
 * method may end in a local minimum, with the known minimum value f*. `ranges` is the box given
 * with --range (the function's usual domain) where there is one; otherwise the search uses its
 * default box around the start.
 *
 * Sources: Moré, Garbow and Hillstrom (1981) for Freudenstein–Roth and the trigonometric function;
 * Surjanovic and Bingham's Virtual Library of Simulation Experiments and Jamil and Yang (2013) for
 * the rest.
 */
import { HIMMELBLAU_MINIMA } from './functions.js';

export interface MultimodalFunction {
  name: string;
  vars: string[];
  expr: string;
  start: number[];
  /** The global minimum value. */
  fStar: number;
  /** A global minimiser, when the minimum is at one known point (several: the nearest counts). */
  xStar?: number[][];
  /** --range for the search (the usual domain), if any. */
  ranges?: Record<string, [number, number]>;
  /** The minimum is a kink (not smooth): the value is found, but it cannot be certified by a vanishing gradient. */
  kink?: boolean;
  note?: string;
}

const vars = (n: number): string[] => Array.from({ length: n }, (_, i) => `x${i + 1}`);

/** Moré–Garbow–Hillstrom's trigonometric function of n variables, f* = 0, start x_j = 1/n. */
function trigonometric(n: number): MultimodalFunction {
  const v = vars(n);
  const sumCos = v.map((x) => `cos(${x})`).join(' + ');
  const terms = v.map((x, i) => `(${n} - (${sumCos}) + ${i + 1}*(1 - cos(${x})) - sin(${x}))^2`);
  return { name: `MGH trigonometric n=${n}`, vars: v, expr: terms.join(' + '), start: v.map(() => 1 / n), fStar: 0 };
}

function rastrigin(start: number[]): MultimodalFunction {
  const v = vars(start.length);
  return {
    name: `Rastrigin ${start.length}-D`,
    vars: v,
    expr: `${10 * start.length} + ${v.map((x) => `${x}^2 - 10*cos(2*pi*${x})`).join(' + ')}`,
    start,
    fStar: 0,
    xStar: [v.map(() => 0)],
  };
}

function levy(start: number[]): MultimodalFunction {
  const n = start.length;
  const v = vars(n);
  const w = (x: string) => `(1 + (${x} - 1)/4)`;
  const middle = v.slice(0, -1).map((x) => `(${w(x)} - 1)^2*(1 + 10*sin(pi*${w(x)} + 1)^2)`);
  const last = `(${w(v[n - 1])} - 1)^2*(1 + sin(2*pi*${w(v[n - 1])})^2)`;
  return {
    name: `Levy ${n}-D`,
    vars: v,
    expr: [`sin(pi*${w(v[0])})^2`, ...middle, last].join(' + '),
    start,
    fStar: 0,
    xStar: [v.map(() => 1)],
  };
}

function griewank(start: number[]): MultimodalFunction {
  const v = vars(start.length);
  return {
    name: `Griewank ${start.length}-D`,
    vars: v,
    expr: `1 + (${v.map((x) => `${x}^2`).join(' + ')})/4000 - ${v.map((x, i) => `cos(${x}/sqrt(${i + 1}))`).join('*')}`,
    start,
    fStar: 0,
    xStar: [v.map(() => 0)],
  };
}

export const MULTIMODAL_FUNCTIONS: MultimodalFunction[] = [
  {
    name: 'Freudenstein–Roth',
    vars: ['x1', 'x2'],
    expr: '(-13 + x1 + ((5 - x2)*x2 - 2)*x2)^2 + (-29 + x1 + ((x2 + 1)*x2 - 14)*x2)^2',
    start: [0.5, -2],
    fStar: 0,
    xStar: [[5, 4]],
    note: 'from (0.5, −2) a local method ends at the local minimum f = 48.98 near (11.41, −0.8968)',
  },
  trigonometric(2),
  trigonometric(3),
  trigonometric(4),
  trigonometric(5),
  trigonometric(6),
  rastrigin([3.3, -2.7]),
  rastrigin([3.3, -2.7, 1.6, -4.2, 2.4]),
  {
    name: 'Ackley 2-D',
    vars: ['x', 'y'],
    expr: '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
    start: [3.3, -2.7],
    fStar: 0,
    xStar: [[0, 0]],
    kink: true,
    note: 'the minimum is the tip of a cone (√(x² + y²)): found, but not certified as a smooth minimum',
  },
  {
    name: 'Himmelblau',
    vars: ['x', 'y'],
    expr: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    start: [-0.27, -0.92],
    fStar: 0,
    xStar: HIMMELBLAU_MINIMA,
    note: 'started next to its local maximum',
  },
  {
    name: 'Six-hump camel',
    vars: ['x', 'y'],
    expr: '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2',
    start: [1.5, -0.5],
    fStar: -1.0316284534898774,
    xStar: [
      [0.08984201310031806, -0.7126564030207396],
      [-0.08984201310031806, 0.7126564030207396],
    ],
    ranges: { x: [-3, 3], y: [-2, 2] },
  },
  {
    name: 'Branin',
    vars: ['x', 'y'],
    expr: '(y - 5.1/(4*pi^2)*x^2 + 5/pi*x - 6)^2 + 10*(1 - 1/(8*pi))*cos(x) + 10',
    start: [0, 0],
    fStar: 0.39788735772973816,
    xStar: [
      [-Math.PI, 12.275],
      [Math.PI, 2.275],
      [9.42477796076938, 2.475],
    ],
    ranges: { x: [-5, 10], y: [0, 15] },
  },
  {
    name: 'Goldstein–Price',
    vars: ['x', 'y'],
    expr: '(1 + (x+y+1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x-3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    start: [1, 1],
    fStar: 3,
    xStar: [[0, -1]],
    ranges: { x: [-2, 2], y: [-2, 2] },
  },
  levy([-4, 3, -2, 5]),
  {
    name: 'Styblinski–Tang 2-D',
    vars: ['x1', 'x2'],
    expr: '(x1^4 - 16*x1^2 + 5*x1)/2 + (x2^4 - 16*x2^2 + 5*x2)/2',
    start: [3, 3],
    fStar: -78.33233140754282,
    xStar: [[-2.903534027771178, -2.903534027771178]],
  },
  {
    name: 'Shubert',
    vars: ['x', 'y'],
    expr:
      '(cos(2*x + 1) + 2*cos(3*x + 2) + 3*cos(4*x + 3) + 4*cos(5*x + 4) + 5*cos(6*x + 5)) * ' +
      '(cos(2*y + 1) + 2*cos(3*y + 2) + 3*cos(4*y + 3) + 4*cos(5*y + 4) + 5*cos(6*y + 5))',
    start: [0.5, 0.5],
    fStar: -186.73090883102384,
    ranges: { x: [-10, 10], y: [-10, 10] },
    note: '18 global minima in the box; f* = max g · min g for g(t) = Σ j·cos((j+1)t + j)',
  },
  griewank([50, -30]),
  griewank([50, -30, 20, -10, 40]),
];
