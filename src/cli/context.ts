import type { FailOn } from '../severity.js';

/** Options every command shares (see program.ts). */
export interface GlobalOptions {
  format: string | undefined;
  /** `--output FORMAT=FILE`, repeatable. */
  output: Array<{ format: string; file: string }>;
  failOn: FailOn;
  color: boolean;
  verbose: boolean;
  /** `--password-file FILE`: the store password, kept out of argv (store-url-arg.ts). */
  passwordFile?: string;
}

/** What a command needs from the process, injected so tests can run commands in-process. */
export interface CliContext {
  globals: GlobalOptions;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: commands stop, write partial results and exit 3. */
  signal: AbortSignal;
}
