/**
 * What the bundle gives commander for `require('node:child_process')` (esbuild --alias in the
 * build script). commander loads that module at start-up for executable subcommands, which
 * gradfit has none of, and with it Node's net, dgram and stream modules. Here it is loaded only
 * if a spawn is ever asked for; with stdout and stderr written by file descriptor (output.ts),
 * a plain run then loads none of them.
 */
import type * as ChildProcess from 'node:child_process';

const load = (): typeof ChildProcess => process.getBuiltinModule('node:child_process');

export const spawn = ((...args: Parameters<typeof ChildProcess.spawn>) => load().spawn(...args)) as typeof ChildProcess.spawn;
