/**
 * @module sessctl/middleware — the framework-free core, its types and the stores. Adapters live in
 * `sessctl/middleware/express`, `sessctl/middleware/fastify` and `sessctl/middleware/hono`.
 */
export { createSessionManager, type SessionManager } from './session-manager.js';
export { Session } from './session.js';
export {
  planCommit,
  shouldSave,
  shouldDelete,
  shouldTouch,
  shouldSetCookie,
  type CommitPlan,
  type CommitState,
} from './plan.js';
export { isPreflight, preflightGuard, type PreflightGuardOptions } from './preflight.js';
export { generateSessionId, isSessionId } from './session-id.js';
export { sign, unsign } from './signing.js';
export { SessionStoreError } from './timeout.js';
export type { CookieOptions } from './cookie.js';
export type { SessionData, SessionOptions, Transport, RequestFacts, ResponseEffects } from './types.js';
export type { SessionStore, SessionStoreCapabilities, StoredPayload } from '../stores/session-store.js';
/**
 * @deprecated The name this entry point first gave a session store's capabilities; use
 * `SessionStoreCapabilities` (the `ttl` and `touch` of sessctl's one `StoreCapabilities`).
 */
export type { SessionStoreCapabilities as StoreCapabilities } from '../stores/session-store.js';
export { memoryStore, type MemoryStoreOptions } from '../stores/memory/memory-session-store.js';
export { redisStore, type RedisStoreOptions } from '../stores/redis/redis-session-store.js';
export { memcachedStore, type MemcachedStoreOptions } from '../stores/memcached/memcached-session-store.js';
