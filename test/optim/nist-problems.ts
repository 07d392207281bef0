/**
 * NIST StRD nonlinear regression problems with hand-written models and Jacobians, for testing
 * Levenberg–Marquardt. The lower-difficulty ones read their data and certified values from
 * test/reference-data/nist; the average and higher ones (MGH09, BoxBOD, Eckerle4, Rat42, Rat43,
 * MGH10, MGH17, Thurber) are typed in from the NIST StRD pages. Their certified values reproduce
 * to 7 or more digits with this data, which a typing error would not survive.
 */
import { nistCase, nistData } from '../linalg/nist-data.js';

/** A model y = f(x; b) with its gradient ∂f/∂b_k written into `grad`. */
export type Model = (x: number, b: Float64Array, grad: Float64Array) => number;

export interface NistProblem {
  name: string;
  difficulty: 'lower' | 'average' | 'higher';
  x: Float64Array;
  y: Float64Array;
  model: Model;
  starts: [number[], number[]];
  certified: number[];
  certifiedSd: number[];
  certifiedRss: number;
}

const misra1a: Model = (x, b, g) => {
  const e = Math.exp(-b[1] * x);
  g[0] = 1 - e;
  g[1] = b[0] * x * e;
  return b[0] * (1 - e);
};

const chwirut: Model = (x, b, g) => {
  const e = Math.exp(-b[0] * x);
  const d = b[1] + b[2] * x;
  g[0] = (-x * e) / d;
  g[1] = -e / (d * d);
  g[2] = (-x * e) / (d * d);
  return e / d;
};

/** Lanczos1, 2 and 3: b1·exp(−b2·x) + b3·exp(−b4·x) + b5·exp(−b6·x). */
export const lanczos: Model = (x, b, g) => {
  let f = 0;
  for (let k = 0; k < 6; k += 2) {
    const e = Math.exp(-b[k + 1] * x);
    g[k] = e;
    g[k + 1] = -x * b[k] * e;
    f += b[k] * e;
  }
  return f;
};

const gauss: Model = (x, b, g) => {
  const e1 = Math.exp(-b[1] * x);
  const u = x - b[3];
  const v = x - b[6];
  const e2 = Math.exp(-(u * u) / (b[4] * b[4]));
  const e3 = Math.exp(-(v * v) / (b[7] * b[7]));
  g[0] = e1;
  g[1] = -x * b[0] * e1;
  g[2] = e2;
  g[3] = (b[2] * e2 * 2 * u) / (b[4] * b[4]);
  g[4] = (b[2] * e2 * 2 * u * u) / b[4] ** 3;
  g[5] = e3;
  g[6] = (b[5] * e3 * 2 * v) / (b[7] * b[7]);
  g[7] = (b[5] * e3 * 2 * v * v) / b[7] ** 3;
  return b[0] * e1 + b[2] * e2 + b[5] * e3;
};

const danWood: Model = (x, b, g) => {
  const p = x ** b[1];
  g[0] = p;
  g[1] = b[0] * p * Math.log(x);
  return b[0] * p;
};

const misra1b: Model = (x, b, g) => {
  const s = 1 + (b[1] * x) / 2;
  g[0] = 1 - s ** -2;
  g[1] = b[0] * x * s ** -3;
  return b[0] * (1 - s ** -2);
};

const mgh09: Model = (x, b, g) => {
  const num = x * x + x * b[1];
  const den = x * x + x * b[2] + b[3];
  g[0] = num / den;
  g[1] = (b[0] * x) / den;
  g[2] = (-b[0] * num * x) / (den * den);
  g[3] = (-b[0] * num) / (den * den);
  return (b[0] * num) / den;
};

const eckerle4: Model = (x, b, g) => {
  const u = (x - b[2]) / b[1];
  const e = Math.exp(-0.5 * u * u);
  g[0] = e / b[1];
  g[1] = ((b[0] * e) / (b[1] * b[1])) * (u * u - 1);
  g[2] = ((b[0] / b[1]) * e * u) / b[1];
  return (b[0] / b[1]) * e;
};

