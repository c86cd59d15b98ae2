/**
 * Every error sessctl raises on purpose is a SessctlError with a stable `code`. Callers match on
 * the code, never on the message. Anything else that escapes is an internal error.
 */
export type SessctlErrorCode =
  | 'SESSCTL_USAGE'
  | 'SESSCTL_CONFIG'
  | 'SESSCTL_STORE_URL'
  | 'SESSCTL_STORE_UNREACHABLE'
  | 'SESSCTL_STORE_UNSUPPORTED'
  | 'SESSCTL_STORE_ERROR'
  | 'SESSCTL_TARGET_UNREACHABLE'
  | 'SESSCTL_TARGET_REFUSED'
  | 'SESSCTL_TIMEOUT'
  | 'SESSCTL_ABORTED'
  | 'SESSCTL_DECODE'
  | 'SESSCTL_FILE'
  | 'SESSCTL_BACKUP'
  | 'SESSCTL_BACKUP_UNTRUSTED'
  | 'SESSCTL_RDB_VERSION'
  | 'SESSCTL_RDB_CORRUPT'
  | 'SESSCTL_INTERNAL';

/** The exit-code contract of every command (DESIGN.md "Exit codes"). */
export const ExitCode = {
  /** Ran; nothing at or above --fail-on. */
  ok: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** Usage or config error; nothing was done. */
  usage: 2,
  /** Could not complete: unreachable, timeout, aborted, internal. Outranks findings. */
  incomplete: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const exitCodeOf = {
  SESSCTL_USAGE: ExitCode.usage,
  SESSCTL_CONFIG: ExitCode.usage,
  SESSCTL_STORE_URL: ExitCode.usage,
  SESSCTL_FILE: ExitCode.usage,
  /** An RDB dump of a version this sessctl does not read: nothing was read. */
  SESSCTL_RDB_VERSION: ExitCode.usage,
  SESSCTL_STORE_UNREACHABLE: ExitCode.incomplete,
  SESSCTL_STORE_UNSUPPORTED: ExitCode.incomplete,
  SESSCTL_STORE_ERROR: ExitCode.incomplete,
  SESSCTL_TARGET_UNREACHABLE: ExitCode.incomplete,
  SESSCTL_TARGET_REFUSED: ExitCode.incomplete,
  SESSCTL_TIMEOUT: ExitCode.incomplete,
  SESSCTL_ABORTED: ExitCode.incomplete,
  SESSCTL_DECODE: ExitCode.incomplete,
  SESSCTL_BACKUP: ExitCode.incomplete,
  /** A backup that is unsigned, tampered, or whose key cannot be read: refused before anything is written. */
  SESSCTL_BACKUP_UNTRUSTED: ExitCode.usage,
  /** A damaged or truncated RDB dump: what came before the damage was read. */
  SESSCTL_RDB_CORRUPT: ExitCode.incomplete,
  SESSCTL_INTERNAL: ExitCode.incomplete,
} satisfies Record<SessctlErrorCode, ExitCode>;

export class SessctlError extends Error {
  readonly code: SessctlErrorCode;
  /** One line telling the user how to fix it, printed after the message. */
  readonly hint: string | undefined;

  constructor(code: SessctlErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  get exitCode(): ExitCode {
    return exitCodeOf[this.code];
  }
}

/** Bad flags, arguments or values: exit 2, nothing was done. */
export class UsageError extends SessctlError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('SESSCTL_USAGE', message, options);
  }
}

export function isSessctlError(err: unknown): err is SessctlError {
  return err instanceof SessctlError;
}

/** Maps any thrown value to the exit code of the contract. */
export function exitCodeFor(err: unknown): ExitCode {
  return isSessctlError(err) ? err.exitCode : ExitCode.incomplete;
}
