/**
 * @module sessctl/middleware/express — node:http, Connect and Express.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createSessionManager } from '../session-manager.js';
import type { ResolvedOptions } from '../options.js';
import type { CommitPlan } from '../plan.js';
import type { Session } from '../session.js';
import type { RequestFacts, ResponseEffects, SessionData, SessionOptions } from '../types.js';
import { readJsonBody } from './node-body.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: Session<SessionData>;
    }
  }
}

type Req = IncomingMessage & { session?: Session<never>; body?: unknown; secure?: boolean };
type Next = (err?: unknown) => void;

/**
 * Session middleware for Express, Connect and plain node:http (`(req, res, next)`). `req.session` is
 * set for every request; it is stored only once it holds a value. The session is saved before the
 * response ends, so the client's next request always finds it. A JSON body token is read from
 * `req.body` when a body parser ran first, else the JSON body is buffered and left on `req.body`.
 *
 * @example
 * app.use(session({ store: redisStore({ url: 'redis://localhost:6379' }), secret: process.env.SESSION_SECRET }));
 * app.post('/login', async (req, res) => {
 *   req.session.data.userId = user.id;
 *   await req.session.regenerate();
 *   res.json({ token: req.session.token }); // for token clients; browsers use the cookie
 * });
 */
export function session<D extends object = SessionData>(options: SessionOptions = {}) {
  const manager = createSessionManager<D>(options);
  const o = manager.options;
  return function sessctlSession(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const r = req as Req;
    const facts = new ExpressFacts(r, o);
    if (manager.isPreflight(facts)) {
      r.session = manager.inert() as Session<never>;
      return next();
    }
    manager.load(facts).then((s) => {
      r.session = s as Session<never>;
      hookResponse(res, next, {
        headers: (p = manager.plan(s)) =>
          p.cookie === 'none' && !p.token ? NO_EFFECTS : manager.effects(s, facts.secure, p),
        plan: () => manager.plan(s),
        commit: (p) => manager.commit(s, facts.secure, p),
      });
      next();
    }, next);
  };
}

const NO_EFFECTS: ResponseEffects = Object.freeze({});

/**
 * What the core reads of one request. A class, not an object literal with a getter: such a
 * literal is built in dictionary mode on every request. Express's req.secure walks its
 * trust-proxy setting, so it is asked only when a cookie is written.
 */
class ExpressFacts implements RequestFacts {
  readonly method: string;
  #secure: boolean | undefined;

  constructor(
    private readonly req: Req,
    private readonly o: ResolvedOptions,
  ) {
    this.method = req.method ?? 'GET';
  }

  // Own functions, not methods: the core copies facts with a spread to add a body it read.
  readonly header = (name: string) => first(this.req.headers[name]);
  readonly readBody = () => readJsonBody(this.req, this.o.bodyLimit);

  get secure(): boolean {
    return (this.#secure ??= isSecure(this.req, this.o.trustProxy));
  }
}

/**
 * Commits before the response ends (the client cannot race ahead of the store write), and puts
 * the headers on at header time when the app flushes headers early (streaming). A store failure
 * at commit goes to `next(err)` while the response can still be replaced.
 */
interface Committer {
  /** The headers of a plan (the current one when omitted), no IO. */
  headers(plan?: CommitPlan): ResponseEffects;
  /** What commit would do now; made once at the end and handed to headers/commit (it stringifies the data). */
  plan(): CommitPlan;
  commit(plan: CommitPlan): Promise<ResponseEffects>;
}

function hookResponse(res: ServerResponse, next: Next, c: Committer): void {
  const writeHead = res.writeHead;
  const end = res.end;
  let headersDone = false;
  let ending = false;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!headersDone) {
      headersDone = true;
      apply(this, c.headers());
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (ending) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    ending = true;
    // Most requests (anonymous, or an unchanged session not due for a touch) need no store call: end now.
    const p = c.plan();
    if (!p.write && !p.delete && !p.touch) {
      if (!headersDone && !res.headersSent) apply(res, c.headers(p));
      headersDone = true;
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    }
    c.commit(p).then(
      (effects) => {
        if (!res.headersSent && !headersDone) apply(res, effects);
        headersDone = true;
        (end as (...a: unknown[]) => ServerResponse).apply(res, args);
      },
      (err: unknown) => {
        res.writeHead = writeHead;
        res.end = end;
        if (res.headersSent) res.destroy(err as Error);
        else next(err);
      },
    );
    return this;
  } as typeof res.end;
}

function apply(res: ServerResponse, effects: ResponseEffects): void {
  if (effects.setCookie) res.appendHeader('Set-Cookie', effects.setCookie);
  if (effects.token) res.setHeader(effects.token[0], effects.token[1]);
  // A response that carries a session credential must not be cached by shared caches.
  if ((effects.setCookie || effects.token) && !res.hasHeader('Cache-Control'))
    res.setHeader('Cache-Control', 'no-store');
}

function isSecure(req: Req, trustProxy: boolean): boolean {
  // Express computes req.secure from its own `trust proxy` setting; plain node:http does not have it.
  if (typeof req.secure === 'boolean') return req.secure;
  if ((req.socket as TLSSocket).encrypted) return true;
  return trustProxy && first(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim() === 'https';
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export type { Session, SessionData, SessionOptions };
