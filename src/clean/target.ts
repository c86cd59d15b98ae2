import { UsageError } from '../errors.js';
import type { ScanStore } from '../stores/types.js';
import type { BackupEntry } from './backup-format.js';
import { memcachedTarget } from './memcached-target.js';
import { memoryTarget } from './memory-target.js';
import { redisTarget } from './redis-target.js';
import type { Candidate, Outcome } from './types.js';

/** How one store kind backs up, conditionally deletes and restores. */
export interface CleanTarget {
  /** What makes a delete conditional here, in words for the report. */
  method: { kind: string; checks: string[] };
  /** The backup entry of each candidate as it is now; undefined where the key is already gone. */
  snapshot(cands: Candidate[]): Promise<Array<BackupEntry | undefined>>;
  /**
   * Deletes (or, for `fix-ttl`, gives an expiry to) each candidate only if it is still what the scan
   * saw, atomically per key. `entries` are the snapshots just backed up (undefined with --no-backup).
   */
  apply(cands: Candidate[], entries: Array<BackupEntry | undefined>): Promise<Outcome[]>;
}

export type RestoreOutcome = 'restored' | 'exists' | 'expired' | 'error';

export interface RestoreTarget {
  restore(entries: BackupEntry[], replace: boolean): Promise<Array<{ outcome: RestoreOutcome; message?: string }>>;
}

/**
 * `exactExpiry`: the candidates' expiries are absolute (planned from a dump), so an expiry moved
 * earlier since is a change too, not only one pushed later.
 */
export function cleanTarget(store: ScanStore, options: { exactExpiry?: boolean } = {}): CleanTarget {
  const n = store.native;
  switch (n.kind) {
    case 'redis':
      return redisTarget(n, store.capabilities.noTouch, options.exactExpiry);
    case 'memcached':
      return memcachedTarget(n);
    case 'memory':
      return memoryTarget(n);
    case 'rdb':
      throw dumpIsReadOnly(store.redactedUrl);
  }
}

/** A dump cannot be written: cleaning goes to the live server, planned from the dump. */
export function dumpIsReadOnly(redactedUrl: string): UsageError {
  return new UsageError(`${redactedUrl} is an RDB dump, which is read-only`, {
    hint: 'to delete on the live server what the dump selects: sessctl clean --plan-from DUMP STORE-URL',
  });
}

/** Milliseconds since the scan read the record, by the local clock. */
export function sinceSeen(c: Candidate, now = Date.now()): number {
  return Math.max(0, now - c.seenAtMs);
}
