/**
 * Safe with the user's files (issue 15), as root: CI jobs run as root, and these tests run as root
 * here, which is exactly the case. --save and --plot-file write through to anything that is not a
 * regular file (/dev/null stays a character device), follow symbolic links, keep a file's mode,
 * and never write over an input (the data file, stdin, the baseline) or another output.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, expectOneError, gradfit, removeScratch, scratch, shell } from './run.js';

const LINE = 'x,y\n0,1\n1,3\n2,5\n3,7.1\n';
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeScratch));

function folder(files: Record<string, string> = {}): string {
  const dir = scratch({ 'line.csv': LINE, ...files });
  dirs.push(dir);
  return dir;
}

const fitTo = (dir: string, ...more: string[]) => gradfit(['fit', 'line.csv', '--degree', '1', '-q', ...more], { cwd: dir });

/**
 * Device nodes of our own (mknod, as root) behave as /dev/null and /dev/full do, so a build that
 * still renames over its target replaces a scratch file, never the machine's /dev/null (which
 * every other process here shares). The real /dev/null is tried only after its twin passed.
 */
function device(dir: string, name: string, minor: number): string | null {
  const path = join(dir, name);
  return spawnSync('mknod', ['-m', '666', path, 'c', '1', String(minor)]).status === 0 ? path : null;
}

