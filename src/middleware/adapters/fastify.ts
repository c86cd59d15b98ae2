/**
 * @module sessctl/middleware/fastify — a fastify plugin.
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { createSessionManager } from '../session-manager.js';
import type { Session, Session as SessctlSession } from '../session.js';
import type { RequestFacts, ResponseEffects, SessionData, SessionOptions } from '../types.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessctlSession<SessionData>;
  }
}

/**
 * Session plugin for fastify 5. `request.session` is available from `preValidation` on (after the
 * body is parsed, so a JSON body token is seen without consuming anything); the session is saved
 * in `onSend`, before the response goes out. Registered without encapsulation, so it applies to
 * every route of the instance it is registered on.
 *
 * @example
 * await app.register(sessionPlugin, { store: redisStore({ url }), secret });
 * app.post('/login', async (request) => {
 *   request.session.data.userId = user.id;
 *   await request.session.regenerate();
 *   return { token: request.session.token };
 * });
 */
export const sessionPlugin: FastifyPluginCallback<SessionOptions> = (fastify, options, done) => {
  const manager = createSessionManager(options);
  const secureOf = (request: FastifyRequest) => request.protocol === 'https';
  fastify.decorateRequest('session', null as unknown as Session<SessionData>);

  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    const facts: RequestFacts = {
      method: request.method,
      header: (name) => first(request.headers[name]),
      secure: secureOf(request),
      body: request.body ?? undefined,
    };
    request.session = manager.isPreflight(facts) ? manager.inert() : await manager.load(facts);
  });

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    // Requests that ended before preValidation (404 from onRequest, a cors preflight answered early) have no session.
    if (!request.session) return payload;
    apply(reply, await manager.commit(request.session, secureOf(request)));
    return payload;
  });
  done();
};

// What fastify-plugin does: no encapsulation, so the hooks apply to the parent's routes.
Object.assign(sessionPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'sessctl-session',
});

function apply(reply: FastifyReply, effects: ResponseEffects): void {
  if (effects.setCookie) {
    const existing = reply.getHeader('set-cookie');
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    reply.header('set-cookie', [...list, effects.setCookie]);
  }
  if (effects.token) reply.header(effects.token[0], effects.token[1]);
  if ((effects.setCookie || effects.token) && !reply.hasHeader('cache-control'))
    reply.header('cache-control', 'no-store');
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default sessionPlugin;
export type { Session, SessionData, SessionOptions };
