/**
 * What a person sees at a terminal: the built CLI run under a pseudo-terminal (util-linux
 * `script`), so that stdout and stderr really are TTYs of a chosen width. On a terminal the
 * text is coloured and a chart follows it; NO_COLOR, TERM=dumb and --no-color take every
 * escape code away but keep the chart; a pipe gets neither colour nor chart unless
 * FORCE_COLOR asks for colour; charts fit the terminal's width; progress appears on stderr
 * only on a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, gradfit, gradfitAsync, plain, ROOT } from './run.js';

const DECAY_FIT = ['fit', 'fixtures/decay.csv', '--model', 'a*exp(-k*t)+c', '-x', 't', '-y', 'counts', '--start', 'a=10,k=0.1,c=0'];
const ROSENBROCK = ['minimize', '(1-x)^2 + 100*(y-x^2)^2', '--start', 'x=-1.2,y=1'];
/** Plain gradient descent with no tolerance: runs to its step cap, a few seconds, long enough for progress. */
const LONG_STEPS = 10_000_000;
const LONG_RUN = ['minimize', '(1-x)^2+100*(y-x^2)^2', '--method', 'gd', '--lr', '1e-4', '--tol', '0', '--max-steps', String(LONG_STEPS), '--start', 'x=-1.2,y=1'];

const ESC = '\x1b[';
/** asciichart's axis ticks: a chart is on screen when one of these is. */
const CHART_TICK = /[┤┼]/;

/** util-linux `script` (BSD/macOS `script` takes other flags; without util-linux these tests skip). */
const HAVE_SCRIPT = (() => {
  const r = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return !r.error && /util-linux/.test(r.stdout + r.stderr);
})();

interface TerminalOptions {
  /** Terminal width in columns (default 100). */
  cols?: number;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Send stdout to /dev/null, leaving only stderr on the terminal. */
  discardStdout?: boolean;
}

