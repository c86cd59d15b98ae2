import { memoryKv, type MemoryKv } from './memory-kv.js';
import type { SessionStore, StoredPayload } from '../session-store.js';
import { SESSCTL_KEY_PREFIX } from '../../frameworks/sessctl.js';

export interface MemoryStoreOptions {
  /** The `memory://<name>` store to use, shared with `sessctl scan memory://<name>`. Default `default`. */
  name?: string;
  /** Key prefix. Default `sessctl:` (what `sessctl scan` recognises as this middleware's sessions). */
  prefix?: string;
  /** A specific MemoryKv instead of the named shared one. */
  kv?: MemoryKv;
}

interface Read {
  id: string;
  resolve: (found: StoredPayload | undefined) => void;
  reject: (err: unknown) => void;
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
  const read = (id: string): StoredPayload | undefined => {
    const key = prefix + id;
    const entry = kv.peek(key);
    if (!entry) return undefined;
    const payload = kv.get(key)!;
    return { payload, ttlMs: entry.expiresAt === undefined ? undefined : entry.expiresAt - kv.now() };
  };
  // Reads are answered together in the next check phase, as a network store's replies arrive, so
  // the requests of one poll phase go from load to response in one turn. Answered in the same tick,
  // each request ran alone (and node made and dropped the timer list of the middleware's store
  // timeout for each): with 20 concurrent clients this store cost more CPU per GET than Redis.
  let reads: Read[] = [];
  const answer = () => {
    const batch = reads;
    reads = [];
    for (const r of batch) {
      try {
        r.resolve(read(r.id));
      } catch (err) {
        r.reject(err);
      }
    }
  };
  return {
    name: `memory://${name}`,
    capabilities: { ttl: true, touch: true },
    get(id) {
      return new Promise((resolve, reject) => {
        if (reads.push({ id, resolve, reject }) === 1) setImmediate(answer);
      });
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
