import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/**
 * A command registers itself on the program and returns the exit code from its action. The body of
 * each action is a lazy import so `sessctl --help` loads no store or HTTP client.
 */
export type RegisterCommand = (program: Command, run: RunAction) => void;
export type RunAction = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/**
 * Commands appear here as their issues land; order is the order in `--help`. Each is loaded when
 * registered: a run that names its command loads that one alone (see `program.ts`).
 */
export const commands: Array<{ name: string; load: () => Promise<RegisterCommand> }> = [
  { name: 'scan', load: async () => (await import('./scan.js')).registerScan },
  { name: 'inspect', load: async () => (await import('./inspect.js')).registerInspect },
  { name: 'clean', load: async () => (await import('./clean.js')).registerClean },
  { name: 'restore', load: async () => (await import('./restore.js')).registerRestore },
  { name: 'watch', load: async () => (await import('./watch.js')).registerWatch },
  { name: 'decode', load: async () => (await import('./decode.js')).registerDecode },
  { name: 'check', load: async () => (await import('./check.js')).registerCheck },
  { name: 'probe', load: async () => (await import('./probe.js')).registerProbe },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemo },
];