interface TerminalRun {
  code: number;
  /** Everything the terminal received, stdout and stderr interleaved, escape codes and "\r" kept. */
  screen: string;
  /** Wall-clock time of the whole run, in milliseconds. */
  elapsed: number;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Run the built CLI on a fresh pseudo-terminal of the given size. TERM is xterm-256color and
 * NO_COLOR, FORCE_COLOR and COLORTERM are unset unless `env` says otherwise, so the outcome
 * does not depend on the terminal the tests were started from.
 */
function onTerminal(args: string[], o: TerminalOptions = {}): Promise<TerminalRun> {
  const cols = o.cols ?? 100;
  const cli = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const command = `stty cols ${cols} rows 40; ${cli}${o.discardStdout ? ' >/dev/null' : ''}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    COLORTERM: undefined,
    TERM: 'xterm-256color',
    SHELL: '/bin/sh',
    ...o.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, timeout: 60_000 });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, screen: Buffer.concat(out).toString('utf8'), elapsed: Date.now() - started }));
    child.stdin.end();
  });
}

/** The screen's lines without escape codes (the terminal ends lines with "\r\n"). */
function screenLines(screen: string): string[] {
  return plain(screen).split(/\r?\n/);
}

/** Lines that belong to a chart: they hold an axis or a line-drawing character. */
function chartLines(screen: string): string[] {
  return screenLines(screen).filter((l) => /[┤┼│└─╭╮╯╰]/.test(l));
}

describe.skipIf(!HAVE_SCRIPT)('on a terminal (under a pseudo-terminal)', () => {
  it('fit prints coloured text followed by the loss chart', async () => {
    const r = await onTerminal(DECAY_FIT);
    expect(r.code).toBe(0);
    expect(r.screen).toContain(ESC);
    const text = plain(r.screen);
    expect(text).toMatch(/counts = [\d.]+·exp\(-[\d.]+·t\) \+ [\d.]+/);
    expect(text).toContain('loss (RSS, log scale) per iteration');
    expect(text).toMatch(CHART_TICK);
    expect(chartLines(r.screen).length).toBeGreaterThanOrEqual(5);
  });

  it('an exact fit (--degree 2: no iterations) shows the data and the fitted curve instead of a loss chart', async () => {
    const r = await onTerminal(['fit', 'fixtures/parabola.csv', '--degree', '2']);
    expect(r.code).toBe(0);
    const text = plain(r.screen);
    expect(text).toContain('method      linear');
    expect(text).not.toContain('per iteration');
    expect(text).toMatch(/• data/);
    expect(text).toMatch(CHART_TICK);
  });

  it('minimize prints f per iteration as a chart', async () => {
    const r = await onTerminal(ROSENBROCK);
    expect(r.code).toBe(0);
    expect(r.screen).toContain(ESC);
    const text = plain(r.screen);
    expect(text).toContain('minimum f = ');
    expect(text).toMatch(/f − min f per iteration/);
    expect(text).toMatch(CHART_TICK);
  });

  it('fit --plot draws the data and the fitted curve after the loss chart', async () => {
    const r = await onTerminal([...DECAY_FIT, '--plot']);
    expect(r.code).toBe(0);
    const text = plain(r.screen);
    const loss = text.indexOf('loss (RSS, log scale) per iteration');
    const plot = text.indexOf('counts against t');
    expect(loss).toBeGreaterThanOrEqual(0);
    expect(plot).toBeGreaterThan(loss);
    const picture = text.slice(plot);
    expect(picture).toMatch(/• data/);
    expect(picture).toMatch(/fitted curve/);
    expect(picture).toMatch(CHART_TICK);
    expect(picture.split('•').length - 1, 'data points drawn').toBeGreaterThan(3);
  });

  it('--no-chart leaves the chart out but keeps the colour', async () => {
    const r = await onTerminal([...DECAY_FIT, '--no-chart']);
    expect(r.code).toBe(0);
    expect(r.screen).toContain(ESC);
    expect(plain(r.screen)).not.toMatch(CHART_TICK);
  });

  describe.each([
    { how: 'NO_COLOR=1', args: [] as string[], env: { NO_COLOR: '1' } },
    { how: 'TERM=dumb', args: [] as string[], env: { TERM: 'dumb' } },
    { how: '--no-color', args: ['--no-color'], env: {} },
  ])('with $how', ({ args, env }) => {
    it('fit --plot writes no escape code at all, and still draws both charts', async () => {
      const r = await onTerminal([...DECAY_FIT, '--plot', ...args], { env });
      expect(r.code).toBe(0);
      expect(r.screen).not.toContain('\x1b');
      expect(r.screen).toContain('loss (RSS, log scale) per iteration');
      expect(r.screen).toContain('counts against t');
      expect(r.screen).toMatch(CHART_TICK);
    });

    it('minimize writes no escape code at all, and still draws its chart', async () => {
      const r = await onTerminal([...ROSENBROCK, ...args], { env });
      expect(r.code).toBe(0);
      expect(r.screen).not.toContain('\x1b');
      expect(r.screen).toMatch(CHART_TICK);
    });
  });

  it.each([60, 120])('sizes every chart line to a %i-column terminal', async (cols) => {
    const r = await onTerminal([...DECAY_FIT, '--plot'], { cols });
    expect(r.code).toBe(0);
    const lines = chartLines(r.screen);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect([...line].length, `too wide for ${cols} columns: ${line}`).toBeLessThanOrEqual(cols);
    // The chart uses the room it has: its x axis spans most of the terminal.
    const axis = lines.find((l) => l.includes('└'))!;
    expect([...axis].length).toBeGreaterThan(cols * 0.75);
  });

  it('minimize charts also follow the width', async () => {
    const narrow = chartLines((await onTerminal(ROSENBROCK, { cols: 60 })).screen);
    const wide = chartLines((await onTerminal(ROSENBROCK, { cols: 120 })).screen);
    const longest = (ls: string[]) => Math.max(...ls.map((l) => [...l].length));
    expect(longest(narrow)).toBeLessThanOrEqual(60);
    expect(longest(wide)).toBeLessThanOrEqual(120);
    expect(longest(wide)).toBeGreaterThan(longest(narrow) + 40);
  });
});

describe('through a pipe (not a terminal)', () => {
  it('fit writes neither escape codes nor a chart', () => {
    const r = gradfit([...DECAY_FIT, '--plot']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
    expect(r.stdout).toContain('counts = ');
    expect(r.stdout).not.toContain('loss (RSS, log scale) per iteration');
  });

  it('minimize writes neither escape codes nor a chart', () => {
    const r = gradfit(ROSENBROCK);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
    expect(r.stdout).toContain('minimum f = ');
    expect(r.stdout).not.toMatch(CHART_TICK);
  });

  it.each(['fit', 'minimize'])('%s is coloured when FORCE_COLOR=1, still without a chart', (command) => {
    const r = gradfit(command === 'fit' ? DECAY_FIT : ROSENBROCK, { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(ESC);
    expect(plain(r.stdout)).not.toMatch(CHART_TICK);
  });

  it('FORCE_COLOR=0 keeps it plain', () => {
    const r = gradfit(DECAY_FIT, { env: { FORCE_COLOR: '0' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
  });
});

describe.skipIf(!HAVE_SCRIPT)('progress on a long run', () => {
  it('is drawn on stderr on a terminal, and nothing at all goes to a piped stderr', async (ctx) => {
    const [tty, piped] = await Promise.all([onTerminal(LONG_RUN, { discardStdout: true }), gradfitAsync(LONG_RUN)]);
    // Progress starts after about a second; a machine fast enough to finish sooner proves nothing.
    if (tty.elapsed < 1600) ctx.skip(`the long run took only ${tty.elapsed} ms on this machine`);

    // On the terminal, with stdout sent elsewhere, what is left is stderr: progress lines
    // redrawn with "\r", then the step-cap warning.
    expect(tty.code).toBe(0);
    const redraws = tty.screen.split('\r').map((s) => plain(s).trim());
    const progress = redraws.filter((s) => s.startsWith('step '));
    expect(progress.length, `no progress line in ${JSON.stringify(tty.screen.slice(0, 400))}`).toBeGreaterThan(0);
    expect(progress[0]).toMatch(new RegExp(`^step \\d+/${LONG_STEPS} \\[[#.]+\\] loss \\S+$`));
    expect(tty.screen).toMatch(/did not converge: stopped at the step cap/);

    // Piped, stderr holds only that warning.
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/step \d+\//);
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).not.toContain('\x1b');
    expect(piped.stderr).toMatch(/^gradfit: warning: did not converge[^\n]*\n$/);
  });
});
