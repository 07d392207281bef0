/** Hand-made results for the report tests: the seed parabola fit and a small minimisation. */
import type { FitResult } from '../../src/fit/result.js';
import type { GradResult, MinimizeResult } from '../../src/minimize/result.js';
import type { PlotData } from '../../src/report/plot-data.js';

/** The certified least-squares fit of test/reference-data/seed_parabola.csv (degree 2). */
export function parabolaFit(overrides: Partial<FitResult> = {}): FitResult {
  return {
    command: 'fit',
    model: 'c0 + c1*x + c2*x^2',
    method: 'lm',
    params: { c0: -0.6188997451031735, c1: 1.1712774901993916, c2: -0.5419991319281394 },
    stderr: { c0: 0.20162042874075528, c1: 0.04710779865996047, c2: 0.012729161847241769 },
    relStderr: { c0: 0.3257722, c1: 0.0402192, c2: 0.0234856 },
    correlation: null,
    stats: { n: 200, rss: 750.2426090491267, rmse: 1.9368613651, r2: 0.97091, dof: 197, chi2red: 3.80833 },
    iterations: 7,
    evaluations: 31,
    converged: true,
    reason: 'rss-reduction',
    message: 'the relative reduction of the RSS is at most 1e-15',
    rank: null,
    stderrNote: null,
    columns: { x: 'x', y: 'y', sigma: null, data: ['x'] },
    skipped: 0,
    history: [12000.5, 3000.25, 900, 760.1, 750.3, 750.2426090491267, 750.2426090491267, 750.2426090491267],
    checks: [],
    failure: null,
    warnings: [],
    ...overrides,
  };
}

export function rosenbrockMinimum(overrides: Partial<MinimizeResult> = {}): MinimizeResult {
  return {
    command: 'minimize',
    expr: '(1-x)^2 + 100*(y-x^2)^2',
    method: 'lbfgs',
    minimum: 0,
    at: { x: 1, y: 1 },
    gradient: { x: 0, y: 0 },
    gradNorm: 0,
    iterations: 35,
    evaluations: 44,
    converged: true,
    reason: 'gradient',
    message: 'gradient norm 0 <= tol 1e-10',
    history: [24.2, 4.73, 4.1, 3.2, 1.1, 0.2, 0.01, 1e-5, 1e-12, 0],
    checks: [],
    failure: null,
    ...overrides,
  };
}

export const wxb: GradResult = { command: 'grad', expr: 'w*x+b', value: 11, gradient: { x: 2, w: 4, b: 1 } };

/** Points on y = 2 + 0.5x − 0.3x² with a deterministic wobble, and the curve through them. */
export function parabolaPlotData(n = 40): PlotData {
  const model = (x: number): number => 2 + 0.5 * x - 0.3 * x * x;
  const x = Float64Array.from({ length: n }, (_, i) => -5 + (10 * ((i * 7) % n)) / (n - 1));
  const y = x.map((v, i) => model(v) + 0.4 * Math.sin(i * 1.7));
  const curveX = Float64Array.from({ length: 101 }, (_, i) => -5 + i / 10);
  return { x, y, curveX, curveY: curveX.map(model), xName: 'x', yName: 'y', fitted: x.map(model) };
}
