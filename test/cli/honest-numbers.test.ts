/**
 * Issue 15, "honest numbers", end to end: never a wrong answer with exit 0. A fit that cannot be
 * trusted says so — exit 2 with one `gradfit: error: ...` line for input it cannot honour — and a
 * statistic that is undefined is null, not a made-up number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exactWeightedLine, stiffLine } from '../fit/exact-line.js';
import { expectNoCrash, expectOneError, gradfit, json, plain, removeScratch, scratch } from './run.js';
import { seededNoise } from '../fit/seeded-noise.js';

const csv = (columns: Record<string, ArrayLike<number | string>>): string => {
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  return `${names.join(',')}\n${Array.from({ length: n }, (_, i) => names.map((k) => String(columns[k][i])).join(',')).join('\n')}\n`;
};

const line15 = stiffLine(20, 1e-15, 37.3);
const line20 = stiffLine(20, 1e-20, 37.5);
const dir = scratch({
  'big.csv': 'x,y\n1,1.5e308\n2,1.6e308\n3,1.7e308\n4,1.75e308\n',
  'big3.csv': 'x,y\n1,1e308\n2,1.5e308\n3,1.7e308\n',
  'small3.csv': 'x,y\n1,1e8\n2,1.5e8\n3,1.7e8\n',
  'both-signs.csv': 'x,y\n1,-1.7e308\n2,0\n3,1.7e308\n',
  'huge-x.csv': 'x,y\n1e308,1\n-1.7e308,2\n1.7e308,3\n4,4\n',
  'stiff15.csv': csv({ x: line15.x, y: line15.y, s: line15.s }),
  'stiff20.csv': csv({ x: line20.x, y: line20.y, s: line20.s }),
  'line.csv': 'x,y\n0,1\n1,3\n2,5\n3,7.5\n',
  'constant.csv': 'x,y\n1,3\n2,3\n3,3\n4,3\n',
  'samex.csv': 'x,y\n1,3\n1,4\n1,3.5\n1,3.2\n',
  'decay.csv': 't,y,k\n0,5,1\n1,3.1,2\n2,2.2,3\n3,1.6,4\n4,1.4,5\n5,1.25,6\n',
  'subnormal.csv': 'x,y\n1e-320,1e-310\n2e-320,2.1e-310\n3e-320,2.9e-310\n4e-320,4.2e-310\n',
  'tiny.csv': 'x,y\n1e-300,1e-300\n2e-300,2.1e-300\n3e-300,2.9e-300\n4e-300,4.2e-300\n',
  'unit.csv': 'x,y\n1,1\n2,2.1\n3,2.9\n4,4.2\n',
  'inf-baseline.json': '{"params":{"a":1e999,"b":1}}',
  'nan-baseline.json': '{"params":{"a":"NaN","b":1}}',
});
afterAll(() => removeScratch(dir));
const run = (args: string[]) => gradfit(args, { cwd: dir });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('responses above 1.27e308', () => {
  it.each([['--degree', '1'], ['--model', 'a*x+b']])('fit %s %s: the right line (it was 0, with R² = 1 and exit 0)', (flag, value) => {
    const r = run(['fit', 'big.csv', flag, value, '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    const [slope, intercept] = Object.values(out.params) as number[];
    const [s, i] = flag === '--degree' ? [slope!, intercept!].reverse() : [slope!, intercept!];
    expect(rel(s!, 8.5e306)).toBeLessThan(1e-13);
    expect(rel(i!, 1.425e308)).toBeLessThan(1e-13);
    expect(out.rank).toBeNull();
    expect(out.stats.r2).toBeCloseTo(0.97966101694915, 10);
  });

  it('statistics beyond the range of doubles: the criteria from the scaled RSS, the RSS said to be out of range (it was inf, exit 0)', () => {
    const r = run(['fit', 'big3.csv', '--degree', '1', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    const out = json(r);
    const unit = json(run(['fit', 'small3.csv', '--degree', '1', '--json']));
    // The same data 1e300 times larger: log-likelihood, AIC and BIC move by n·log(1e300) and 2n·log(1e300).
    const shift = 2 * 3 * Math.log(1e300);
    expect(rel(out.stats.aic, unit.stats.aic + shift)).toBeLessThan(1e-12);
    expect(rel(out.stats.bic, unit.stats.bic + shift)).toBeLessThan(1e-12);
    expect(rel(out.stats.loglik, unit.stats.loglik - shift / 2)).toBeLessThan(1e-12);
    expect(out.stats.r2).toBeCloseTo(unit.stats.r2, 12);
    expect(rel(out.stats.rmse, unit.stats.rmse * 1e300)).toBeLessThan(1e-12);
    expect(out.stats.rss).toBeNull(); // 5e613: beyond the range of doubles, as documented
    // c0's interval: 7e307 − t·1.87e307 is −1.68e308, not −Infinity (t·se overflowed on the way).
    expect(rel(out.intervals.c0[0], unit.intervals.c0[0] * 1e300)).toBeLessThan(1e-12);
    expect(rel(out.intervals.c1[1], unit.intervals.c1[1] * 1e300)).toBeLessThan(1e-12);
    const text = plain(run(['fit', 'big3.csv', '--degree', '1']).stdout);
    expect(text).toMatch(/RSS +– \(beyond the range of double precision\)/);
    expect(text).toMatch(/reduced χ² +– \(beyond the range of double precision\)/);
    expect(text).not.toMatch(/\binf\b.*\binf\b|constant|NaN/);
  });

  it.each([
    ['a line whose intercept overflows (responses of both signs near the largest double)', ['both-signs.csv', '--degree', '1'], /the least-squares solution is beyond the range of double precision \(c0 comes out/],
    ['the same as a --model', ['both-signs.csv', '--model', 'a*x+b'], /the least-squares solution is beyond the range of double precision/],
    ['a weighted line that passes 1.8e308 at a data row', ['big3.csv', '--degree', '1', '--sigma', 'x'], /the fitted curve is Infinity at data row 3 \(x = 3\) against y = 1\.7e\+308.*rescale y \(other units/],
    ['x near the largest double in a model linear in its parameters (it was y = 0·x + 0, rank 0, exit 0)', ['huge-x.csv', '--model', 'a*x+b'], /the least-squares sums overflow on this data .*rescale the data \(other units\)/],
    ['x near the largest double in a line', ['huge-x.csv', '--degree', '1'], /the least-squares sums overflow on this data/],
  ])('%s: exit 2, never NaN parameters with exit 0', (_, args, message) => {
    for (const format of [[], ['--json']]) {
      const r = run(['fit', ...args, ...format]);
      expect(r.code, r.stderr).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/rescale (y|the data) \(other units/);
      expect(r.stdout).toBe('');
    }
  });

  it('a failed fit whose RSS is not a number does not call the response constant', () => {
    const r = run(['fit', 'big3.csv', '--degree', '1', '--method', 'lbfgs']);
    expectNoCrash(r);
    expect(r.code).toBe(3);
    expect(plain(r.stdout)).toMatch(/R² +–\n/);
    expect(plain(r.stdout)).not.toMatch(/constant/);
  });

  it('the descent methods are not fooled by the response scale: they fail (exit 3), never "converge" at the start', () => {
    // (With the residuals weighted by 2^-1023 their gradient was below any tolerance at once.)
    for (const args of [['--model', 'a*x+b', '--method', 'gd'], ['--degree', '1', '--method', 'adam']]) {
      const r = run(['fit', 'big.csv', ...args, '--json']);
      expectNoCrash(r);
      if (r.code === 0) {
        const p = json(r).params;
        expect(rel(p.a ?? p.c1, 8.5e306)).toBeLessThan(1e-6);
      } else expect(r.code).toBe(3);
    }
  });
});

describe('weights of very different sizes', () => {
  it('sigma 1e-15 beside sigma 1: the exact weighted line', () => {
    const exact = exactWeightedLine(line15.x, line15.y, line15.s);
    for (const args of [['--degree', '1'], ['--model', 'b + a*x']]) {
      const r = run(['fit', 'stiff15.csv', ...args, '--sigma', 's', '--json']);
      expect(r.code).toBe(0);
      const p = json(r).params;
      expect(rel(p.c1 ?? p.a, exact.slope)).toBeLessThan(1e-13);
      expect(rel(p.c0 ?? p.b, exact.intercept)).toBeLessThan(1e-13);
    }
  });

  it('sigma 1e-20 beside sigma 1: the exact line, or exit 2 saying that the weights cannot be honoured', () => {
    const exact = exactWeightedLine(line20.x, line20.y, line20.s);
    for (const args of [['--degree', '1'], ['--model', 'b + a*x'], ['--model', 'a*x + b*exp(0*x)']]) {
      const r = run(['fit', 'stiff20.csv', ...args, '--sigma', 's', '--json']);
      if (r.code === 0) {
        const p = json(r).params;
        expect(rel(p.c1 ?? p.a, exact.slope)).toBeLessThan(1e-13);
        expect(rel(p.c0 ?? p.b, exact.intercept)).toBeLessThan(1e-13);
      } else {
        expect(r.code).toBe(2);
        expectOneError(r);
        expect(r.stderr).toMatch(/weights cannot be honoured/);
      }
    }
  });
});

describe('baselines that are not finite numbers', () => {
  it.each(['inf-baseline.json', 'nan-baseline.json'])('--baseline %s is bad input: exit 2, one line', (file) => {
    const r = run(['fit', 'line.csv', '--model', 'a*x+b', '--baseline', file]);
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(/params\.a/);
  });
});

describe('R² and degrees of freedom', () => {
  it('R² of a constant response is null in JSON and shown as undefined in text; --min-r2 fails on it', () => {
    const r = run(['fit', 'constant.csv', '--degree', '1', '--json']);
    expect(r.code).toBe(0);
    expect(json(r).stats.r2).toBeNull();
    const text = run(['fit', 'constant.csv', '--degree', '1', '--no-color']);
    expect(plain(text.stdout)).toMatch(/R²\s+– \(undefined/);
    const check = run(['fit', 'constant.csv', '--degree', '1', '--min-r2', '0.5', '--json']);
    expect(check.code).toBe(1);
  });

  it('a rank-deficient fit has dof = n − rank, and its standard errors use it', () => {
    const r = run(['fit', 'samex.csv', '--degree', '1', '--json']);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.rank.rank).toBe(1);
    expect(out.stats.dof).toBe(3);
    // R: summary(lm(y ~ x)) with x constant: intercept 3.425, standard error 0.2174665, 3 df.
    expect(out.stderr.c0).toBeCloseTo(0.2174664725, 9);
    expect(out.stderr.c1).toBeNull();
  });
});

describe('identifiers taken as data columns', () => {
  it('a column named like a parameter is said on stderr, even with --json; stdout stays one JSON document', () => {
    const r = run(['fit', 'decay.csv', '--model', 'a*exp(-k*t)+c', '-x', 't', '--json']);
    expectNoCrash(r);
    expect(r.stderr).toContain('gradfit: data columns in the model: k, t (-x)\n');
    expect(Object.keys(json(r).params)).toEqual(['a', 'c']);
  });

  it('a model that reads only x says nothing (x is the default), and --quiet keeps it quiet', () => {
    expect(run(['fit', 'unit.csv', '--model', 'a*x+b']).stderr).toBe('');
    expect(run(['fit', 'decay.csv', '--model', 'a*exp(-k*t)+c', '-x', 't', '--quiet']).stderr).toBe('');
  });

  it("e in a model is a parameter (a fifth letter, drc's ED50), Euler's number only as the base of a power, and a model with both is refused", () => {
    const r = run(['fit', 'unit.csv', '--model', 'a*x+e', '--json']);
    expectNoCrash(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("gradfit: note: e in the model is a parameter (Euler's number only as the base of a power, as in e^x; exp(1) is the constant)\n");
    // The same line as a*x + b: e is fitted, and the fit is a*x + b's.
    const named = json(run(['fit', 'unit.csv', '--model', 'a*x+b', '--json'])).params;
    expect(json(r).params).toEqual({ a: named.a, e: named.b });
    // As the base of a power, e is Euler's number: a*e^(b*x) is a*exp(b*x), with no note.
    const power = run(['fit', 'unit.csv', '--model', 'a*e^(b*x)', '--json']);
    const exp = run(['fit', 'unit.csv', '--model', 'a*exp(b*x)', '--json']);
    expect(power.stderr).not.toMatch(/note/);
    for (const name of ['a', 'b']) expect(json(power).params[name]).toBeCloseTo(json(exp).params[name], 10);
    const mixed = run(['fit', 'unit.csv', '--model', 'a*e^(b*x)+e']);
    expect(mixed.code).toBe(2);
    expectOneError(mixed);
    expect(mixed.stderr).toContain("e in the model is both Euler's number (in e^(b*x)) and a parameter (in a*e^(b*x) + e)");
  });

  it('a saved model with the parameter e predicts with it, and --start and --fix name it', () => {
    expect(run(['fit', 'unit.csv', '--model', 'a*x+e', '--save', 'e-model.json', '--quiet']).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'e-model.json'), 'utf8'));
    const p = gradfit(['predict', 'e-model.json'], { cwd: dir, input: '10\n' });
    expect(p.code, p.stderr).toBe(0);
    expect(Number(p.stdout.trim().split('\n').at(-1)!.split(',')[1])).toBeCloseTo(10 * saved.params.a + saved.params.e, 12);
    const fixed = run(['fit', 'unit.csv', '--model', 'a*x+e', '--fix', 'e=0', '--json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(json(fixed).params.e).toBe(0);
  });
});

describe('tiny scales', () => {
  it.each([['--degree', '1'], ['--degree', '3'], ['--model', 'a*x+b'], ['--model', 'a*x+b*x^2']])(
    'subnormal data with %s %s: exit 2 and one clear line, no "Infinity" name',
    (flag, value) => {
      const r = run(['fit', 'subnormal.csv', flag, value]);
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(/subnormal/);
      expect(r.stderr).not.toMatch(/Infinity|not finite/);
    },
  );

  it('data near 1e-300 fit as the same data at unit scale', () => {
    const unit = json(run(['fit', 'unit.csv', '--degree', '1', '--json']));
    const tiny = json(run(['fit', 'tiny.csv', '--degree', '1', '--json']));
    expect(rel(tiny.params.c1, unit.params.c1)).toBeLessThan(1e-13);
    expect(rel(tiny.params.c0 / 1e-300, unit.params.c0)).toBeLessThan(1e-12);
    expect(rel(tiny.stderr.c1, unit.stderr.c1)).toBeLessThan(1e-12);
    expect(rel(tiny.stderr.c0 / 1e-300, unit.stderr.c0)).toBeLessThan(1e-12);
  });
});

describe('a fit that ends in a valley going on to infinity', () => {
  // Straight lines with a little noise: a*log(x - c) + b tends to a line as c -> -infinity, and
  // may get closer to the data all the way (a valley), or have a shallow minimum at a finite c.
  const seeded = (seed: number) => {
    let state = seed * 7919;
    const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const xs = Array.from({ length: 50 }, (_, i) => 1 + 0.2 * i);
    return csv({ x: xs, y: xs.map((x) => (2 + 0.5 * x + 0.1 * (uniform() - 0.5)).toFixed(6)) });
  };
  const noise = [0.03, -0.05, 0.01, 0.06, -0.02, -0.04, 0.05, 0, -0.03, 0.02];
  const xs40 = Array.from({ length: 40 }, (_, i) => 1 + 0.25 * i);
  const lineDir = scratch({
    'rank2.csv': seeded(1),
    'shallow.csv': seeded(2),
    'fullrank.csv': csv({ x: xs40, y: xs40.map((x, i) => 2 + 0.5 * x + noise[i % 10]) }),
  });
  afterAll(() => removeScratch(lineDir));
  const fit = (file: string, model: string) => gradfit(['fit', file, '--model', model, '--json'], { cwd: lineDir });

  it.each([
    ['rank2.csv', 'LM stops at c ~ -3e7 with a Jacobian of rank 2'],
    ['fullrank.csv', 'LM stops at c ~ -1e7 with full rank and errors of millions of percent'],
  ])('a*log(x-c)+b on %s (%s): exit 3, the sum of squares no higher with c ten times as large', (file) => {
    const r = fit(file, 'a*log(x-c)+b');
    expectNoCrash(r);
    expect(r.code).toBe(3);
    const out = json(r);
    expect(out.failure.message).toMatch(/^the fit has no finite optimum: c = -\S+ can grow tenfold/);
    expect(Math.abs(out.params.c)).toBeGreaterThan(1e4);
  });

  it('a shallow minimum at a finite c (errors of 500%, the sum of squares rising tenfold out) stays exit 0', () => {
    const r = fit('shallow.csv', 'a*log(x-c)+b');
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.params.c).toBeLessThan(-100);
    expect(out.relStderr.c).toBeGreaterThan(1);
  });

  it('(a+b*x)/(1+c*x) on 20 rows of x in 1000-1100: a minimum that rises by only 1e-6 of its sum of squares tenfold out, far above rounding, stays exit 0', () => {
    // (scipy's least_squares reaches the same sum of squares, 1482490.99050673.)
    const dir = scratch({ 'rational.csv': 'x,y\n1065.2369111587989,-97033.011279086903\n1080.500292374538,-98800.72315604442\n1089.767760810855,-99725.218434555209\n1067.6689351831067,-97362.570890266725\n1038.3368880785517,-95292.581701402465\n1049.3023018731742,-96145.655592759911\n1039.2404664334779,-94777.530255884529\n1051.5325561042141,-95782.113736076935\n1004.5275193902445,-91664.300437586018\n1080.7940789736494,-98544.566425018071\n1023.4510201669824,-93009.365103497345\n1099.9176115065072,-100472.19956051745\n1004.8757710727168,-91151.531593021762\n1028.5801380088142,-93313.338880292795\n1005.3930702381656,-91468.574663321095\n1084.423103760874,-99156.13720207251\n1040.8473205419998,-95238.551803800758\n1097.4186193259256,-99687.348907481894\n1043.4947552225142,-95133.32395793646\n1006.0802712958056,-91763.320390772773\n' });
    try {
      const r = gradfit(['fit', 'rational.csv', '--model', '(a+b*x)/(1+c*x)', '--json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(json(r).stats.rss).toBeCloseTo(1482490.99050673, 2);
    } finally {
      removeScratch(dir);
    }
  });

  it('a symmetry (a*b*x + c: only the product counts) and a model with a true minimum stay exit 0', () => {
    const product = fit('rank2.csv', 'a*b*x + c');
    expect(product.code).toBe(0);
    expect(json(product).rank.unidentifiable.length).toBeGreaterThan(0);
    const log = fit('rank2.csv', 'a*log(x-c)');
    expect(log.code).toBe(0);
    expect(json(log).params.c).toBeGreaterThan(-10);
  });
});

describe('a start the search found where the model is not differentiable', () => {
  // Flat noisy data: the best logistic is a step (s -> 0) between two points, where the
  // derivative in m overflows; the failure says it is the search's point, not one the user gave.
  let state = 7919;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const xs = Array.from({ length: 60 }, (_, i) => i * 0.5);
  const flatDir = scratch({ 'flat.csv': csv({ x: xs, y: xs.map(() => (3 + 0.2 * (uniform() - 0.5)).toFixed(6)) }) });
  afterAll(() => removeScratch(flatDir));

  it('a fit failure (exit 3) that says so and what to do, with the point reported (it was exit 2, as if the input were wrong)', () => {
    const r = gradfit(['fit', 'flat.csv', '--model', 'a/(1+exp(-(x-m)/s))+c', '--json'], { cwd: flatDir });
    expectNoCrash(r);
    expect(r.code).toBe(3);
    expect(plain(r.stderr)).toMatch(/^gradfit: error: the model degenerates where the search's best fit lies: its derivative with respect to \w+ is not finite for data row \d+ \(a step or a spike sharpened until it overflows\)/);
    expect(json(r).failure.hint).toBe('fit the limit itself (a step), or keep the width away from 0 with --bounds');
    expect(Object.keys(json(r).params)).toEqual(['a', 'm', 's', 'c']);
  });
});

describe('a model with a peak more than its data hold (src/fit/unsupported-terms.ts)', () => {
  // Two Gaussians (5 high at 30, 3 high at 60) and an offset, in noise of 0.1, 200 rows over 0..100.
  const peaks = (seed: number) => {
    const e = seededNoise(200, 0.1, seed);
    const x = Array.from({ length: 200 }, (_, i) => (100 * i) / 199);
    return csv({ x, y: x.map((v, i) => 5 * Math.exp(-((v - 30) ** 2) / 18) + 3 * Math.exp(-((v - 60) ** 2) / 32) + 0.5 + e[i]) });
  };
  const three = 'a1*exp(-(x-m1)^2/(2*s1^2))+a2*exp(-(x-m2)^2/(2*s2^2))+a3*exp(-(x-m3)^2/(2*s3^2))+c';
  const files = scratch({ 'noise1.csv': peaks(1), 'noise3.csv': peaks(3) });
  afterAll(() => removeScratch(files));

  it.each([
    ['noise1.csv', /the data do not show the term of a\d \(with m\d, s\d\): a\d = \S+ ± \S+ (\(a blip on about \d+ rows at x = [\d.]+\) )?lowers the sum of squares by only [\d.]+ times the noise variance/],
    ['noise3.csv', /the data do not show the term of a\d \(with m\d(, s\d)?\): it has shrunk to a spike on (one row|about \d rows) at x = [\d.]+, which it fits alone/],
  ])('three peaks fitted to %s, which holds two: the spare one fits noise, exit 3 saying so (it was exit 0)', (file, message) => {
    const r = gradfit(['fit', file, '--model', three, '--json'], { cwd: files });
    expectNoCrash(r);
    expect(r.code).toBe(3);
    expect(plain(r.stderr)).toMatch(message);
    expect(plain(r.stderr)).toMatch(/fit a model with one term fewer/);
    // The parameters are still reported, with the failure.
    expect(Object.keys(json(r).params)).toHaveLength(10);
  });

  it('the same data with the two peaks it holds: exit 0', () => {
    const r = gradfit(['fit', 'noise1.csv', '--model', 'a1*exp(-(x-m1)^2/(2*s1^2))+a2*exp(-(x-m2)^2/(2*s2^2))+c', '--json'], { cwd: files });
    expect(r.code).toBe(0);
    const m = Object.entries(json(r).params).filter(([k]) => k.startsWith('m')).map(([, v]) => v as number).sort((a, b) => a - b);
    expect(m[0]).toBeCloseTo(30, 0);
    expect(m[1]).toBeCloseTo(60, 0);
  });
});

describe('a step the model can only approach (src/fit/solve-iterative.ts)', () => {
  // A river's yearly flow that drops from 1100 to 850 between 1898 and 1899 (as the Nile's did), noise of 130.
  const e = seededNoise(100, 130, 1);
  const years = Array.from({ length: 100 }, (_, i) => 1871 + i);
  const files = scratch({ 'flow.csv': csv({ year: years, flow: years.map((t, i) => Math.round((t < 1899 ? 1100 : 850) + e[i])) }) });
  afterAll(() => removeScratch(files));

  it('a logistic step fitted without a start sharpens between two rows until exp overflows: exit 3 saying so, with the levels (it was exit 2, an input error)', () => {
    const r = gradfit(['fit', 'flow.csv', '--model', 'a + b/(1+exp(-(year-t0)/s))', '-x', 'year', '-y', 'flow', '--json'], { cwd: files });
    expectNoCrash(r);
    expect(r.code).toBe(3);
    expect(plain(r.stderr)).toMatch(/the model degenerates where the search's best fit lies: its derivative with respect to \w+ is not finite for data row \d+/);
    const out = json(r);
    expect(out.failure.hint).toMatch(/--bounds/);
    // The levels before and after the step, and a place between the two years.
    expect(out.params.a).toBeGreaterThan(1000);
    expect(out.params.a).toBeLessThan(1200);
    expect(out.params.a + out.params.b).toBeGreaterThan(750);
    expect(out.params.a + out.params.b).toBeLessThan(950);
    expect(out.params.t0).toBeGreaterThan(1898);
    expect(out.params.t0).toBeLessThan(1899);
  });
});

describe('a term switched off (src/fit/judge.ts)', () => {
  // Two Arrhenius processes (an audit's data: scipy's optimum has RSS 1.656 with both terms, E1 =
  // 37 kJ/mol and E2 = 102 kJ/mol); the search ended with one term's E at 2e8, where
  // exp(-E/RT) is 0 on every row: the one-process fit, RSS 18.67, was reported at exit 0.
  const T = [321.260990849, 324.384021968, 332.348179664, 341.575977284, 372.483895098, 379.747933007, 396.488753355, 414.65308893, 431.460517809, 435.426398144, 436.417225153, 470.663870672, 471.141183037, 498.997923465, 499.406403801, 501.248424553, 504.474984898, 515.750650738, 518.470638619, 539.470213867, 539.639356689, 554.601377459, 559.463623478, 597.585638487, 607.644915559, 609.967858016, 621.540417881, 666.210533417, 674.922795894, 694.906519762, 697.853089884];
  const lnk = [6.74155108507, 6.9037239368, 7.2456175155, 7.70248002172, 9.08312119173, 8.69999702735, 9.18091960058, 9.78518352907, 10.9033760272, 10.4461068601, 10.6372463075, 11.2863341188, 11.736421539, 11.9248093513, 12.4287726838, 12.0304317886, 12.4321816026, 12.5848405767, 12.6312867342, 13.2444289567, 13.7590272932, 13.9274149616, 14.1166056187, 15.5504980726, 15.5656812964, 15.6245409561, 16.495691913, 17.6988826524, 17.8481276985, 17.6935077271, 17.9772535816];
  const files = scratch({ 'rates.csv': csv({ x: T, y: lnk }) });
  afterAll(() => removeScratch(files));

  it('log(A1*exp(-E1/(R*T)) + A2*exp(-E2/(R*T))) with one term at 0 on every row: exit 3 saying so, not the one-process fit at exit 0', () => {
    const r = gradfit(['fit', 'rates.csv', '--model', 'log(A1*exp(-E1/(8.314*x))+A2*exp(-E2/(8.314*x)))', '--json'], { cwd: files });
    expectNoCrash(r);
    // (A search that found the two-process optimum would be right too; this one does not.)
    expect(r.code).toBe(3);
    expect(plain(r.stderr)).toMatch(/the fit has switched a term off: at \w+ = \S+ the model does not change with \w+ \(its derivative is 0 on every row/);
  });

  it('the same data with ln A (exp(a1 - E1/(R*T))): the two-process optimum, exit 0', () => {
    const r = gradfit(['fit', 'rates.csv', '--model', 'log(exp(a1-E1/(8.314*x))+exp(a2-E2/(8.314*x)))', '--json'], { cwd: files });
    expect(r.code).toBe(0);
    expect(json(r).stats.rss).toBeCloseTo(1.656, 2);
  });
});
