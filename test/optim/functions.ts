/**
 * Classic test functions for unconstrained minimisation, as data: each with its analytic
 * gradient, a standard starting point, the minimum value f* and its minimiser(s) x*. `expr` is
 * the same function in gradfit's expression syntax (variables x1, x2, … or x, y), so the
 * minimize layer can run the same suite through parsed expressions; null where the language
 * cannot write it (a piecewise definition).
 *
 * Sources: Moré, Garbow and Hillstrom, "Testing unconstrained optimization software" (1981), and
 * the usual benchmark collections (Surjanovic and Bingham's Virtual Library of Simulation
 * Experiments; Jamil and Yang, 2013).
 */

export interface TestFunction {
  name: string;
  dim: number;
  /** Variable names, in order (as `expr` uses them). */
  vars: string[];
  expr: string | null;
  f: (x: Float64Array) => number;
  /** Writes ∇f(x) into g. */
  grad: (x: Float64Array, g: Float64Array) => void;
  start: number[];
  fStar: number;
  /** The minimiser; several when the function has several global minima (accept the nearest). */
  xStar: number[][];
  note?: string;
  /** The start is ours, not the literature's usual one (the README says why). */
  chosenStart?: boolean;
}

const sq = (v: number) => v * v;

/** Rosenbrock's valley in n dimensions (n even: the "extended" form, pairs of variables). */
function extendedRosenbrock(n: number): Pick<TestFunction, 'f' | 'grad' | 'expr'> {
  const vars = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const terms: string[] = [];
  for (let i = 0; i < n; i += 2) terms.push(`100*(${vars[i + 1]}-${vars[i]}^2)^2 + (1-${vars[i]})^2`);
  return {
    expr: terms.join(' + '),
    f: (x) => {
      let s = 0;
      for (let i = 0; i < n; i += 2) s += 100 * sq(x[i + 1] - x[i] ** 2) + sq(1 - x[i]);
      return s;
    },
    grad: (x, g) => {
      for (let i = 0; i < n; i += 2) {
        const t = x[i + 1] - x[i] ** 2;
        g[i] = -400 * x[i] * t - 2 * (1 - x[i]);
        g[i + 1] = 200 * t;
      }
    },
  };
}

/** Himmelblau's four global minima (f = 0). */
export const HIMMELBLAU_MINIMA: number[][] = [
  [3, 2],
  [-2.805118086952745, 3.131312518250573],
  [-3.779310253377747, -3.283185991286170],
  [3.584428340330492, -1.848126526964404],
];

