/**
 * The worker threads' script (src/worker.ts) bundled from the sources into `dir`, as the build
 * makes dist/worker.cjs: tests that start workers run what the sources say.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';

export function buildWorker(dir: string): string {
  const outfile = join(dir, 'worker.cjs');
  buildSync({
    entryPoints: [new URL('../src/worker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
