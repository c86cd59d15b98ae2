import { memoryKv, type MemoryKv } from './memory-kv.js';
import type { SessionStore } from '../session-store.js';
import { SESSCTL_KEY_PREFIX } from '../../frameworks/sessctl.js';

export interface MemoryStoreOptions {
  /** The `memory://<name>` store to use, shared with `sessctl scan memory://<name>`. Default `default`. */
  name?: string;
  /** Key prefix. Default `sessctl:` (what `sessctl scan` recognises as this middleware's sessions). */
  prefix?: string;
  /** A specific MemoryKv instead of the named shared one. */
  kv?: MemoryKv;
}

/**
 * The in-process store: the default, for tests and demos. It is the `memory://name` store of the
 * CLI, so a scan in the same process sees exactly the keys the middleware wrote.
 */
export function memoryStore({
  name = 'default',
  prefix = SESSCTL_KEY_PREFIX,
  kv = memoryKv(name),
}: MemoryStoreOptions = {}): SessionStore {
  return {
    name: `memory://${name}`,
    capabilities: { ttl: true, touch: true },
    async get(id) {
      const key = prefix + id;
      const entry = kv.peek(key);
      if (!entry) return undefined;
      const payload = kv.get(key)!;
      return { payload, ttlMs: entry.expiresAt === undefined ? undefined : entry.expiresAt - kv.now() };
    },
    async set(id, payload, ttlMs) {
      kv.set(prefix + id, payload, ttlMs);
    },
    async touch(id, ttlMs) {
      return kv.pexpire(prefix + id, ttlMs);
    },
    async destroy(id) {
      kv.delete(prefix + id);
    },
    async close() {},
  };
}
