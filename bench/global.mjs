/**
 * `node bench/global.mjs`: the README's table of `minimize --global` on the multimodal test set.
 * Bundles bench/global.ts with esbuild into bench/out/ and runs it; the markdown goes to stdout.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });
const outfile = join(OUT, 'global.mjs');
await build({ entryPoints: [join(ROOT, 'bench', 'global.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning' });
process.stdout.write(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
