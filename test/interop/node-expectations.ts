import type { FrameworkId } from '../../src/frameworks/types.js';
import type { NodeFrameworkId, Scenario } from '../../scripts/fixtures/node-apps.mjs';

/**
 * What each scenario driven in scripts/fixtures/node-apps.mjs must read as. Written by hand from
 * what the app code did, not from interpret()'s output.
 */
export const NODE_EXPECTED: Record<
  NodeFrameworkId,
  Record<Scenario, { framework: FrameworkId; empty: boolean; anonymous: boolean; userKeys: string[] }> & {
    createdAt: boolean;
    rewritesOnRequest: boolean;
  }
> = {
  'express-session': {
    empty: { framework: 'express-session', empty: true, anonymous: false, userKeys: [] },
    anonymous: { framework: 'express-session', empty: false, anonymous: true, userKeys: [] },
    authenticated: { framework: 'express-session', empty: false, anonymous: false, userKeys: ['passport.user'] },
    createdAt: true,
    rewritesOnRequest: false,
  },
  'fastify-session': {
    empty: { framework: 'fastify-session', empty: true, anonymous: false, userKeys: [] },
    anonymous: { framework: 'fastify-session', empty: false, anonymous: true, userKeys: [] },
    authenticated: { framework: 'fastify-session', empty: false, anonymous: false, userKeys: ['userId'] },
    createdAt: true,
    rewritesOnRequest: true,
  },
  'connect-memcached': {
    empty: { framework: 'connect-memcached', empty: true, anonymous: false, userKeys: [] },
    anonymous: { framework: 'connect-memcached', empty: false, anonymous: true, userKeys: [] },
    authenticated: { framework: 'connect-memcached', empty: false, anonymous: false, userKeys: ['user'] },
    // browser-session cookie (no maxAge): the payload records no time
    createdAt: false,
    rewritesOnRequest: true,
  },
  'koa-session': {
    empty: { framework: 'koa-session', empty: true, anonymous: false, userKeys: [] },
    anonymous: { framework: 'koa-session', empty: false, anonymous: true, userKeys: [] },
    authenticated: { framework: 'koa-session', empty: false, anonymous: false, userKeys: ['user_id'] },
    createdAt: true,
    rewritesOnRequest: false,
  },
};

export const SCENARIOS: Scenario[] = ['empty', 'anonymous', 'authenticated'];
