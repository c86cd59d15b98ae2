import { restorable, type BackupEntry, type MemoryEntryLine, type StoreWriter, type WriteOutcome } from '../writer.js';
import type { MemoryKv } from './memory-kv.js';

/**
 * memory://: compare-and-delete in-process. The entry must hold the bytes the scan read, the
 * expiry the backup recorded and no access since (lastAccess unchanged); JavaScript runs the
 * compare and the delete without interleaving, so it is atomic.
 */
export function memoryWriter(kv: MemoryKv): StoreWriter {
  return {
    method: { kind: 'compare', checks: ['value', 'ttl', 'last-access'] },

    async snapshot(cands) {
      return cands.map((c): BackupEntry | undefined => {
        const e = kv.peek(c.raw.key.toString());
        if (!e) return undefined;
        const line: MemoryEntryLine = {
          type: 'memory',
          key: c.raw.key.toString('base64'),
          value: e.value.toString('base64'),
          expireAt: e.expiresAt ?? null,
          lastAccess: e.lastAccess,
          lastWrite: e.lastWrite,
        };
        return line;
      });
    },

    async apply(cands) {
      return cands.map((c): WriteOutcome => {
        const key = c.raw.key.toString();
        const e = kv.peek(key);
        if (!e) return 'gone';
        const ttlNow = e.expiresAt === undefined ? null : e.expiresAt - kv.now();
        const ttlThen =
          c.raw.ttlMs === undefined ? null : c.raw.ttlMs === null ? null : c.raw.ttlMs - (kv.now() - c.seenAtMs);
        const sameTtl = ttlNow === null ? ttlThen === null : ttlThen !== null && ttlNow - ttlThen <= 1000;
        const unread = c.raw.lastAccessMs === undefined || e.lastAccess === c.raw.lastAccessMs;
        if (!sameTtl || !unread || (c.raw.value !== undefined && !e.value.equals(c.raw.value))) return 'changed';
        if (c.action === 'fix-ttl') {
          kv.put(key, { ...e, expiresAt: kv.now() + (c.fixTtlMs ?? 0) });
          return 'fixed';
        }
        kv.delete(key);
        return 'deleted';
      });
    },

    async restore(entries, replace) {
      const { out, live } = restorable(entries, 'memory', Date.now());
      for (const i of live) {
        const e = entries[i] as MemoryEntryLine;
        const key = Buffer.from(e.key, 'base64').toString();
        if (!replace && kv.peek(key)) out[i] = { outcome: 'exists' };
        else {
          kv.put(key, {
            value: Buffer.from(e.value, 'base64'),
            expiresAt: e.expireAt ?? undefined,
            lastAccess: e.lastAccess,
            lastWrite: e.lastWrite,
          });
          out[i] = { outcome: 'restored' };
        }
      }
      return out;
    },
  };
}
