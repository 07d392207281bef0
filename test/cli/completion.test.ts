/** Shell completion (`gradfit completion`), the hidden `gradfit columns`, and `gradfit help --man`. */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, expectOneError, gradfit, removeScratch, ROOT, scratch } from './run.js';

const dir = scratch({
  'data.csv': 't,counts,sigma\n1,2,0.1\n2,4,0.1\n',
  'semi.csv': 'time;temp\n1;2\n',
  'odd.csv': '"a\u001b[31m",b\n1,2\n',
  'plain.dat': '1 2 3\n4 5 6\n',
});
afterAll(() => removeScratch(dir));
// `gradfit` on PATH for the script, as an installed one would be
writeFileSync(join(dir, 'gradfit'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(dir, 'gradfit'), 0o755);
const script = gradfit(['completion', 'bash']).stdout;
writeFileSync(join(dir, 'gradfit.bash'), script);

/** What bash completion offers for the words typed (the last one being completed). */
function complete(...typed: string[]): string[] {
  const words = ['gradfit', ...typed].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source gradfit.bash; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _gradfit; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    cwd: dir, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}` },
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('gradfit completion bash', () => {
  it('is a valid bash script', () => {
    expect(spawnSync('bash', ['-n', join(dir, 'gradfit.bash')]).status).toBe(0);
    expect(script).toContain('complete -o default -F _gradfit gradfit');
  });

  it('completes commands, flags and choices', () => {
    expect(complete('f')).toEqual(['fit']);
    expect(complete('')).toEqual(expect.arrayContaining(['grad', 'minimize', 'fit', 'predict', 'completion', 'help']));
    expect(complete('')).not.toContain('columns'); // hidden
    expect(complete('fit', '--sig')).toEqual(['--sigma', '--sigma-tol']);
    expect(complete('fit', '--ju')).toEqual(['--junit']);
    expect(complete('fit', '--format', '')).toEqual(['text', 'json', 'csv']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it("completes --method with each command's methods", () => {
    expect(complete('fit', 'data.csv', '--method', '')).toEqual(['lm', 'gd', 'momentum', 'adam', 'lbfgs']);
    expect(complete('minimize', 'x^2', '--method', '')).toEqual(['lbfgs', 'gd', 'momentum', 'adam']);
  });

  it('completes -x, -y and --sigma with the column names of the file on the line', () => {
    expect(complete('fit', 'data.csv', '-x', '')).toEqual(['t', 'counts', 'sigma']);
    expect(complete('fit', '--degree', '2', 'data.csv', '-y', 'c')).toEqual(['counts']);
    expect(complete('fit', 'data.csv', '--model', 'a*t', '--sigma', 's')).toEqual(['sigma']);
    expect(complete('fit', 'semi.csv', '--delimiter', ';', '-x', '')).toEqual(['time', 'temp']);
    expect(complete('fit', '-x', '')).toEqual([]); // no file yet
    expect(complete('fit', 'missing.csv', '-x', '')).toEqual([]);
  });
});

describe('zsh and fish', () => {
  it('zsh uses the bash script through bashcompinit', () => {
    const zsh = gradfit(['completion', 'zsh']).stdout;
    expect(zsh).toMatch(/^#compdef gradfit\n/);
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('complete -o default -F _gradfit gradfit');
  });

  it('fish: commands, flags, methods and columns', () => {
    const fish = gradfit(['completion', 'fish']).stdout;
    expect(fish).toContain("complete -c gradfit -n __fish_use_subcommand -a fit -d 'least-squares fit");
    expect(fish).toContain("complete -c gradfit -n '__fish_seen_subcommand_from fit' -l method -r -a 'lm gd momentum adam lbfgs'");
    expect(fish).toContain("complete -c gradfit -n '__fish_seen_subcommand_from fit' -s x -l x-column -r -a '(__gradfit_columns)'");
    expect(fish).toContain("-l sigma-tol -r");
    expect(fish).toContain("-l junit -r -F");
  });

  it('an unknown shell is bad usage', () => {
    expectOneError(gradfit(['completion', 'tcsh']));
    expect(gradfit(['completion', 'tcsh']).code).toBe(2);
  });
});

describe('gradfit columns (hidden, for completion)', () => {
  it('prints the header, or positions without one, names escaped', () => {
    expect(gradfit(['columns', 'data.csv'], { cwd: dir }).stdout).toBe('t\ncounts\nsigma\n');
    expect(gradfit(['columns', 'plain.dat'], { cwd: dir }).stdout).toBe('1\n2\n3\n');
    const odd = gradfit(['columns', 'odd.csv'], { cwd: dir }).stdout;
    expect(odd).not.toContain('\u001b');
    expect(odd.split('\n')).toHaveLength(3);
    expect(gradfit(['columns', 'nope.csv'], { cwd: dir }).code).toBe(2);
  });
});

describe('gradfit help --man', () => {
  const man = gradfit(['help', '--man']).stdout;

  it('is roff with every command and every flag that --help shows', () => {
    expect(man).toMatch(/^\.TH GRADFIT 1 "" "gradfit \d+\.\d+\.\d+" "User Commands"\n/);
    for (const section of ['NAME', 'SYNOPSIS', 'COMMANDS', 'EXIT STATUS', 'ENVIRONMENT']) expect(man).toContain(`.SH ${section}`);
    for (const command of ['grad', 'minimize', 'fit', 'predict']) {
      const help = gradfit([command, '--help']).stdout;
      const flags = new Set([...help.matchAll(/(?:^|\s)(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1]));
      flags.delete('--help');
      expect(flags.size).toBeGreaterThan(3);
      for (const flag of flags) expect(man, `${command} ${flag}`).toContain(flag.replace(/-/g, '\\-'));
    }
    expect(man).not.toMatch(/^[.'](?!TH|SH|SS|TP|B |BR|PP|nf|fi|RS|RE|br)/m);
  });

  it('is what the build ships as dist/gradfit.1', () => {
    expect(readFileSync(join(ROOT, 'dist/gradfit.1'), 'utf8')).toBe(man);
  });

  it('renders with man, where it is installed', () => {
    const r = spawnSync('man', ['-l', join(ROOT, 'dist/gradfit.1')], { encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', MANWIDTH: '100' } });
    if (r.error || r.status !== 0) return; // no man(1) on this machine
    expect(r.stdout).toContain('--sigma-tol');
    expect(r.stdout).toContain('gradfit fit [FILE] [options]');
  });
});
