/**
 * Measuring whole processes: wall time from spawn to exit, and peak resident memory and minor
 * page faults through GNU time (`/usr/bin/time -f "%M %R"`: kilobytes, count).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The median of a non-empty list. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Where GNU time is, or null. */
export const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** A command that failed: its exit status and the end of its stderr. */
export class CommandError extends Error {
  name = 'CommandError';
}

/**
 * Runs `command args` to completion. Returns { ms, stdout, rssKb, faults } (rssKb and faults, the
 * minor page faults, are null unless `rss` and GNU time is present). Throws CommandError when it
 * does not exit 0.
 */
export function runTimed(command, args, { rss = false, cwd, env } = {}) {
  const rssFile = rss && GNU_TIME ? `/tmp/gradfit-bench-rss-${process.pid}.txt` : null;
  const [cmd, argv] = rssFile ? [GNU_TIME, ['-f', '%M %R', '-o', rssFile, command, ...args]] : [command, args];
  const t0 = performance.now();
  const child = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (child.error) throw new CommandError(`${command}: ${child.error.message}`);
  if (child.status !== 0) {
    const tail = (child.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    throw new CommandError(`${command} ${args.join(' ')} exited ${child.status ?? child.signal}: ${tail}`);
  }
  let rssKb = null;
  let faults = null;
  if (rssFile) {
    const [kb, minor] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ');
    rssKb = Number.parseInt(kb, 10);
    faults = Number.parseInt(minor, 10);
    rmSync(rssFile, { force: true });
  }
  return { ms, stdout: child.stdout, rssKb, faults };
}

/**
 * Runs each named command `runs` times after `warmup` untimed runs, interleaved (a, b, a, b, …)
 * so that drift in machine load falls on every command alike. `commands` maps a name to
 * { command, args, rss }. Returns, per name, { ms: [..], rssKb: [..], faults: [..], stdout } (the
 * last run's stdout).
 */
export function interleaved(commands, runs, warmup = 1) {
  const out = Object.fromEntries(Object.keys(commands).map((name) => [name, { ms: [], rssKb: [], faults: [], stdout: '' }]));
  for (let k = 0; k < warmup + runs; k++) {
    for (const [name, c] of Object.entries(commands)) {
      const run = runTimed(c.command, c.args, { rss: c.rss, env: c.env });
      out[name].stdout = run.stdout;
      if (k < warmup) continue;
      out[name].ms.push(run.ms);
      if (run.rssKb !== null) out[name].rssKb.push(run.rssKb);
      if (run.faults !== null) out[name].faults.push(run.faults);
    }
  }
  return out;
}

/**
 * What it costs on this machine to touch fresh memory for the first time (page faults): the
 * milliseconds per MB of filling a newly allocated 32 MB array, against filling it again.
 * Large allocations pay this on every run, so it explains much of the memory-bound figures.
 */
export function firstTouchCost(repeats = 3) {
  const bytes = 32 * 1e6;
  const first = [];
  const again = [];
  for (let k = 0; k < repeats; k++) {
    const a = new Float64Array(bytes / 8);
    let t0 = performance.now();
    a.fill(1);
    first.push(performance.now() - t0);
    t0 = performance.now();
    a.fill(2);
    again.push(performance.now() - t0);
  }
  return { firstMsPerMb: median(first) / 32, againMsPerMb: median(again) / 32 };
}
