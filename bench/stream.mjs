/**
 * The streaming bench (issue 17): `cat FILE | gradfit fit --degree 3` and a model linear in its
 * parameters on a large seeded file, wall time and peak RSS, against reading by path.
 *
 * `benchStream({ rows })` returns { rows: [[target, measured, anchor, ratio, goal, verdict], ...],
 * notes: [...] } in bench/run.mjs's table shape. The data are generated in a fresh folder under
 * the temporary directory (~40 bytes a row: 100M rows ≈ 4 GB) and deleted afterwards, also when a
 * run fails. On its own: `node bench/stream.mjs [--rows N]` (default 100,000,000; build first).
 */
import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCsv } from './generate.mjs';
import { GNU_TIME, runTimed } from './measure.mjs';
import { sig } from './table.mjs';

/** The launcher measured: bin/gradfit (build first), or GRADFIT_BIN (e.g. a copy of a build, so that rebuilding meanwhile does not disturb a long run). */
const GRADFIT = process.env.GRADFIT_BIN ?? fileURLToPath(new URL('../bin/gradfit', import.meta.url));
const MB = 1024 * 1024;
/** Files by path over this size are streamed (src/cli/commands/fit-fold.ts STREAM_FILE_BYTES). */
const STREAM_FILE_BYTES = 1024 * MB;
/** The model linear in its parameters (not a polynomial) of the second row. */
export const LINEAR_MODEL = 'a + b*x + c*sin(x)';

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs of each command, interleaved: each side's throughput is its fastest. */
const ROUNDS = 2;

/** The fastest of some runs, with the largest peak RSS among them. */
function fastest(runs) {
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const rss = runs.map((r) => r.rssMb).filter((m) => m !== null);
  return { ...best, rssMb: rss.length > 0 ? Math.max(...rss) : null, all: runs.map((r) => r.ms) };
}

/** One whole-process run through sh (for the pipe), with peak RSS by GNU time (the largest of sh, cat and node). */
function timed(shell) {
  const r = runTimed('sh', ['-c', shell], { rss: true });
  return { ms: r.ms, rssMb: r.rssKb === null ? null : r.rssKb / 1024, stdout: r.stdout };
}

