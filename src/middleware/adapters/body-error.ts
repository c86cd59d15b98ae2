import { SessctlError } from '../../errors.js';

/**
 * A request body the session layer will not read: 413 past `bodyLimit`, 400 for broken JSON where
 * the adapter must answer. Carries `status`/`statusCode` and `expose` so Express's and Connect's
 * error handlers answer with that status and message.
 */
export class BodyError extends SessctlError {
  readonly expose = true;

  constructor(
    readonly status: number,
    message: string,
    cause?: unknown,
  ) {
    super('SESSCTL_USAGE', message, { cause });
  }

  get statusCode(): number {
    return this.status;
  }
}

export const tooLarge = (limit: number) => new BodyError(413, `request body larger than ${limit} bytes`);
