import { SessctlError } from '../errors.js';

/**
 * The error every store failure becomes: a SessctlError the app's error handler receives, with an
 * HTTP status (503: the session store is a dependency that is unavailable) that Express, fastify
 * and Hono error handlers read from `status`/`statusCode`.
 */
export class SessionStoreError extends SessctlError {
  readonly status = 503;
  readonly statusCode = 503;
  /** Express's finalhandler shows the message only when `expose` is true; store details stay private. */
  readonly expose = false;
}

/**
 * Runs one store operation with a deadline, so a store that is down or hung gives the request a
 * clear error instead of hanging it. The operation itself is not cancelled (clients cannot), only
 * no longer awaited.
 */
export async function withStoreTimeout<T>(op: string, store: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SessionStoreError('SESSCTL_STORE_UNREACHABLE', `session store ${store} did not answer ${op} within ${ms} ms`, {
            hint: 'check that the session store is running and reachable; the middleware option storeTimeout bounds the wait',
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (cause) {
    if (cause instanceof SessionStoreError) throw cause;
    throw new SessionStoreError('SESSCTL_STORE_ERROR', `session store ${store} failed on ${op}: ${firstLine(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