const rat42: Model = (x, b, g) => {
  const e = Math.exp(b[1] - b[2] * x);
  const d = 1 + e;
  g[0] = 1 / d;
  g[1] = (-b[0] * e) / (d * d);
  g[2] = (b[0] * x * e) / (d * d);
  return b[0] / d;
};

const rat43: Model = (x, b, g) => {
  const e = Math.exp(b[1] - b[2] * x);
  const d = 1 + e;
  const p = d ** (-1 / b[3]);
  g[0] = p;
  g[1] = (-b[0] * p * e) / (b[3] * d);
  g[2] = (b[0] * p * e * x) / (b[3] * d);
  g[3] = (b[0] * p * Math.log(d)) / (b[3] * b[3]);
  return b[0] * p;
};

const mgh10: Model = (x, b, g) => {
  const s = x + b[2];
  const e = Math.exp(b[1] / s);
  g[0] = e;
  g[1] = (b[0] * e) / s;
  g[2] = (-b[0] * e * b[1]) / (s * s);
  return b[0] * e;
};

const mgh17: Model = (x, b, g) => {
  const e4 = Math.exp(-x * b[3]);
  const e5 = Math.exp(-x * b[4]);
  g[0] = 1;
  g[1] = e4;
  g[2] = e5;
  g[3] = -x * b[1] * e4;
  g[4] = -x * b[2] * e5;
  return b[0] + b[1] * e4 + b[2] * e5;
};

const thurber: Model = (x, b, g) => {
  const x2 = x * x;
  const x3 = x2 * x;
  const num = b[0] + b[1] * x + b[2] * x2 + b[3] * x3;
  const den = 1 + b[4] * x + b[5] * x2 + b[6] * x3;
  g[0] = 1 / den;
  g[1] = x / den;
  g[2] = x2 / den;
  g[3] = x3 / den;
  g[4] = (-num * x) / (den * den);
  g[5] = (-num * x2) / (den * den);
  g[6] = (-num * x3) / (den * den);
  return num / den;
};

/** A problem from the shared data folder: data, starts and certified values from cases.json. */
function fromShared(name: string, model: Model): NistProblem {
  const c = nistCase(name);
  const d = nistData(name);
  return {
    name,
    difficulty: c.difficulty as NistProblem['difficulty'],
    x: d.x!,
    y: d.y!,
    model,
    starts: [c.params.map((p) => c.start1![p]), c.params.map((p) => c.start2![p])],
    certified: c.params.map((p) => c.certified[p]),
    certifiedSd: c.params.map((p) => c.certified_sd[p]),
    certifiedRss: c.certified_rss,
  };
}

/** The lower-difficulty problems of test/reference-data/nist. */
export const SHARED_PROBLEMS: NistProblem[] = [
  fromShared('Misra1a', misra1a),
  fromShared('Chwirut2', chwirut),
  fromShared('Chwirut1', chwirut),
  fromShared('Lanczos3', lanczos),
  fromShared('Gauss1', gauss),
  fromShared('Gauss2', gauss),
  fromShared('DanWood', danWood),
  fromShared('Misra1b', misra1b),
];

const f64 = (v: number[]) => Float64Array.from(v);