export const TEST_FUNCTIONS: TestFunction[] = [
  {
    name: 'Notebook parabola',
    dim: 1,
    vars: ['x'],
    expr: '3*x^2+2*x-1.2',
    f: (x) => 3 * x[0] ** 2 + 2 * x[0] - 1.2,
    grad: (x, g) => {
      g[0] = 6 * x[0] + 2;
    },
    start: [0],
    fStar: -23 / 15,
    xStar: [[-1 / 3]],
  },
  {
    name: 'Rosenbrock',
    dim: 2,
    vars: ['x', 'y'],
    expr: '(1-x)^2 + 100*(y-x^2)^2',
    f: (x) => sq(1 - x[0]) + 100 * sq(x[1] - x[0] ** 2),
    grad: (x, g) => {
      g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2);
      g[1] = 200 * (x[1] - x[0] ** 2);
    },
    start: [-1.2, 1],
    fStar: 0,
    xStar: [[1, 1]],
  },
  {
    name: 'Beale',
    dim: 2,
    vars: ['x', 'y'],
    expr: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    f: ([x, y]) => sq(1.5 - x! + x! * y!) + sq(2.25 - x! + x! * y! ** 2) + sq(2.625 - x! + x! * y! ** 3),
    grad: ([x, y], g) => {
      const a = 1.5 - x! + x! * y!;
      const b = 2.25 - x! + x! * y! ** 2;
      const c = 2.625 - x! + x! * y! ** 3;
      g[0] = 2 * a * (y! - 1) + 2 * b * (y! ** 2 - 1) + 2 * c * (y! ** 3 - 1);
      g[1] = 2 * a * x! + 2 * b * 2 * x! * y! + 2 * c * 3 * x! * y! ** 2;
    },
    start: [1, 1],
    fStar: 0,
    xStar: [[3, 0.5]],
  },
  {
    name: 'Booth',
    dim: 2,
    vars: ['x', 'y'],
    expr: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
    f: ([x, y]) => sq(x! + 2 * y! - 7) + sq(2 * x! + y! - 5),
    grad: ([x, y], g) => {
      const a = x! + 2 * y! - 7;
      const b = 2 * x! + y! - 5;
      g[0] = 2 * a + 4 * b;
      g[1] = 4 * a + 2 * b;
    },
    start: [0, 0],
    fStar: 0,
    xStar: [[1, 3]],
  },
  {
    name: 'Himmelblau',
    dim: 2,
    vars: ['x', 'y'],
    expr: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    f: ([x, y]) => sq(x! ** 2 + y! - 11) + sq(x! + y! ** 2 - 7),
    grad: ([x, y], g) => {
      const a = x! ** 2 + y! - 11;
      const b = x! + y! ** 2 - 7;
      g[0] = 4 * x! * a + 2 * b;
      g[1] = 2 * a + 4 * y! * b;
    },
    start: [0, 0],
    fStar: 0,
    xStar: HIMMELBLAU_MINIMA,
    note: 'four global minima: any counts, the nearest is checked',
  },
  {
    name: 'Matyas',
    dim: 2,
    vars: ['x', 'y'],
    expr: '0.26*(x^2 + y^2) - 0.48*x*y',
    f: ([x, y]) => 0.26 * (x! ** 2 + y! ** 2) - 0.48 * x! * y!,
    grad: ([x, y], g) => {
      g[0] = 0.52 * x! - 0.48 * y!;
      g[1] = 0.52 * y! - 0.48 * x!;
    },
    start: [10, -7],
    fStar: 0,
    xStar: [[0, 0]],
  },
  {
    name: 'Three-hump camel',
    dim: 2,
    vars: ['x', 'y'],
    expr: '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2',
    f: ([x, y]) => 2 * x! ** 2 - 1.05 * x! ** 4 + x! ** 6 / 6 + x! * y! + y! ** 2,
    grad: ([x, y], g) => {
      g[0] = 4 * x! - 4.2 * x! ** 3 + x! ** 5 + y!;
      g[1] = x! + 2 * y!;
    },
    chosenStart: true,
    start: [0.5, -0.5],
    fStar: 0,
    xStar: [[0, 0]],
    note: 'two local minima beside the global one; the start is in the global basin',
  },
  {
    name: 'Goldstein–Price',
    dim: 2,
    vars: ['x', 'y'],
    expr: '(1 + (x+y+1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) * (30 + (2*x-3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
    f: ([x, y]) => {
      const a = 1 + sq(x! + y! + 1) * (19 - 14 * x! + 3 * x! ** 2 - 14 * y! + 6 * x! * y! + 3 * y! ** 2);
      const b = 30 + sq(2 * x! - 3 * y!) * (18 - 32 * x! + 12 * x! ** 2 + 48 * y! - 36 * x! * y! + 27 * y! ** 2);
      return a * b;
    },
    grad: ([x, y], g) => {
      const s = x! + y! + 1;
      const p = 19 - 14 * x! + 3 * x! ** 2 - 14 * y! + 6 * x! * y! + 3 * y! ** 2;
      const t = 2 * x! - 3 * y!;
      const q = 18 - 32 * x! + 12 * x! ** 2 + 48 * y! - 36 * x! * y! + 27 * y! ** 2;
      const a = 1 + s * s * p;
      const b = 30 + t * t * q;
      const ax = 2 * s * p + s * s * (-14 + 6 * x! + 6 * y!);
      const ay = 2 * s * p + s * s * (-14 + 6 * x! + 6 * y!);
      const bx = 4 * t * q + t * t * (-32 + 24 * x! - 36 * y!);
      const by = -6 * t * q + t * t * (48 - 36 * x! + 54 * y!);
      g[0] = ax * b + a * bx;
      g[1] = ay * b + a * by;
    },
    chosenStart: true,
    start: [0, -0.5],
    fStar: 3,
    xStar: [[0, -1]],
    note: 'several local minima (f = 30, 84, 840); from (0, -0.5) it reaches the global minimum (0, -1)',
  },
  {
    name: 'McCormick',
    dim: 2,
    vars: ['x', 'y'],
    expr: 'sin(x + y) + (x - y)^2 - 1.5*x + 2.5*y + 1',
    f: ([x, y]) => Math.sin(x! + y!) + sq(x! - y!) - 1.5 * x! + 2.5 * y! + 1,
    grad: ([x, y], g) => {
      const c = Math.cos(x! + y!);
      g[0] = c + 2 * (x! - y!) - 1.5;
      g[1] = c - 2 * (x! - y!) + 2.5;
    },
    start: [0, 0],
    // Stationary where cos(x + y) = −1/2 and x − y = 1; the global minimum has x + y = −2π/3.
    fStar: Math.sin((-2 * Math.PI) / 3) + 1 - 1.5 * (0.5 - Math.PI / 3) + 2.5 * (-0.5 - Math.PI / 3) + 1,
    xStar: [[0.5 - Math.PI / 3, -0.5 - Math.PI / 3]],
  },
  {
    name: 'Powell singular',
    dim: 4,
    vars: ['x1', 'x2', 'x3', 'x4'],
    expr: '(x1 + 10*x2)^2 + 5*(x3 - x4)^2 + (x2 - 2*x3)^4 + 10*(x1 - x4)^4',
    f: ([a, b, c, d]) => sq(a! + 10 * b!) + 5 * sq(c! - d!) + (b! - 2 * c!) ** 4 + 10 * (a! - d!) ** 4,
    grad: ([a, b, c, d], g) => {
      const t1 = a! + 10 * b!;
      const t2 = c! - d!;
      const t3 = b! - 2 * c!;
      const t4 = a! - d!;
      g[0] = 2 * t1 + 40 * t4 ** 3;
      g[1] = 20 * t1 + 4 * t3 ** 3;
      g[2] = 10 * t2 - 8 * t3 ** 3;
      g[3] = -10 * t2 - 40 * t4 ** 3;
    },
    start: [3, -1, 0, 1],
    fStar: 0,
    xStar: [[0, 0, 0, 0]],
    note: 'singular Hessian at the minimum: convergence is only linear there',
  },
  {
    name: 'Wood',
    dim: 4,
    vars: ['x1', 'x2', 'x3', 'x4'],
    expr: '100*(x2 - x1^2)^2 + (1 - x1)^2 + 90*(x4 - x3^2)^2 + (1 - x3)^2 + 10.1*((x2 - 1)^2 + (x4 - 1)^2) + 19.8*(x2 - 1)*(x4 - 1)',
    f: ([a, b, c, d]) =>
      100 * sq(b! - a! ** 2) + sq(1 - a!) + 90 * sq(d! - c! ** 2) + sq(1 - c!) + 10.1 * (sq(b! - 1) + sq(d! - 1)) + 19.8 * (b! - 1) * (d! - 1),
    grad: ([a, b, c, d], g) => {
      g[0] = -400 * a! * (b! - a! ** 2) - 2 * (1 - a!);
      g[1] = 200 * (b! - a! ** 2) + 20.2 * (b! - 1) + 19.8 * (d! - 1);
      g[2] = -360 * c! * (d! - c! ** 2) - 2 * (1 - c!);
      g[3] = 180 * (d! - c! ** 2) + 20.2 * (d! - 1) + 19.8 * (b! - 1);
    },
    start: [-3, -1, -3, -1],
    fStar: 0,
    xStar: [[1, 1, 1, 1]],
  },
  {
    name: 'Sphere 6-D',
    dim: 6,
    vars: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
    expr: 'x1^2 + x2^2 + x3^2 + x4^2 + x5^2 + x6^2',
    f: (x) => x.reduce((s, v) => s + v * v, 0),
    grad: (x, g) => x.forEach((v, i) => (g[i] = 2 * v)),
    start: [1, 2, 3, -1, -2, -3],
    fStar: 0,
    xStar: [[0, 0, 0, 0, 0, 0]],
  },
  {
    name: 'Zakharov 4-D',
    dim: 4,
    vars: ['x1', 'x2', 'x3', 'x4'],
    expr: 'x1^2 + x2^2 + x3^2 + x4^2 + (0.5*x1 + x2 + 1.5*x3 + 2*x4)^2 + (0.5*x1 + x2 + 1.5*x3 + 2*x4)^4',
    f: (x) => {
      let s1 = 0;
      let s2 = 0;
      x.forEach((v, i) => {
        s1 += v * v;
        s2 += 0.5 * (i + 1) * v;
      });
      return s1 + s2 ** 2 + s2 ** 4;
    },
    grad: (x, g) => {
      let s2 = 0;
      x.forEach((v, i) => (s2 += 0.5 * (i + 1) * v));
      x.forEach((v, i) => (g[i] = 2 * v + (2 * s2 + 4 * s2 ** 3) * 0.5 * (i + 1)));
    },
    start: [1, 1, 1, 1],
    fStar: 0,
    xStar: [[0, 0, 0, 0]],
  },
  {
    name: 'Extended Rosenbrock 6-D',
    dim: 6,
    vars: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
    ...extendedRosenbrock(6),
    start: [-1.2, 1, -1.2, 1, -1.2, 1],
    fStar: 0,
    xStar: [[1, 1, 1, 1, 1, 1]],
  },
  {
    name: 'Styblinski–Tang 2-D',
    dim: 2,
    vars: ['x1', 'x2'],
    expr: '(x1^4 - 16*x1^2 + 5*x1)/2 + (x2^4 - 16*x2^2 + 5*x2)/2',
    f: (x) => x.reduce((s, v) => s + (v ** 4 - 16 * v * v + 5 * v) / 2, 0),
    grad: (x, g) => x.forEach((v, i) => (g[i] = (4 * v ** 3 - 32 * v + 5) / 2)),
    chosenStart: true,
    start: [-3, -3],
    // The root of 4t³ − 32t + 5 = 0 near −2.9035.
    fStar: 2 * ((-2.903534027771178) ** 4 - 16 * (-2.903534027771178) ** 2 + 5 * -2.903534027771178) / 2,
    xStar: [[-2.903534027771178, -2.903534027771178]],
    note: 'one global and three local minima; the start is in the global basin',
  },
  {
    name: 'Freudenstein–Roth',
    dim: 2,
    vars: ['x1', 'x2'],
    expr: '(-13 + x1 + ((5 - x2)*x2 - 2)*x2)^2 + (-29 + x1 + ((x2 + 1)*x2 - 14)*x2)^2',
    f: ([a, b]) => sq(-13 + a! + ((5 - b!) * b! - 2) * b!) + sq(-29 + a! + ((b! + 1) * b! - 14) * b!),
    grad: ([a, b], g) => {
      const r1 = -13 + a! + ((5 - b!) * b! - 2) * b!;
      const r2 = -29 + a! + ((b! + 1) * b! - 14) * b!;
      g[0] = 2 * r1 + 2 * r2;
      g[1] = 2 * r1 * (10 * b! - 3 * b! ** 2 - 2) + 2 * r2 * (3 * b! ** 2 + 2 * b! - 14);
    },
    chosenStart: true,
    start: [6, 3],
    fStar: 0,
    xStar: [[5, 4]],
    note: 'the standard start (0.5, -2) leads to the local minimum f = 48.98 at (11.41, -0.8968); (6, 3) is in the global basin',
  },
  {
    name: 'Helical valley',
    dim: 3,
    vars: ['x1', 'x2', 'x3'],
    expr: null,
    f: ([a, b, c]) => {
      const theta = helixAngle(a!, b!);
      return 100 * (sq(c! - 10 * theta) + sq(Math.hypot(a!, b!) - 1)) + c! * c!;
    },
    grad: ([a, b, c], g) => {
      const theta = helixAngle(a!, b!);
      const rr = a! * a! + b! * b!;
      const r = Math.sqrt(rr);
      const u = c! - 10 * theta;
      const dtda = -b! / (2 * Math.PI * rr);
      const dtdb = a! / (2 * Math.PI * rr);
      g[0] = 100 * (2 * u * -10 * dtda + (2 * (r - 1) * a!) / r);
      g[1] = 100 * (2 * u * -10 * dtdb + (2 * (r - 1) * b!) / r);
      g[2] = 200 * u + 2 * c!;
    },
    start: [-1, 0, 0],
    fStar: 0,
    xStar: [[1, 0, 0]],
    note: 'θ is defined piecewise (atan(x2/x1)/2π, plus 1/2 for x1 < 0), which the expression language cannot write',
  },
  {
    name: 'Trid 6-D',
    dim: 6,
    vars: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
    expr: '(x1-1)^2 + (x2-1)^2 + (x3-1)^2 + (x4-1)^2 + (x5-1)^2 + (x6-1)^2 - x2*x1 - x3*x2 - x4*x3 - x5*x4 - x6*x5',
    f: (x) => {
      let s = 0;
      x.forEach((v, i) => {
        s += sq(v - 1);
        if (i > 0) s -= v * x[i - 1];
      });
      return s;
    },
    grad: (x, g) => {
      x.forEach((v, i) => (g[i] = 2 * (v - 1) - (i > 0 ? x[i - 1] : 0) - (i < x.length - 1 ? x[i + 1] : 0)));
    },
    start: [0, 0, 0, 0, 0, 0],
    fStar: -50,
    xStar: [[6, 10, 12, 12, 10, 6]],
  },
  {
    name: 'Dixon–Price 4-D',
    dim: 4,
    vars: ['x1', 'x2', 'x3', 'x4'],
    expr: '(x1 - 1)^2 + 2*(2*x2^2 - x1)^2 + 3*(2*x3^2 - x2)^2 + 4*(2*x4^2 - x3)^2',
    f: (x) => {
      let s = sq(x[0] - 1);
      for (let i = 1; i < x.length; i++) s += (i + 1) * sq(2 * x[i] ** 2 - x[i - 1]);
      return s;
    },
    grad: (x, g) => {
      g.fill(0);
      g[0] = 2 * (x[0] - 1);
      for (let i = 1; i < x.length; i++) {
        const t = 2 * x[i] ** 2 - x[i - 1];
        g[i] = g[i] + (i + 1) * 2 * t * 4 * x[i];
        g[i - 1] = g[i - 1] - (i + 1) * 2 * t;
      }
    },
    start: [1, 1, 1, 1],
    fStar: 0,
    // x_i = 2^(−(2^i − 2)/2^i), i = 1..4; the signs of x2..x4 are free.
    xStar: [Array.from({ length: 4 }, (_, i) => 2 ** (-(2 ** (i + 1) - 2) / 2 ** (i + 1)))],
  },
  {
    name: 'Brown badly scaled',
    dim: 2,
    vars: ['x1', 'x2'],
    expr: '(x1 - 1e6)^2 + (x2 - 2e-6)^2 + (x1*x2 - 2)^2',
    f: ([a, b]) => sq(a! - 1e6) + sq(b! - 2e-6) + sq(a! * b! - 2),
    grad: ([a, b], g) => {
      g[0] = 2 * (a! - 1e6) + 2 * (a! * b! - 2) * b!;
      g[1] = 2 * (b! - 2e-6) + 2 * (a! * b! - 2) * a!;
    },
    start: [1, 1],
    fStar: 0,
    xStar: [[1e6, 2e-6]],
    note: 'variables twelve orders of magnitude apart',
  },
  {
    name: 'Bohachevsky 1',
    dim: 2,
    vars: ['x', 'y'],
    expr: 'x^2 + 2*y^2 - 0.3*cos(3*pi*x) - 0.4*cos(4*pi*y) + 0.7',
    f: ([x, y]) => x! ** 2 + 2 * y! ** 2 - 0.3 * Math.cos(3 * Math.PI * x!) - 0.4 * Math.cos(4 * Math.PI * y!) + 0.7,
    grad: ([x, y], g) => {
      g[0] = 2 * x! + 0.9 * Math.PI * Math.sin(3 * Math.PI * x!);
      g[1] = 4 * y! + 1.6 * Math.PI * Math.sin(4 * Math.PI * y!);
    },
    chosenStart: true,
    start: [0.1, -0.1],
    fStar: 0,
    xStar: [[0, 0]],
    note: 'many local minima; the start is in the global basin',
  },
];

/** The helical valley's angle: atan(x2/x1)/2π, plus 1/2 when x1 < 0 (Moré, Garbow, Hillstrom). */
function helixAngle(a: number, b: number): number {
  if (a > 0) return Math.atan(b / a) / (2 * Math.PI);
  if (a < 0) return Math.atan(b / a) / (2 * Math.PI) + 0.5;
  return b >= 0 ? 0.25 : -0.25;
}
