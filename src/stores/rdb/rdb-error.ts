import { SessctlError, type SessctlErrorCode } from '../../errors.js';

/**
 * Why a dump could not be read to its end. `offset` is the byte offset in the (decompressed)
 * dump where reading stopped, so a user can look at the bytes with `xxd -s`.
 */
export class RdbError extends SessctlError {
  readonly offset: number;

  constructor(
    code: SessctlErrorCode,
    message: string,
    offset: number,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super(code, `${message} (at byte ${offset})`, options);
    this.offset = offset;
  }
}

export function corrupt(message: string, offset: number): RdbError {
  return new RdbError('SESSCTL_RDB_CORRUPT', message, offset, {
    hint: 'the dump is damaged or was cut short: take a fresh one (redis-cli --rdb, or BGSAVE on a replica) and scan that',
  });
}

/** The input ended inside the record that starts at `recordStart`. */
export function truncated(recordStart: number, fileEnd: number): RdbError {
  return corrupt(`truncated: the dump ends at byte ${fileEnd}, in the middle of the record starting here`, recordStart);
}

/** Content this parser knows but cannot step over (its layout is not self-describing). */
export function unsupported(message: string, offset: number, hint: string): RdbError {
  return new RdbError('SESSCTL_STORE_UNSUPPORTED', message, offset, { hint });
}
