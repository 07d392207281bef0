/**
 * Issue 12, "fits that find the answer without a start": every case of test/start-free/cases.json
 * (model families as users write them, and real data sets with published fits) through the CLI
 * with no --start. Each must exit 0 and reach the brute-force optimum recorded in cases.json
 * (scripts/start-free/reference.py): RSS within 1e-6 relative, and every parameter within 1e-4
 * relative or 1e-6 of the parameter's scale (cases.json `scales`), after both are put in the
 * canonical form of the model's symmetries (`equiv`: a sine's phase modulo 2π, the two peaks of a
 * sum in either order, the sign of a width that is squared, ...).
 * Cases marked `needs` (a function gradfit does not have yet) are skipped until it does.
 * The cases run two at a time (two cores) before the assertions.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradfit, gradfitAsync, type Run } from '../cli/run.js';

interface Rule {
  positive?: string;
  negate?: string[];
  swap?: [string, string][];
  shift?: Record<string, number>;
  periodic?: Record<string, number>;
  order?: string[][];
  by?: number;
  descending?: boolean;
}

interface Case {
  name: string;
  family: string;
  file: string;
  model: string;
  x: string;
  y: string;
  params: Record<string, number>;
  rss: number;
  nextBestRss: number | null;
  needs?: string;
  equiv?: Rule[];
  scales: Record<string, number>;
}

const DIR = new URL('../start-free/', import.meta.url);
const CASES: Case[] = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8'));

/** Whether gradfit has what a case needs (a quick probe of the function). */
const PROBES: Record<string, string[]> = { erf: ['grad', 'erf(x)', '--at', 'x=1'] };
const supported = new Map<string, boolean>();
function has(need: string | undefined): boolean {
  if (!need) return true;
  if (!supported.has(need)) supported.set(need, gradfit(PROBES[need] ?? ['grad', `${need}(x)`, '--at', 'x=1']).code === 0);
  return supported.get(need)!;
}

/** The parameters in the canonical form of the case's symmetries (as reference.py's canonical()). */
function canonical(p: Record<string, number>, rules: Rule[] = []): Record<string, number> {
  const v = { ...p };
  for (const r of rules) {
    if (r.positive !== undefined) {
      if (v[r.positive] < 0) {
        v[r.positive] = -v[r.positive];
        for (const q of r.negate ?? []) v[q] = -v[q];
        for (const [a, b] of r.swap ?? []) [v[a], v[b]] = [v[b], v[a]];
        for (const [q, c] of Object.entries(r.shift ?? {})) v[q] = v[q] + c;
      }
    } else if (r.periodic) {
      for (const [q, per] of Object.entries(r.periodic)) v[q] = ((v[q] % per) + per) % per;
    } else if (r.order) {
      const groups = r.order;
      const vals = groups.map((g) => g.map((q) => v[q]));
      vals.sort((s, t) => (r.descending ? t[r.by!] - s[r.by!] : s[r.by!] - t[r.by!]));
      groups.forEach((g, i) => g.forEach((q, j) => (v[q] = vals[i][j])));
    }
  }
  return v;
}

function periodOf(c: Case, name: string): number | undefined {
  for (const r of c.equiv ?? []) if (r.periodic && name in r.periodic) return r.periodic[name];
  return undefined;
}

/** Run `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

const runs = new Map<string, Run>();

describe('fits without a start reach the global optimum (issue 12)', () => {
  beforeAll(async () => {
    const todo = CASES.filter((c) => has(c.needs));
    const results = await pool(
      todo.map((c) => () => gradfitAsync(['fit', new URL(c.file, DIR).pathname, '--model', c.model, '-x', c.x, '-y', c.y, '--json'])),
      2,
    );
    todo.forEach((c, i) => runs.set(c.name, results[i]));
  }, 240_000);

  it('has the cases the issue asks for', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const c of CASES) expect(c.rss, c.name).toBeGreaterThan(0);
  });

  for (const c of CASES) {
    it.skipIf(!has(c.needs))(`${c.name} (${c.family}): ${c.model}`, () => {
      const r = runs.get(c.name)!;
      expect(r, `${c.name} did not run`).toBeDefined();
      let doc: any = null;
      try {
        doc = JSON.parse(r.stdout);
      } catch {
        doc = null;
      }
      const rss: number | undefined = doc?.stats?.rss;
      const what = `${c.name}: exit ${r.code}, RSS ${rss} vs optimum ${c.rss}; ${r.stderr.trim().slice(0, 300)}`;
      expect(r.code, what).toBe(0);
      expect(doc, what).not.toBeNull();
      expect(Math.abs(rss! - c.rss) / c.rss, what).toBeLessThanOrEqual(1e-6);
      const got = canonical(doc.params, c.equiv);
      for (const [name, want] of Object.entries(c.params)) {
        const g = got[name];
        expect(typeof g, `${c.name}: no parameter ${name}`).toBe('number');
        const period = periodOf(c, name);
        let diff = Math.abs(g! - want);
        if (period !== undefined) diff = Math.min(diff, period - diff);
        const tol = Math.max(1e-4 * Math.abs(want), 1e-6 * (c.scales[name] ?? 0));
        expect(diff, `${c.name}: ${name} = ${g}, optimum ${want}`).toBeLessThanOrEqual(tol);
      }
    });
  }
});
