import type { RawRecord } from './types.js';

/** What a write acts on: one key as the scan read it, and when. clean's `Candidate` is one. */
export interface WriteRequest {
  raw: RawRecord;
  /** The local clock when the scan read the record, ms since the epoch. */
  seenAtMs: number;
  /** `fix-ttl` gives a never-expiring key the expiry `fixTtlMs` instead of deleting it. */
  action: 'delete' | 'fix-ttl';
  fixTtlMs?: number;
}

/** What a conditional write did; `changed`, `gone` and `error` say why it left the key in place. */
export type WriteOutcome = 'deleted' | 'fixed' | 'changed' | 'gone' | 'error';

export type RestoreOutcome = 'restored' | 'exists' | 'expired' | 'error';
export interface RestoreResult {
  outcome: RestoreOutcome;
  message?: string;
}

/** Redis/Valkey: the `DUMP` payload (RDB-version-locked), absolute expiry (PEXPIRETIME) and idle time. */
export interface RedisEntry {
  type: 'redis';
  key: string;
  node: string;
  dump: string;
  expireAt: number | null;
  idleS: number;
}

/** memcached: value, client flags and absolute expiry. */
export interface MemcachedEntry {
  type: 'memcached';
  key: string;
  node: string;
  value: string;
  flags: number;
  expireAt: number | null;
}

/** memory://: the entry as MemoryKv holds it. */
export interface MemoryEntryLine {
  type: 'memory';
  key: string;
  value: string;
  expireAt: number | null;
  lastAccess: number;
  lastWrite: number;
}

/**
 * One key's snapshot, as a backup file line holds it (clean/backup-format.ts). Keys and payloads
 * are base64 so binary keys survive; times are absolute (ms since the epoch), so a restore puts
 * back the expiry the key had, not a fresh one.
 */
export type BackupEntry = RedisEntry | MemcachedEntry | MemoryEntryLine;

export interface WriterOptions {
  /**
   * The requests' expiries are absolute (planned from a dump), so an expiry moved earlier since is
   * a change too, not only one pushed later.
   */
  exactExpiry?: boolean;
}

/** How one store kind backs up, conditionally deletes and restores (clean, restore). */
export interface StoreWriter {
  /** What makes a delete conditional here, in words for the report. */
  method: { kind: string; checks: string[] };
  /** The backup entry of each request as the key is now; undefined where the key is already gone. */
  snapshot(reqs: WriteRequest[]): Promise<Array<BackupEntry | undefined>>;
  /**
   * Deletes (or, for `fix-ttl`, gives an expiry to) each key only if it is still what the scan
   * saw, atomically per key. `entries` are the snapshots just backed up (undefined with --no-backup).
   */
  apply(reqs: WriteRequest[], entries: Array<BackupEntry | undefined>): Promise<WriteOutcome[]>;
  /**
   * Puts backup entries back. An entry whose absolute expiry has passed is not written
   * (`expired`); a key that exists is kept (`exists`) unless `replace`.
   */
  restore(entries: BackupEntry[], replace: boolean): Promise<RestoreResult[]>;
}

/** Milliseconds since the scan read the record, by the local clock. */
export function sinceSeen(c: WriteRequest, now = Date.now()): number {
  return Math.max(0, now - c.seenAtMs);
}

/**
 * The entries a restore into a store of `type` writes (`live`, by index), and the results of the
 * others: an entry of another kind is an error, one whose absolute expiry has passed `expired`.
 */
export function restorable(
  entries: BackupEntry[],
  type: BackupEntry['type'],
  now: number,
): { out: RestoreResult[]; live: number[] } {
  const out: RestoreResult[] = new Array(entries.length);
  const live: number[] = [];
  entries.forEach((e, i) => {
    if (e.type !== type) out[i] = { outcome: 'error', message: `a ${e.type} entry cannot go into a ${type} store` };
    else if (e.expireAt !== null && e.expireAt <= now) out[i] = { outcome: 'expired' };
    else live.push(i);
  });
  return { out, live };
}