/** Average and higher difficulty problems, typed in from NIST StRD. */
export const HARD_PROBLEMS: NistProblem[] = [
  {
    name: 'MGH09',
    difficulty: 'higher',
    x: f64([4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]),
    y: f64([0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]),
    model: mgh09,
    starts: [[25, 39, 41.5, 39], [0.25, 0.39, 0.415, 0.39]],
    certified: [1.9280693458e-1, 1.9128232873e-1, 1.2305650693e-1, 1.3606233068e-1],
    certifiedSd: [1.1435312227e-2, 1.9633220911e-1, 8.0842031232e-2, 9.0025542308e-2],
    certifiedRss: 3.0750560385e-4,
  },
  {
    name: 'BoxBOD',
    difficulty: 'higher',
    x: f64([1, 2, 3, 5, 7, 10]),
    y: f64([109, 149, 149, 191, 213, 224]),
    model: misra1a,
    starts: [[1, 1], [100, 0.75]],
    certified: [2.1380940889e2, 5.4723748542e-1],
    certifiedSd: [1.2354515176e1, 1.0455993237e-1],
    certifiedRss: 1.1680088766e3,
  },
  {
    name: 'Eckerle4',
    difficulty: 'higher',
    x: f64([
      400, 405, 410, 415, 420, 425, 430, 435, 436.5, 438, 439.5, 441, 442.5, 444, 445.5, 447, 448.5, 450, 451.5, 453, 454.5, 456,
      457.5, 459, 460.5, 462, 463.5, 465, 470, 475, 480, 485, 490, 495, 500,
    ]),
    y: f64([
      0.0001575, 0.0001699, 0.000235, 0.0003102, 0.0004917, 0.000871, 0.0017418, 0.00464, 0.0065895, 0.0097302, 0.0149002,
      0.023731, 0.0401683, 0.0712559, 0.1264458, 0.2073413, 0.2902366, 0.3445623, 0.3698049, 0.3668534, 0.3106727, 0.2078154,
      0.1164354, 0.0616764, 0.03372, 0.0194023, 0.0117831, 0.0074357, 0.0022732, 0.00088, 0.0004579, 0.0002345, 0.0001586,
      0.0001143, 0.000071,
    ]),
    model: eckerle4,
    starts: [[1, 10, 500], [1.5, 5, 450]],
    certified: [1.5543827178, 4.0888321754, 4.5154121844e2],
    certifiedSd: [1.5408051163e-2, 4.6803020753e-2, 4.6800518816e-2],
    certifiedRss: 1.4635887487e-3,
  },
  {
    name: 'Rat42',
    difficulty: 'higher',
    x: f64([9, 14, 21, 28, 42, 57, 63, 70, 79]),
    y: f64([8.93, 10.8, 18.59, 22.33, 39.35, 56.11, 61.73, 64.62, 67.08]),
    model: rat42,
    starts: [[100, 1, 0.1], [75, 2.5, 0.07]],
    certified: [7.2462237576e1, 2.6180768402, 6.7359200066e-2],
    certifiedSd: [1.7340283401, 8.8295217536e-2, 3.4465663377e-3],
    certifiedRss: 8.0565229338,
  },
  {
    name: 'Rat43',
    difficulty: 'higher',
    x: f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    y: f64([16.08, 33.83, 65.8, 97.2, 191.55, 326.2, 386.87, 520.53, 590.03, 651.92, 724.93, 699.56, 689.96, 637.56, 717.41]),
    model: rat43,
    starts: [[100, 10, 1, 1], [700, 5, 0.75, 1.3]],
    certified: [6.9964151270e2, 5.2771253025, 7.5962938329e-1, 1.2792483859],
    certifiedSd: [1.6302297817e1, 2.0828735829, 1.9566123451e-1, 6.8761936385e-1],
    certifiedRss: 8.786404908e3,
  },
  {
    name: 'MGH10',
    difficulty: 'higher',
    x: f64([50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 125]),
    y: f64([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]),
    model: mgh10,
    starts: [[2, 400000, 25000], [0.02, 4000, 250]],
    certified: [5.6096364710e-3, 6.1813463463e3, 3.4522363462e2],
    certifiedSd: [1.5687892471e-4, 2.3309021107e1, 7.8486103508e-1],
    certifiedRss: 8.7945855171e1,
  },
  {
    name: 'MGH17',
    difficulty: 'average',
    x: f64(Array.from({ length: 33 }, (_, i) => 10 * i)),
    y: f64([
      0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.58, 0.558,
      0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.42, 0.414, 0.411, 0.406,
    ]),
    model: mgh17,
    starts: [[50, 150, -100, 1, 2], [0.5, 1.5, -1, 0.01, 0.02]],
    certified: [3.7541005211e-1, 1.9358469127, -1.4646871366, 1.2867534640e-2, 2.2122699662e-2],
    certifiedSd: [2.0723153551e-3, 2.2031669222e-1, 2.2175707739e-1, 4.4861358114e-4, 8.9471996575e-4],
    certifiedRss: 5.4648946975e-5,
  },
  {
    name: 'Thurber',
    difficulty: 'higher',
    x: f64([
      -3.067, -2.981, -2.921, -2.912, -2.84, -2.797, -2.702, -2.699, -2.633, -2.481, -2.363, -2.322, -1.501, -1.46, -1.274, -1.212,
      -1.1, -1.046, -0.915, -0.714, -0.566, -0.545, -0.4, -0.309, -0.109, -0.103, 0.01, 0.119, 0.377, 0.79, 0.963, 1.006, 1.115,
      1.572, 1.841, 2.047, 2.2,
    ]),
    y: f64([
      80.574, 84.248, 87.264, 87.195, 89.076, 89.608, 89.868, 90.101, 92.405, 95.854, 100.696, 101.06, 401.672, 390.724, 567.534,
      635.316, 733.054, 759.087, 894.206, 990.785, 1090.109, 1080.914, 1122.643, 1178.351, 1260.531, 1273.514, 1288.339,
      1327.543, 1353.863, 1414.509, 1425.208, 1421.384, 1442.962, 1464.35, 1468.705, 1447.894, 1457.628,
    ]),
    model: thurber,
    starts: [[1000, 1000, 400, 40, 0.7, 0.3, 0.03], [1300, 1500, 500, 75, 1, 0.4, 0.05]],
    certified: [1.288139680e3, 1.4910792535e3, 5.8323836877e2, 7.5416644291e1, 9.6629502864e-1, 3.9797285797e-1, 4.9727297349e-2],
    certifiedSd: [4.6647963344, 3.9571156086e1, 2.8698696102e1, 5.5675370270, 3.1333340687e-2, 1.4984928198e-2, 6.5842344623e-3],
    certifiedRss: 5.6427082397e3,
  },
];

