// A cheap start-free audit: seeded synthetic data of common models (MATLAB's curve-fitting library
// and others); each fit with no start against gradfit's own fit from the true parameters.
// usage: [SEED=777] [PER=5] [FAMS=sin3,...] [GF=bin/gradfit] node truth-start.mjs  (writes <fam><k>.csv here)
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
// (The repository's bin/gradfit, three folders up from this script.)
const GF = process.env.GF ?? new URL(`${'../'.repeat(3)}bin/gradfit`, import.meta.url).pathname;
let s = Number(process.env.SEED ?? 777); const r = () => { s = (s * 16807) % 2147483647; return s / 2147483647; }; const g = () => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
const U = (a, b) => a + (b - a) * r();
const fams = {
  gauss3: () => { const p = { a1: U(1, 6), b1: U(1, 3), c1: U(0.3, 1), a2: U(1, 6), b2: U(4, 6), c2: U(0.3, 1), a3: U(1, 6), b3: U(7, 9), c3: U(0.3, 1) }; return { p, model: 'a1*exp(-((x-b1)/c1)^2) + a2*exp(-((x-b2)/c2)^2) + a3*exp(-((x-b3)/c3)^2)', f: (x) => p.a1*Math.exp(-(((x-p.b1)/p.c1)**2)) + p.a2*Math.exp(-(((x-p.b2)/p.c2)**2)) + p.a3*Math.exp(-(((x-p.b3)/p.c3)**2)), lo: 0, hi: 10, sd: 0.1 }; },
  sin3: () => { const p = { a1: U(1, 4), b1: U(0.3, 0.8), c1: U(0, 3), a2: U(0.5, 2), b2: U(1, 2.5), c2: U(0, 3), a3: U(0.3, 1.5), b3: U(3, 5), c3: U(0, 3) }; return { p, model: 'a1*sin(b1*x+c1) + a2*sin(b2*x+c2) + a3*sin(b3*x+c3)', f: (x) => p.a1*Math.sin(p.b1*x+p.c1) + p.a2*Math.sin(p.b2*x+p.c2) + p.a3*Math.sin(p.b3*x+p.c3), lo: 0, hi: 20, sd: 0.2 }; },
  fourier2: () => { const p = { a0: U(-1, 1), a1: U(-2, 2), b1: U(-2, 2), a2: U(-1, 1), b2: U(-1, 1), w: U(0.5, 2) }; return { p, model: 'a0 + a1*cos(x*w) + b1*sin(x*w) + a2*cos(2*x*w) + b2*sin(2*x*w)', f: (x) => p.a0 + p.a1*Math.cos(x*p.w) + p.b1*Math.sin(x*p.w) + p.a2*Math.cos(2*x*p.w) + p.b2*Math.sin(2*x*p.w), lo: 0, hi: 12, sd: 0.15 }; },
  exp2: () => { const p = { a: U(1, 5), b: -U(0.05, 0.4), c: U(1, 5), d: -U(0.8, 3) }; return { p, model: 'a*exp(b*x) + c*exp(d*x)', f: (x) => p.a*Math.exp(p.b*x) + p.c*Math.exp(p.d*x), lo: 0, hi: 10, sd: 0.02 }; },
  kww: () => { const p = { a: U(1, 10), tau: U(0.5, 5), beta: U(0.3, 0.9), c: U(-1, 1) }; return { p, model: 'a*exp(-(x/tau)^beta) + c', f: (x) => p.a*Math.exp(-((x/p.tau)**p.beta)) + p.c, lo: 0.01, hi: 20, sd: 0.03 }; },
  pl5: () => { const p = { a: U(0, 10), d: U(80, 120), c: U(0.5, 20), b: U(0.5, 3), g: U(0.3, 3) }; return { p, model: 'd + (a-d)/(1+(x/c)^b)^g', f: (x) => p.d + (p.a-p.d)/(1+(x/p.c)**p.b)**p.g, lo: 0.01, hi: 100, sd: 1.5, log: true }; },
  gammavar: () => { const p = { a: U(1, 5), k: U(1, 4), th: U(0.5, 3) }; return { p, model: 'a*x^k*exp(-x/th)', f: (x) => p.a*x**p.k*Math.exp(-x/p.th), lo: 0.05, hi: 20, sd: 0.05 }; },
  seg: () => { const p = { a: U(-2, 2), b: U(-1, 1), c: U(-2, 2), t: U(3, 7) }; return { p, model: 'a + b*x + c*(x > t)*(x - t)', f: (x) => p.a + p.b*x + p.c*(x > p.t)*(x - p.t), lo: 0, hi: 10, sd: 0.15 }; },
  inhib: () => { const p = { V: U(5, 20), K: U(0.5, 5), Ki: U(10, 50) }; return { p, model: 'V*x/(K + x*(1 + x/Ki))', f: (x) => p.V*x/(p.K + x*(1 + x/p.Ki)), lo: 0.1, hi: 80, sd: 0.15 }; },
  gomp: () => { const p = { a: U(5, 50), b: U(1, 8), k: U(0.1, 1) }; return { p, model: 'a*exp(-b*exp(-k*x))', f: (x) => p.a*Math.exp(-p.b*Math.exp(-p.k*x)), lo: 0, hi: 20, sd: 0.5 }; },
  lorentz2: () => { const p = { a1: U(2, 8), m1: U(2, 4.5), g1: U(0.2, 1), a2: U(2, 8), m2: U(5.5, 8), g2: U(0.2, 1), c: U(-1, 1) }; return { p, model: 'a1/(1+((x-m1)/g1)^2) + a2/(1+((x-m2)/g2)^2) + c', f: (x) => p.a1/(1+((x-p.m1)/p.g1)**2) + p.a2/(1+((x-p.m2)/p.g2)**2) + p.c, lo: 0, hi: 10, sd: 0.1 }; },
  weib: () => { const p = { a: U(5, 20), l: U(2, 10), k: U(0.7, 4) }; return { p, model: 'a*(1-exp(-(x/l)^k))', f: (x) => p.a*(1-Math.exp(-((x/p.l)**p.k))), lo: 0.1, hi: 25, sd: 0.3 }; },
};
const only = process.env.FAMS ? process.env.FAMS.split(',') : Object.keys(fams);
const per = Number(process.env.PER ?? 6);
for (const name of only) for (let k = 0; k < per; k++) {
  const c = fams[name](); const n = Math.floor(U(25, 200));
  const rows = ['x,y'];
  for (let i = 0; i < n; i++) { const x = c.log ? Math.exp(Math.log(c.lo) + (Math.log(c.hi) - Math.log(c.lo)) * r()) : U(c.lo, c.hi); rows.push(`${x},${c.f(x) + c.sd * g()}`); }
  const file = `${name}${k}.csv`; writeFileSync(file, rows.join('\n') + '\n');
  const run = (extra) => { const p = spawnSync(GF, ['fit', file, '--model', c.model, '--json', ...extra], { encoding: 'utf8' }); let j = null; try { j = JSON.parse(p.stdout); } catch {} return { code: p.status, rss: j?.stats?.rss ?? NaN, err: (p.stderr.split('\n').find((l) => l.includes('error')) ?? '').slice(0, 160) }; };
  const free = run([]);
  const truth = run(['--start', Object.entries(c.p).map(([k, v]) => `${k}=${v}`).join(',')]);
  const ref = Number.isFinite(truth.rss) ? truth.rss : NaN;
  const rel = (free.rss - ref) / ref;
  const verdict = free.code === 0 ? (!(rel > 1e-6) ? 'ok' : 'WRONG') : (Number.isFinite(free.rss) && !(rel > 1e-6) ? 'refused-good' : 'refused');
  console.log(verdict.padEnd(12), free.code, file.padEnd(14), 'n', n, 'rel', Number.isFinite(rel) ? rel.toExponential(2) : rel, 'truth-fit', truth.code, free.err);
}