export async function benchStream({ rows = 100_000_000, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const out = [];
  const notes = [];
  const row = (target, measured, anchor, ratio, goal, verdict) => out.push([target, measured, anchor, ratio, goal, verdict]);
  const needed = rows * 42 * 1.15;
  const fs = statfsSync(tmpdir());
  if (fs.bavail * fs.bsize < needed + 2 * 1024 * MB) {
    row(`stream, ${rows} rows`, `skipped: ${sig((fs.bavail * fs.bsize) / MB / 1024)} GB free in ${tmpdir()}, ${sig(needed / MB / 1024)} GB needed`, '—', '—', '≤ 200 MB', 'SKIP');
    return { rows: out, notes };
  }
  if (!GNU_TIME) notes.push('GNU time (/usr/bin/time) is missing: no peak RSS figures.');
  const dir = mkdtempSync(join(tmpdir(), 'gradfit-stream-'));
  // Killed or interrupted: the gigabytes go too.
  const cleanUp = (signal) => {
    rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  process.once('SIGHUP', cleanUp);
  try {
    const big = join(dir, 'stream.csv');
    log(`stream bench: generating ${rows} rows in ${big}`);
    const gen = ensureCsv(big, 'cubic', rows);
    // The anchor is the issue's: the same file read by path (over 1 GiB, that is streamed too).
    // For information, a fit by path that keeps its columns in memory reads the first tenth of the
    // same rows (the same seed), in MB/s.
    const whole = gen.bytes <= STREAM_FILE_BYTES;
    const smallRows = whole ? rows : Math.round(rows / 10);
    const small = whole ? big : join(dir, 'path.csv');
    ensureCsv(small, 'cubic', smallRows);
    const smallBytes = statSync(small).size;
    const gf = `${quote(process.execPath)} ${quote(GRADFIT)}`;
    log(`stream bench: ${sig(gen.bytes / MB)} MB generated in ${sig(gen.ms / 1000)} s; running`);
    const path = timed(`${gf} fit ${quote(small)} --degree 3 --json > /dev/null`);
    const pathRate = smallBytes / MB / (path.ms / 1000);
    // Each pipe beside the same fit by path, in turn, ROUNDS times: single runs of the same command
    // here differ by up to a third (8.3 and 10.9 s back to back), so each side counts its fastest
    // run (and its largest peak RSS).
    const runs = { cubic: [], byPathStreamed: [], linear: [], byPathLinear: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.cubic.push(timed(`cat ${quote(big)} | ${gf} fit --degree 3 --json`));
      runs.byPathStreamed.push(timed(`${gf} fit ${quote(big)} --degree 3 --json > /dev/null`));
      runs.linear.push(timed(`cat ${quote(big)} | ${gf} fit --model ${quote(LINEAR_MODEL)} --json`));
      runs.byPathLinear.push(timed(`${gf} fit ${quote(big)} --model ${quote(LINEAR_MODEL)} --json > /dev/null`));
    }
    const [cubic, byPathStreamed, linear, byPathLinear] = [runs.cubic, runs.byPathStreamed, runs.linear, runs.byPathLinear].map(fastest);
    const rate = (ms) => gen.bytes / MB / (ms / 1000);
    const byPathName = whole ? 'by path, columns kept' : 'the same file by path (streamed)';
    const rssText = (r) => (r.rssMb === null ? 'n/a' : `${sig(r.rssMb)} MB`);
    const rssVerdict = (r) => (r.rssMb === null ? '—' : r.rssMb <= 200 ? 'PASS' : 'FAIL');
    const label = `${sig(rows / 1e6)}M rows, ${sig(gen.bytes / MB / 1024)} GB`;
    for (const [name, r, anchor] of [
      ['`cat FILE | gradfit fit --degree 3 --json`', cubic, byPathStreamed],
      [`\`cat FILE | gradfit fit --model "${LINEAR_MODEL}" --json\``, linear, byPathLinear],
    ]) {
      row(`${name}, ${label}: peak RSS`, rssText(r), 'limit 200 MB', r.rssMb === null ? '—' : sig(r.rssMb / 200), '≤ 1', rssVerdict(r));
      const anchorRate = rate(anchor.ms);
      row(`same, throughput (wall ${sig(r.ms / 1000)} s)`, `${sig(rate(r.ms))} MB/s`, `${byPathName}: ${sig(anchorRate)} MB/s (${sig(anchor.ms / 1000)} s, ${rssText(anchor)})`, sig(rate(r.ms) / anchorRate), '≥ 1', rate(r.ms) >= anchorRate ? 'PASS' : 'FAIL');
    }
    row(`by path, columns kept (${sig(smallRows / 1e6)}M rows of the same data), \`--degree 3\``, `${sig(pathRate)} MB/s`, `${sig(path.ms / 1000)} s, ${rssText(path)}`, '—', 'info', '—');
    const secs = (r) => r.all.map((ms) => sig(ms / 1000)).join('/');
    const params = (r) => {
      try {
        const j = JSON.parse(r.stdout);
        return Object.entries(j.params).map(([k, v]) => `${k} = ${v.toPrecision(10)}`).join(', ');
      } catch {
        return 'unreadable output';
      }
    };
    notes.push(`Streaming: ${rows} rows of the cubic data (x ~ U(−10, 10), y = 0.5x³ − 2x² + 3x − 1 + N(0, 5²)), ${sig(gen.bytes / MB)} MB, generated in ${tmpdir()} and deleted after; ${ROUNDS} runs of each, the pipe and the path in turn, the fastest counted, the largest peak RSS shown (wall times in s: pipe ${secs(cubic)} and ${secs(linear)}, by path ${secs(byPathStreamed)} and ${secs(byPathLinear)}). --degree 3: ${params(cubic)}. ${LINEAR_MODEL}: ${params(linear)}.`);
    notes.push(
      `By path with columns kept: ${smallRows} rows (${sig(smallBytes / MB)} MB) of the same data, ${sig(path.ms / 1000)} s, peak RSS ${rssText(path)}: parsed and folded on every free core, where a stream (piped, or a file over 1 GiB) is parsed on one thread and folded on a second (and its --json hash taken on a third, the pipe's reader or a worker).`,
    );
  } catch (err) {
    row(`stream, ${rows} rows`, `error: ${err.message ?? err}`, '—', '—', '≤ 200 MB', 'ERROR');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', cleanUp);
    process.off('SIGTERM', cleanUp);
    process.off('SIGHUP', cleanUp);
  }
  return { rows: out, notes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--rows');
  const rows = at >= 0 ? Number(process.argv[at + 1]) : 100_000_000;
  if (!(Number.isInteger(rows) && rows > 0)) {
    process.stderr.write('usage: node bench/stream.mjs [--rows N]\n');
    process.exit(2);
  }
  const { rows: table, notes } = await benchStream({ rows });
  const { markdownTable } = await import('./table.mjs');
  process.stdout.write(`${markdownTable({ columns: ['target', 'measured', 'anchor', 'ratio', 'target ratio', 'result'], rows: table })}\n`);
  for (const n of notes) process.stdout.write(`- ${n}\n`);
}
