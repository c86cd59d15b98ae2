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
export type { SessionStore, StoreCapabilities, StoredPayload } from './stores/types.js';
export { memoryStore, type MemoryStoreOptions } from './stores/memory.js';
export { redisStore, type RedisStoreOptions } from './stores/redis.js';
export { memcachedStore, type MemcachedStoreOptions } from './stores/memcached.js';
