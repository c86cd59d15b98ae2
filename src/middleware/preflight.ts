import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFacts } from './types.js';

/**
 * A CORS preflight: `OPTIONS` with `Access-Control-Request-Method` (Fetch standard §CORS-preflight
 * request). Browsers send it without cookies, so a session layer that runs on it mints a session
 * the browser throws away. A bare OPTIONS (no such header) is an ordinary request.
 */
export function isPreflight(facts: Pick<RequestFacts, 'method' | 'header'>): boolean {
  return facts.method === 'OPTIONS' && facts.header('access-control-request-method') !== undefined;
}

export interface PreflightGuardOptions {
  /** Answer with this CORS handler (e.g. `cors(options)`) instead of the built-in answer; session middleware after the guard never runs for preflights. */
  handler?: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  /** Allowed origins: `true` reflects any origin (use with care), a list, or a predicate. Default: none (no CORS headers). */
  origin?: boolean | readonly string[] | ((origin: string) => boolean);
  /** Default `GET,HEAD,PUT,PATCH,POST,DELETE`. */
  methods?: readonly string[];
  /** Default: the requested headers (`Access-Control-Request-Headers`) when the origin is allowed. */
  allowedHeaders?: readonly string[];
  credentials?: boolean;
  /** `Access-Control-Max-Age` in seconds. */
  maxAge?: number;
}

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * For apps that keep express-session (or any eager session layer): mount it first and preflights
 * are answered before any session middleware runs, so they can never create a session.
 *
 * @example
 * app.use(preflightGuard({ origin: ['https://app.example'], credentials: true }));
 * app.use(expressSession({ ... }));
 */
export function preflightGuard(options: PreflightGuardOptions = {}): NodeMiddleware {
  const {
    handler,
    origin,
    methods = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    allowedHeaders,
    credentials = false,
    maxAge,
  } = options;
  const allowed = (o: string) =>
    typeof origin === 'function'
      ? origin(o)
      : origin === true
        ? true
        : Array.isArray(origin)
          ? origin.includes(o)
          : false;
  return function preflightGuard(req, res, next) {
    const header = (name: string) => first(req.headers[name]);
    if (!isPreflight({ method: req.method ?? '', header })) return next();
    const answer = () => {
      if (res.headersSent) return;
      const o = header('origin');
      if (o !== undefined && allowed(o)) {
        res.setHeader('Access-Control-Allow-Origin', o);
        if (credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Access-Control-Allow-Methods', methods.join(','));
        const h = allowedHeaders?.join(',') ?? header('access-control-request-headers');
        if (h) res.setHeader('Access-Control-Allow-Headers', h);
        if (maxAge !== undefined) res.setHeader('Access-Control-Max-Age', String(maxAge));
      }
      res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
      res.setHeader('Content-Length', '0');
      res.statusCode = 204;
      res.end();
    };
    if (!handler) return answer();
    // A handler that calls next() instead of answering (cors' preflightContinue) still never reaches the session layer.
    handler(req, res, (err) => (err ? next(err) : answer()));
  };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