/** The least-squares problem of a NIST case: r_i = f(x_i; b) − y_i, J[i + k·m] = ∂f(x_i)/∂b_k. */
export function leastSquares(p: NistProblem) {
  const m = p.x.length;
  const n = p.certified.length;
  const grad = new Float64Array(n);
  return {
    m,
    n,
    evaluate(b: Float64Array, r: Float64Array, J: Float64Array | null) {
      for (let i = 0; i < m; i++) {
        r[i] = p.model(p.x[i], b, grad) - p.y[i];
        if (J) for (let k = 0; k < n; k++) J[i + k * m] = grad[k];
      }
    },
  };
}

/** The harder problems' models in gradfit's expression syntax, as a user writes them with --model. */
export const HARD_MODELS: Record<string, string> = {
  MGH09: 'b1*(x^2+x*b2) / (x^2+x*b3+b4)',
  BoxBOD: 'b1*(1-exp(-b2*x))',
  Eckerle4: '(b1/b2) * exp(-0.5*((x-b3)/b2)^2)',
  Rat42: 'b1 / (1+exp(b2-b3*x))',
  Rat43: 'b1 / ((1+exp(b2-b3*x))^(1/b4))',
  MGH10: 'b1 * exp(b2/(x+b3))',
  MGH17: 'b1 + b2*exp(-x*b4) + b3*exp(-x*b5)',
  Thurber: '(b1 + b2*x + b3*x^2 + b4*x^3) / (1 + b5*x + b6*x^2 + b7*x^3)',
};
