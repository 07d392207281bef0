import { describe, expect, it } from 'vitest';
import { colorLevel, paint, PLAIN } from '../../src/report/color.js';

const tty = true;
const pipe = false;

describe('colorLevel decides colour in one place', () => {
  it.each([
    // [what, isTTY, env, flag, level]
    ['a plain terminal', tty, { TERM: 'xterm' }, undefined, 1],
    ['a 256-colour terminal', tty, { TERM: 'xterm-256color' }, undefined, 2],
    ['a truecolor terminal', tty, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, undefined, 3],
    ['COLORTERM=24bit', tty, { COLORTERM: '24bit' }, undefined, 3],
    ['a pipe', pipe, { TERM: 'xterm-256color' }, undefined, 0],
    ['NO_COLOR on a terminal', tty, { TERM: 'xterm', NO_COLOR: '1' }, undefined, 0],
    ['NO_COLOR empty is ignored', tty, { TERM: 'xterm', NO_COLOR: '' }, undefined, 1],
    ['TERM=dumb', tty, { TERM: 'dumb' }, undefined, 0],
    ['--no-color on a terminal', tty, { TERM: 'xterm' }, false, 0],
    ['FORCE_COLOR=1 into a pipe', pipe, { FORCE_COLOR: '1' }, undefined, 1],
    ['FORCE_COLOR=2 into a pipe', pipe, { FORCE_COLOR: '2' }, undefined, 2],
    ['FORCE_COLOR=3 with TERM=dumb', tty, { FORCE_COLOR: '3', TERM: 'dumb' }, undefined, 3],
    ['FORCE_COLOR empty', pipe, { FORCE_COLOR: '' }, undefined, 1],
    ['FORCE_COLOR=true', pipe, { FORCE_COLOR: 'true' }, undefined, 1],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0', TERM: 'xterm' }, undefined, 0],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, undefined, 0],
    ['FORCE_COLOR beats NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined, 1],
    ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '3' }, false, 0],
    ['--color into a pipe', pipe, {}, true, 1],
    ['--color beats NO_COLOR', pipe, { NO_COLOR: '1', TERM: 'xterm-256color' }, true, 2],
    ['--color with FORCE_COLOR=3', pipe, { FORCE_COLOR: '3' }, true, 3],
  ] as const)('%s → %i', (_what, isTTY, env, flag, level) => {
    expect(colorLevel({ isTTY, env: { ...env }, flag })).toBe(level);
  });
});

describe('paint', () => {
  it('at level 0 is PLAIN, which writes no escape codes (and needs no chalk)', async () => {
    expect(await paint(0)).toBe(PLAIN);
    for (const style of ['bold', 'dim', 'red', 'green', 'yellow', 'cyan'] as const) expect(PLAIN[style]('x y')).toBe('x y');
  });

  it('at level 1 colours with chalk', async () => {
    const c = await paint(1);
    expect(c.level).toBe(1);
    expect(c.red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(c.bold('x')).toBe('\x1b[1mx\x1b[22m');
  });
});
