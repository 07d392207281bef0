/**
 * The repository stands on its own: a clone anywhere runs its tests. No source, test, bench or
 * script names a path outside it (.ci/run also runs the suite in a copy with nothing beside it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli/run.js';

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'src', 'test', 'bench', 'fixtures', '.ci', 'bin', 'package.json'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\n').filter((f) => f !== '' && !f.startsWith('test/reference-data/') && f !== 'test/repository.test.ts');
}

describe('the repository is self-contained', () => {
  it('no file reaches ../shared or an absolute machine path', () => {
    const outside = /\.\.\/shared|\/work\/|\.\.\/\.\.\/\.\.\//;
    const offenders = trackedFiles().filter((f) => {
      let text: string;
      try {
        text = readFileSync(join(ROOT, f), 'utf8');
      } catch {
        return false; // deleted in the working tree
      }
      return outside.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
