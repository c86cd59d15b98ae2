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
export function withStoreTimeout<T>(op: string, store: string, ms: number, run: () => Promise<T>): Promise<T> {
  // One promise and one timer per operation (no Promise.race, no async frame): this is on every request's path.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new SessionStoreError(
            'SESSCTL_STORE_UNREACHABLE',
            `session store ${store} did not answer ${op} within ${ms} ms`,
            {
              hint: 'check that the session store is running and reachable; the middleware option storeTimeout bounds the wait',
            },
          ),
        ),
      ms,
    );
    const fail = (cause: unknown) => {
      clearTimeout(timer);
      reject(
        cause instanceof SessionStoreError
          ? cause
          : new SessionStoreError(
              'SESSCTL_STORE_ERROR',
              `session store ${store} failed on ${op}: ${firstLine(cause)}`,
              { cause },
            ),
      );
    };
    let pending: Promise<T>;
    try {
      pending = run();
    } catch (cause) {
      fail(cause);
      return;
    }
    pending.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, fail);
  });
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
