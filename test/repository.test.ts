/**
 * The repository stands on its own: a clone anywhere runs its tests. No source, test, bench or
 * script names a path outside it (.ci/run also runs the suite in a copy with nothing beside it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli/run.js';

const FOLDERS = ['src', 'test', 'bench', 'fixtures', 'scripts', '.ci', 'bin'];
const SKIP = new Set([join(ROOT, 'test', 'reference-data'), join(ROOT, 'bench', 'out')]);
const THIS_FILE = join(ROOT, 'test', 'repository.test.ts');

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (SKIP.has(path)) return [];
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() && path !== THIS_FILE ? [path] : [];
  });
}

describe('the repository is self-contained', () => {
  it('no file reaches a shared folder beside the checkout or an absolute machine path', () => {
    // A sibling `shared` folder, the machine's work folder, or three levels up from a test.
    const outside = new RegExp(['\\.\\./' + 'shared', '/' + 'work/', '(\\.\\./){3}'].join('|'));
    const files = [...FOLDERS.flatMap((f) => filesUnder(join(ROOT, f))), join(ROOT, 'package.json')];
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((f) => outside.test(readFileSync(f, 'latin1'))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});

describe('one type-checking dialect', () => {
  it('no non-null assertion on an index: without noUncheckedIndexedAccess `a[i]!` does nothing', () => {
    const sources = FOLDERS.flatMap((f) => filesUnder(join(ROOT, f))).filter((f) => f.endsWith('.ts'));
    const assertion = new RegExp('\\]' + '!(?!=)');
    const offenders = sources.filter((f) => assertion.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