describe('--save and --plot-file as root', () => {
  it.each(['--save', '--plot-file'])('%s to a character device writes through: the device stays a device', (flag) => {
    const dir = folder();
    const nul = device(dir, 'null', 3);
    if (nul === null) return; // not root: cannot make a device node
    const before = statSync(nul);
    const r = fitTo(dir, flag, nul);
    expect(r.code).toBe(0);
    const after = statSync(nul);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    // Only now that a private /dev/null survived: the real one too.
    const real = statSync('/dev/null');
    expect(fitTo(dir, flag, '/dev/null').code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/null').ino).toBe(real.ino);
  });

  it('--save to a link to /proc/self/fd/1 (what /dev/stdout is) writes to stdout', () => {
    const dir = folder();
    symlinkSync('/proc/self/fd/1', join(dir, 'stdout'));
    const r = fitTo(dir, '--save', 'stdout');
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'stdout')).isSymbolicLink()).toBe(true);
    expect(r.stdout).toContain('"format": "gradfit-model"');
    const direct = fitTo(dir, '--save', '/dev/stdout');
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain('"format": "gradfit-model"');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('--save to a full device is a clear error (exit 2), and the device stays a device', () => {
    const dir = folder();
    const full = device(dir, 'full', 7);
    if (full === null) return;
    const r = gradfit(['fit', 'line.csv', '--degree', '1', '--json', '--save', full], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: --save \S*full: cannot write: no space left/m);
    expect(statSync(full).isCharacterDevice()).toBe(true);
  });

  it.each(['--save', '--plot-file'])('%s to a block device (a disk) is refused before any work, the node untouched', (flag) => {
    const dir = folder();
    const disk = join(dir, 'disk');
    // A node for a device that does not exist (major 250): nothing can be written even if it were opened.
    if (spawnSync('mknod', [disk, 'b', '250', '123']).status !== 0) return; // not root
    const before = statSync(disk);
    const r = fitTo(dir, flag, disk);
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a block device/);
    expect(statSync(disk).isBlockDevice()).toBe(true);
    expect(statSync(disk).ino).toBe(before.ino);
  });

  it('follows a symbolic link to its target: the link stays a link', () => {
    const dir = folder({ 'target.json': 'old' });
    symlinkSync('target.json', join(dir, 'link.json'));
    expect(fitTo(dir, '--save', 'link.json').code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('target.json');
    expect(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')).format).toBe('gradfit-model');
  });

  it('follows a dangling symbolic link: the target is created', () => {
    const dir = folder();
    mkdirSync(join(dir, 'sub'));
    symlinkSync('sub/new.json', join(dir, 'link.json'));
    expect(fitTo(dir, '--save', 'link.json').code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'sub/new.json'), 'utf8')).format).toBe('gradfit-model');
  });

  it('keeps an existing file mode 0600', () => {
    const dir = folder({ 'model.json': '{}' });
    chmodSync(join(dir, 'model.json'), 0o600);
    expect(fitTo(dir, '--save', 'model.json').code).toBe(0);
    expect(statSync(join(dir, 'model.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('gradfit-model');
  });

  it('writes through a named pipe instead of replacing it', async () => {
    const dir = folder();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A reader on the pipe, then the fit writing into it.
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (b: Buffer) => chunks.push(b));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const r = fitTo(dir, '--save', fifo);
    await done;
    expect(r.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8')).format).toBe('gradfit-model');
  });

  it('still replaces a regular file atomically, leaving no temporary file', () => {
    const dir = folder({ 'model.json': 'old' });
    expect(fitTo(dir, '--save', 'model.json', '--plot-file', 'fit.svg').code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('gradfit-model');
    expect(readFileSync(join(dir, 'fit.svg'), 'utf8')).toMatch(/^<svg|<\?xml/);
    expect(spawnSync('sh', ['-c', `ls -a ${dir} | grep -c tmp`], { encoding: 'utf8' }).stdout.trim()).toBe('0');
  });
});

/**
 * The CLI as an ordinary user: itself when the tests do not run as root, else as nobody through
 * setpriv (util-linux); null when neither can be done.
 */
function asUser(args: string[], cwd: string): { code: number; stdout: string; stderr: string } | null {
  const env = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1', NO_COLOR: '1', HOME: cwd };
  if (process.getuid?.() !== 0) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  const bin = binForNobody();
  if (bin === null) return null;
  const r = spawnSync('setpriv', [...NOBODY, process.execPath, bin, ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
let nobodysBin: string | null | undefined;

/**
 * A launcher nobody can run: bin/gradfit itself when nobody can read the checkout, else a copy
 * of bin/ and dist/ in a folder everyone may read (CI tests a copy in a folder only root may
 * enter); null when setpriv cannot run node as nobody at all.
 */
function binForNobody(): string | null {
  if (nobodysBin !== undefined) return nobodysBin;
  const runs = (bin: string) => spawnSync('setpriv', [...NOBODY, process.execPath, bin, '--version'], { cwd: tmpdir() }).status === 0;
  if (spawnSync('setpriv', [...NOBODY, process.execPath, '-e', ''], { cwd: tmpdir() }).status !== 0) return (nobodysBin = null);
  if (runs(BIN)) return (nobodysBin = BIN);
  const copy = mkdtempSync(join(tmpdir(), 'gradfit-nobody-'));
  dirs.push(copy);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  spawnSync('chmod', ['-R', 'a+rX', copy]);
  const bin = join(copy, 'bin', 'gradfit');
  return (nobodysBin = runs(bin) ? bin : null);
}

describe('an existing output the user may not write', () => {
  // A folder everyone may write (as a shared scratch or project folder can be), holding a
  // write-protected file: the rename that replaces files atomically would be allowed by the folder.
  const shared = (name: string) => {
    const dir = folder({ [name]: 'keep me\n' });
    chmodSync(dir, 0o777);
    chmodSync(join(dir, 'line.csv'), 0o644);
    chmodSync(join(dir, name), 0o444);
    return dir;
  };

  it.each([
    ['--save', 'model.json'],
    ['--plot-file', 'fit.svg'],
    ['--junit', 'checks.xml'],
  ])('%s over a write-protected file is refused as cp would (exit 2), and the file is kept', (flag, name) => {
    const dir = shared(name);
    const r = asUser(['fit', 'line.csv', '--degree', '1', '-q', flag, name], dir);
    if (r === null) return; // root without setpriv: no ordinary user to run as
    expect(r.code, r.stderr).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(new RegExp(`^gradfit: error: ${flag} ${name.replace('.', '\\.')}: cannot write: permission denied \\(the file exists and is write-protected`));
    expect(readFileSync(join(dir, name), 'utf8')).toBe('keep me\n');
    expect(r.stdout).toBe(''); // refused before any work
  });

  it('minimize --junit over a write-protected file is refused too', () => {
    const dir = shared('checks.xml');
    const r = asUser(['minimize', '(x-2)^2', '--expect', 'x=2', '--junit', 'checks.xml', '-q'], dir);
    if (r === null) return;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--junit checks\.xml: cannot write: permission denied/);
    expect(readFileSync(join(dir, 'checks.xml'), 'utf8')).toBe('keep me\n');
  });

  it('the same user writes a new file in that folder', () => {
    const dir = shared('model.json');
    const r = asUser(['fit', 'line.csv', '--degree', '1', '-q', '--save', 'new.json'], dir);
    if (r === null) return;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8')).format).toBe('gradfit-model');
  });

  it('root is exempt from permission bits, as with every tool: the file is replaced, its mode kept', () => {
    if (process.getuid?.() !== 0) return;
    const dir = shared('model.json');
    expect(fitTo(dir, '--save', 'model.json').code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).format).toBe('gradfit-model');
    expect(statSync(join(dir, 'model.json')).mode & 0o777).toBe(0o444);
  });
});

describe('never over an input or another output', () => {
  it('fit --save over the file on stdin is refused, and the data is intact', () => {
    const dir = folder();
    const r = shell('gradfit fit --degree 1 --save line.csv < line.csv', { cwd: dir });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input/);
    expect(readFileSync(join(dir, 'line.csv'), 'utf8')).toBe(LINE);
  });

  it('--save over the data file (through another name) is refused', () => {
    const dir = folder();
    symlinkSync('line.csv', join(dir, 'alias.csv'));
    for (const target of ['line.csv', './line.csv', 'alias.csv']) {
      const r = fitTo(dir, '--save', target);
      expectOneError(r);
      expect(r.code).toBe(2);
    }
    expect(readFileSync(join(dir, 'line.csv'), 'utf8')).toBe(LINE);
  });

  it('--baseline b.json --save b.json is refused: a failing check cannot overwrite its baseline', () => {
    const baseline = JSON.stringify({ params: { c0: 100, c1: 100 } });
    const dir = folder({ 'b.json': baseline });
    const r = fitTo(dir, '--baseline', 'b.json', '--save', 'b.json');
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--baseline/);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(baseline);
  });

  it('--save X --plot-file X is refused (one would be lost), also through a link', () => {
    const dir = folder();
    let r = fitTo(dir, '--save', 'out', '--plot-file', 'out');
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    writeFileSync(join(dir, 'real'), '');
    symlinkSync('real', join(dir, 'other'));
    r = fitTo(dir, '--save', 'real', '--plot-file', 'other');
    expectOneError(r);
    expect(r.code).toBe(2);
  });

  it('--group with --save \'{group}.csv\': a group whose file is the data file is refused, and the data is intact', () => {
    const data = 'g,x,y\ndata,1,5\ndata,2,6\ndata,3,7.3\nother,1,1\nother,2,2\nother,3,3.1\n';
    const dir = folder({ 'data.csv': data });
    const r = gradfit(['fit', 'data.csv', '--model', 'a*x+b', '--group', 'g', '--save', '{group}.csv', '-q'], { cwd: dir });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--save data\.csv would overwrite the input data\.csv/);
    expect(readFileSync(join(dir, 'data.csv'), 'utf8')).toBe(data);
    expect(existsSync(join(dir, 'other.csv'))).toBe(false);
  });

  it.each([
    ['fit', 'gradfit fit line.csv --degree 1 -q >> line.csv', /the input line\.csv/],
    ['fit from stdin', 'gradfit fit --degree 1 -q < line.csv >> line.csv', /the file on standard input/],
    ['predict', 'gradfit fit line.csv --degree 1 -q --save m.json > /dev/null && gradfit predict m.json line.csv >> line.csv', /the input line\.csv/],
  ])('%s with standard output appended to the data is refused, and the data is intact', (_name, script, what) => {
    const dir = folder();
    const r = shell(script, { cwd: dir });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: standard output goes to /);
    expect(r.stderr).toMatch(what);
    expect(readFileSync(join(dir, 'line.csv'), 'utf8')).toBe(LINE);
  });

  it('--save to the file stdout is redirected to is refused', () => {
    const dir = folder();
    const r = shell('gradfit fit line.csv --degree 1 --json --save out.json > out.json', { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradfit: error: --save out\.json is also the file standard output goes to/);
  });
});

