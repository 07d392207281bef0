#!/usr/bin/env node
// Issue 12's test set, run as a user would: every case of test/start-free/cases.json through the
// built CLI with no --start,
//   node bin/gradfit fit <csv> --model <model> -x <x> -y <y> --json
// and a Markdown table of the outcome against the brute-force optimum recorded in cases.json.
//   solved         exit 0 and RSS <= optimum*(1+1e-6) + 1e-300
//   wrong-success  exit 0 but RSS > 1.1*optimum: a wrong answer reported as right (the worst outcome)
// Usage: npm run build; node bench/start-free.mjs [--only NAME[,NAME...]] [--timeout SECONDS] [--jobs N]
//        (--jobs > 1 runs cases side by side: faster, but the times are then less clean)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = process.env.GRADFIT_BIN ?? join(ROOT, 'bin', 'gradfit');
const DIR = join(ROOT, 'test', 'start-free');

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
  return argv[i + 1];
};
const only = opt('--only', null)?.split(',');
const timeoutMs = Number(opt('--timeout', '60')) * 1000;
const jobs = Math.max(1, Number(opt('--jobs', '1')));

let cases = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8'));
if (only) {
  const unknown = only.filter((n) => !cases.some((c) => c.name === n));
  if (unknown.length) {
    console.error(`start-free: no case named ${unknown.join(', ')}`);
    process.exit(2);
  }
  cases = cases.filter((c) => only.includes(c.name));
}

function run(c) {
  const args = [BIN, 'fit', join(DIR, c.file), '--model', c.model, '-x', c.x, '-y', c.y, '--json'];
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.stdin.end();
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const stdout = Buffer.concat(out).toString('utf8');
      let doc = null;
      try {
        doc = JSON.parse(stdout);
      } catch {
        doc = null;
      }
      resolve({ code, signal, ms, doc, stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function judge(c, r) {
  const rss = r.doc?.stats?.rss;
  const has = typeof rss === 'number' && Number.isFinite(rss);
  const ratio = has ? rss / c.rss : null;
  const solved = r.code === 0 && has && rss <= c.rss * (1 + 1e-6) + 1e-300;
  const wrong = r.code === 0 && (!has || rss > 1.1 * c.rss);
  return { rss, ratio, solved, wrong };
}

const results = new Array(cases.length);
let next = 0;
async function worker() {
  while (next < cases.length) {
    const i = next++;
    results[i] = await run(cases[i]);
    const c = cases[i];
    const j = judge(c, results[i]);
    process.stderr.write(`${c.name}: exit ${results[i].signal ?? results[i].code}${j.solved ? ' solved' : ''}${j.wrong ? ' WRONG-SUCCESS' : ''}\n`);
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, cases.length) }, worker));

const fmtRatio = (x) => (x === null ? '-' : x < 1e6 ? x.toPrecision(7) : x.toExponential(2));
const rows = [];
let solved = 0;
let wrong = 0;
let timedOut = 0;
const byCode = {};
for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  const r = results[i];
  const j = judge(c, r);
  const code = r.signal ? `killed (${r.signal}, > ${timeoutMs / 1000} s)` : String(r.code);
  if (r.signal) timedOut++;
  byCode[code] = (byCode[code] ?? 0) + 1;
  if (j.solved) solved++;
  if (j.wrong) wrong++;
  const starts = r.doc?.search?.starts ?? '-';
  const name = c.needs ? `${c.name} (needs ${c.needs})` : c.name;
  rows.push(`| ${name} | ${j.solved ? 'yes' : 'no'} | ${j.wrong ? '**yes**' : ''} | ${code} | ${fmtRatio(j.ratio)} | ${starts} | ${Math.round(r.ms)} |`);
}
console.log('| case | solved | wrong-success | exit | RSS / optimum | starts | ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log();
const codes = Object.entries(byCode).map(([k, v]) => `exit ${k}: ${v}`).join(', ');
console.log(`**${solved} of ${cases.length} solved; ${wrong} wrong-success** (${codes}${timedOut ? `; ${timedOut} timed out` : ''}).`);
