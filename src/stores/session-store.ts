import type { StoreCapabilities } from './types.js';

/** What a store returns for one session: the stored bytes and, when the store can tell, the remaining TTL. */
export interface StoredPayload {
  payload: Buffer;
  /** Remaining time to live in ms; undefined when the store cannot report it cheaply (memcached). */
  ttlMs?: number | undefined;
}

/**
 * What a session store can do beyond get/set/destroy, in the terms of the one `StoreCapabilities`;
 * the core adapts to it instead of probing at runtime. `ttl`: `get` reports the remaining TTL, so
 * rolling expiry touches only when needed. `touch`: `touch` refreshes the TTL without rewriting
 * the payload.
 */
export type SessionStoreCapabilities = Pick<StoreCapabilities, 'ttl' | 'touch'>;

/**
 * The one interface every session store of the middleware implements (`stores/<kind>/
 * <kind>-session-store.ts`, or your own). Ids arrive without prefix; the store owns its key layout
 * (`prefix + id`). Payloads are opaque bytes (sessctl's envelope, written by the core).
 */
export interface SessionStore {
  /** For error messages; never contains credentials. */
  readonly name: string;
  readonly capabilities: SessionStoreCapabilities;
  get(id: string): Promise<StoredPayload | undefined>;
  set(id: string, payload: Buffer, ttlMs: number): Promise<void>;
  /** Refreshes the TTL without rewriting the value; false when the key is gone. */
  touch(id: string, ttlMs: number): Promise<boolean>;
  destroy(id: string): Promise<void>;
  /** Releases connections the store created itself (never a client the user passed in). */
  close(): Promise<void>;
}
