import type { IncomingMessage, ServerResponse } from 'node:http';
import { session } from '../middleware/adapters/express.js';
import type { SessionStore } from '../stores/session-store.js';
import { demoRoutes } from './demo-routes.js';

export interface SessctlAppOptions {
  store: SessionStore;
  /** Session idle lifetime in ms. */
  ttlMs?: number;
}

/**
 * The same routes as the naive app behind `sessctl/middleware`: sessions are created only when a
 * value is set (the login), preflights never reach the store, unknown ids are never adopted.
 */
export function sessctlApp({ store, ttlMs = 86_400_000 }: SessctlAppOptions) {
  const middleware = session<Record<string, unknown>>({ store, ttl: ttlMs });
  return function sessctlApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      middleware(req, res, (err?: unknown) => {
        if (err) return reject(err);
        const s = (
          req as IncomingMessage & { session: import('../middleware/session.js').Session<Record<string, unknown>> }
        ).session;
        demoRoutes(req, res, {
          get: (key) => s.data[key],
          set: (key, value) => void (s.data[key] = value),
          destroy: () => s.destroy(),
          regenerate: () => s.regenerate(),
        }).then(resolve, reject);
      });
    });
  };
}
