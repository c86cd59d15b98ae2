import type { Command } from 'commander';
import { registerScan } from './scan.js';
import { registerInspect } from './inspect.js';
import type { CliContext } from '../context.js';
import { registerDecode } from './decode.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerProbe } from './probe.js';
import { registerClean } from './clean.js';
import { registerRestore } from './restore.js';
import { registerWatch } from './watch.js';

/**
 * A command registers itself on the program and returns the exit code from its action. The body of
 * each action is a lazy import so `sessctl --help` loads no store or HTTP client.
 */
export type RegisterCommand = (program: Command, run: RunAction) => void;
export type RunAction = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** Commands appear here as their issues land; order is the order in `--help`. */
export const commands: RegisterCommand[] = [
  registerScan,
  registerInspect,
  registerClean,
  registerRestore,
  registerWatch,
  registerDecode,
  registerCheck,
  registerProbe,
  registerDemo,
];
