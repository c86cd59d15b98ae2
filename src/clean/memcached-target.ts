import { metaKey, type MemcachedConnection, type MetaReply } from '../stores/memcached/memcached-connection.js';
import type { StoreNative } from '../stores/types.js';
import type { BackupEntry, MemcachedEntry } from './backup-format.js';
import { sinceSeen, type CleanTarget } from './target.js';
import type { Candidate, Outcome } from './types.js';

type MemcachedNative = Extract<StoreNative, { kind: 'memcached' }>;

/** memcached TTLs have 1 s resolution; a touch moves them by far more than this. */
const TTL_TOLERANCE_S = 2;

/**
 * memcached: the backup is the value, flags and expiry the scan read (`mg … v f t c u`); the delete
 * is `md <key> C<cas>`, which the server refuses (EX) when any write changed the item since the scan.
 * A read or a touch does not change the CAS, so a non-touching `mg <key> c t h u` right before it
 * checks that the TTL was not reset and, for an item the scan saw unfetched, that nobody read it.
 */
export function memcachedTarget(native: MemcachedNative): CleanTarget {
  function connOf(c: Candidate): MemcachedConnection | undefined {
    return native.servers.get(c.raw.node);
  }

  return {
    method: { kind: 'cas', checks: ['cas', 'ttl', 'fetched'] },

    async snapshot(cands) {
      return cands.map((c): BackupEntry | undefined => {
        if (!c.raw.value || c.raw.cas === undefined) return undefined;
        const entry: MemcachedEntry = {
          type: 'memcached',
          key: c.raw.key.toString('base64'),
          node: c.raw.node,
          value: c.raw.value.toString('base64'),
          flags: c.raw.flags ?? 0,
          expireAt: c.raw.ttlMs === null || c.raw.ttlMs === undefined ? null : c.seenAtMs + c.raw.ttlMs,
        };
        return entry;
      });
    },

    async apply(cands) {
      const out: Outcome[] = new Array(cands.length).fill('error');
      const groups = new Map<MemcachedConnection, number[]>();
      cands.forEach((c, i) => {
        const conn = connOf(c);
        if (conn) groups.set(conn, [...(groups.get(conn) ?? []), i]);
      });
      for (const [conn, idx] of groups) {
        // After a drop the CAS checks make deletes on a reopened (even restarted) server safe.
        if (!conn.connected) await conn.reconnect();
        const checks = await conn.meta(idx.map((i) => `mg ${wire(cands[i]!)} c t h u`));
        const now = Date.now();
        const go: number[] = [];
        idx.forEach((i, j) => {
          const verdict = check(cands[i]!, checks[j]!, now);
          if (verdict === 'ok') go.push(i);
          else out[i] = verdict;
        });
        const cmds = go.map((i) => {
          const c = cands[i]!;
          return c.action === 'fix-ttl'
            ? `mg ${wire(c)} T${Math.ceil((c.fixTtlMs ?? 0) / 1000)} u`
            : `md ${wire(c)} C${c.raw.cas}`;
        });
        const replies = await conn.meta(cmds);
        go.forEach((i, j) => {
          const r = replies[j]!.status;
          const fix = cands[i]!.action === 'fix-ttl';
          out[i] =
            r === 'HD'
              ? fix
                ? 'fixed'
                : 'deleted'
              : r === 'EX'
                ? 'changed'
                : r === 'NF' || r === 'EN'
                  ? 'gone'
                  : 'error';
        });
      }
      return out;
    },
  };
}

function wire(c: Candidate): string {
  const { token, base64 } = metaKey(c.raw.key);
  return base64 ? `${token} b` : token;
}

function check(c: Candidate, r: MetaReply, now: number): 'ok' | Outcome {
  if (r.status === 'EN') return 'gone';
  if (r.status !== 'HD') return 'error';
  if (r.flags.c !== c.raw.cas) return 'changed';
  if (c.raw.fetched === false && r.flags.h === '1') return 'changed';
  const t = Number(r.flags.t);
  if (c.action === 'fix-ttl') return t === -1 ? 'ok' : 'changed';
  const want = c.raw.ttlMs === null || c.raw.ttlMs === undefined ? -1 : (c.raw.ttlMs - sinceSeen(c, now)) / 1000;
  if ((want === -1) !== (t === -1)) return 'changed';
  // One-sided: waiting only shrinks the TTL; a touch pushes it out.
  if (want !== -1 && t - want > TTL_TOLERANCE_S) return 'changed';
  return 'ok';
}
