/**
 * The framework registry: what a decoded session payload means, per framework.
 *
 * How to add a framework:
 *   1. add its id to FRAMEWORK_IDS in ./types.ts (the build then fails until step 3 is done);
 *   2. write src/frameworks/<id>.ts: `export default defineFramework({ id, prefixes, keyPatterns?,
 *      formats, match, meaning })` (contract and hot-path rules in ./define-framework.ts; use
 *      classifyRecord() from ./classify-record.ts so the user-identity rule stays the same everywhere);
 *   3. import it below and add it to FRAMEWORKS;
 *   4. commit real bytes the framework wrote under test/fixtures/<lang>/<id>/ and an interop test.
 * FRAMEWORK_ORDER breaks ties between equal scores and picks the framework for a key whose payload
 * shape says nothing: the most common user of a shared prefix first (`sess:` → express-session).
 */
import type { FrameworkDef } from './define-framework.js';
import type { FrameworkId } from './types.js';
import connectMemcached from './connect-memcached.js';
import django from './django.js';
import expressSession from './express-session.js';
import fastifySession from './fastify-session.js';
import flaskSession from './flask-session.js';
import koaSession from './koa-session.js';
import laravel from './laravel.js';
import php from './php.js';
import rack from './rack.js';
import sessctl from './sessctl.js';
import springSession from './spring-session.js';

/** Frameworks with a definition here; `generic` (custom layers) is given by key layout, not by payload shape. */
export type KnownFrameworkId = Exclude<FrameworkId, 'unknown' | 'generic'>;

export const FRAMEWORKS = {
  sessctl,
  'express-session': expressSession,
  'fastify-session': fastifySession,
  'connect-memcached': connectMemcached,
  'koa-session': koaSession,
  'flask-session': flaskSession,
  django,
  laravel,
  php,
  rack,
  'spring-session': springSession,
} as const satisfies Record<KnownFrameworkId, FrameworkDef>;

export const FRAMEWORK_ORDER: readonly FrameworkDef[] = Object.values(FRAMEWORKS);

export type { FrameworkDef, FrameworkMeaning, MatchContext } from './define-framework.js';
export { defineFramework } from './define-framework.js';