describe('bad output paths are a clear exit 2', () => {
  it.each([
    ['an empty path', '', /needs a file name/],
    ['a path under a regular file', 'line.csv/model.json', /not a folder/],
    ['a folder that does not exist', 'no/such/model.json', /folder does not exist/],
    ['a directory', '.', /is a directory/],
  ])('%s', (_, path, message) => {
    for (const flag of ['--save', '--plot-file']) {
      const r = fitTo(folder(), flag, path);
      expectOneError(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('files read whole are capped', () => {
  it('predict /dev/zero is refused quickly, not read until memory runs out', () => {
    const r = gradfit(['predict', '/dev/zero'], { input: '1\n' });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than 16 MiB/);
  });

  it('--baseline /dev/zero is refused the same way', () => {
    const r = fitTo(folder(), '--baseline', '/dev/zero');
    expectOneError(r);
    expect(r.code).toBe(2);
  });

  it('a model file with a huge expression is refused', () => {
    const model = JSON.stringify({
      format: 'gradfit-model', version: 1, model: `${Array.from({ length: 100_000 }, () => 'x').join('+')}+b`,
      params: { b: 1 }, stderr: {}, inputs: [{ identifier: 'x', column: 'x' }], response: 'y', stats: {},
    });
    const r = gradfit(['predict', 'm.json'], { cwd: folder({ 'm.json': model }), input: '1\n' });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/longer than/);
  });
});

describe('stdin and stdout', () => {
  it('a directory on stdin is said as such', () => {
    const r = shell('gradfit fit --degree 1 < .', { cwd: folder() });
    expectOneError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is a directory/);
  });

  it('stdout on /dev/null opened read-write, as Python\'s DEVNULL, Node\'s "ignore" and Go\'s os/exec hand it over, is fine', () => {
    // (Node reopens a closed stdout, `>&-`, as exactly this, so the two cannot be told apart:
    // both discard the result, and the exit code is the fit's.)
    const cwd = folder();
    const ignored = spawnSync(process.execPath, [BIN, 'fit', 'line.csv', '--degree', '1'], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    expect(ignored.status).toBe(0);
    expect(ignored.stderr).toBe('');
    const closed = shell('gradfit fit line.csv --degree 1 >&-', { cwd });
    expect(closed.code).toBe(0);
    expect(closed.stderr).toBe('');
    const failing = shell('gradfit fit line.csv --degree 1 --expect c1=5 >&-', { cwd });
    expect(failing.code).toBe(1);
  });

  it('stdout sent to /dev/null is fine', () => {
    const r = shell('gradfit fit line.csv --degree 1 > /dev/null', { cwd: folder() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

void BIN;

/** A folder `shared` in `dir` that anyone may write to and only owners delete from (1777, as /tmp). */
function stickyFolder(dir: string): string {
  const sticky = join(dir, 'shared');
  mkdirSync(sticky);
  chmodSync(sticky, 0o1777);
  return sticky;
}

describe('a symbolic link in a folder anyone may write to (sticky, as /tmp)', () => {
  // The kernel follows such a link only when it is the user's own or the folder owner's
  // (protected_symlinks); gradfit resolves the link itself and renames onto its target, so it
  // keeps the same rule: root is not led by another user's link to overwrite a file of root's.
  it("another user's link is not followed (exit 2, the target unchanged); one's own is", () => {
    if (process.getuid?.() !== 0) return; // (lchown to another user needs root)
    const dir = folder({ 'victim.json': '{"keep":true}\n' });
    const sticky = stickyFolder(dir);
    const theirs = join(sticky, 'model.json');
    symlinkSync(join(dir, 'victim.json'), theirs);
    expect(spawnSync('chown', ['-h', '65534', theirs]).status).toBe(0);
    const r = fitTo(dir, '--save', theirs);
    expect(r.code).toBe(2);
    expectOneError(r);
    expect(r.stderr).toMatch(/model\.json: a symbolic link of another user \(uid 65534\) in .*shared, a folder anyone may write to, is not followed/);
    expect(readFileSync(join(dir, 'victim.json'), 'utf8')).toBe('{"keep":true}\n');
    // Root's own link there is followed, as the kernel follows it.
    const mine = join(sticky, 'mine.json');
    symlinkSync(join(dir, 'victim.json'), mine);
    expect(fitTo(dir, '--save', mine).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'victim.json'), 'utf8')).params).toBeDefined();
    expect(lstatSync(mine).isSymbolicLink()).toBe(true);
  });

  it("nor is another user's link that stands for a folder on the way (/tmp/out made a link to /etc)", () => {
    if (process.getuid?.() !== 0) return;
    const dir = folder({ 'real/victim.json': '{"keep":true}\n' });
    const out = join(stickyFolder(dir), 'out');
    symlinkSync(join(dir, 'real'), out);
    expect(spawnSync('chown', ['-h', '65534', out]).status).toBe(0);
    for (const flag of ['--save', '--plot-file']) {
      const r = fitTo(dir, flag, join(out, flag === '--save' ? 'victim.json' : 'new.svg'));
      expect(r.code).toBe(2);
      expectOneError(r);
      expect(r.stderr).toMatch(/a symbolic link of another user \(uid 65534\) in .*shared, a folder anyone may write to, is not followed/);
    }
    expect(readFileSync(join(dir, 'real', 'victim.json'), 'utf8')).toBe('{"keep":true}\n');
    expect(existsSync(join(dir, 'real', 'new.svg'))).toBe(false);
  });
});
