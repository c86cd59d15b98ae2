import {
  restorable,
  sinceSeen,
  type BackupEntry,
  type MemcachedEntry,
  type StoreWriter,
  type WriteOutcome,
  type WriteRequest,
} from '../writer.js';
import { metaKey, type MemcachedConnection, type MetaReply } from './memcached-connection.js';

/** memcached TTLs have 1 s resolution; a touch moves them by far more than this. */
const TTL_TOLERANCE_S = 2;

/**
 * memcached: the backup is the value, flags and expiry the scan read (`mg … v f t c u`); the delete
 * is `md <key> C<cas>`, which the server refuses (EX) when any write changed the item since the scan.
 * A read or a touch does not change the CAS, so a non-touching `mg <key> c t h u` right before it
 * checks that the TTL was not reset and, for an item the scan saw unfetched, that nobody read it.
 */
/** memcached reads an exptime above 30 days as a unix time, not seconds from now (protocol.txt). */
const MEMCACHED_RELATIVE_MAX_S = 30 * 86_400;

/**
 * `servers`: the live connections by node id. A key lives on the server its RawRecord.node names
 * (the app's client hashing is unknown to us).
 */
export function memcachedWriter(servers: Map<string, MemcachedConnection>): StoreWriter {
  function connOf(c: WriteRequest): MemcachedConnection | undefined {
    return servers.get(c.raw.node);
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
      const out: WriteOutcome[] = new Array(cands.length).fill('error');
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

    async restore(entries, replace) {
      const now = Date.now();
      const { out, live } = restorable(entries, 'memcached', now);
      const single = servers.size === 1 ? [...servers.values()][0] : undefined;
      const groups = new Map<MemcachedConnection, number[]>();
      for (const i of live) {
        const e = entries[i] as MemcachedEntry;
        const conn = servers.get(e.node) ?? single;
        if (!conn) out[i] = { outcome: 'error', message: `server ${e.node} is not in the target pool` };
        else groups.set(conn, [...(groups.get(conn) ?? []), i]);
      }
      for (const [conn, idx] of groups) {
        const replies = await conn.meta(idx.map((i) => metaSet(entries[i] as MemcachedEntry, replace, now)));
        idx.forEach((i, j) => {
          const s = replies[j]!.status;
          out[i] =
            s === 'HD'
              ? { outcome: 'restored' }
              : s === 'NS'
                ? { outcome: 'exists' }
                : { outcome: 'error', message: `${s} ${replies[j]!.message ?? ''}`.trim() };
        });
      }
      return out;
    },
  };
}

function metaSet(e: MemcachedEntry, replace: boolean, now: number): Buffer {
  const { token, base64 } = metaKey(Buffer.from(e.key, 'base64'));
  const value = Buffer.from(e.value, 'base64');
  let t = 0;
  if (e.expireAt !== null) {
    const rel = Math.max(1, Math.ceil((e.expireAt - now) / 1000));
    t = rel > MEMCACHED_RELATIVE_MAX_S ? Math.floor(e.expireAt / 1000) : rel;
  }
  const head = `ms ${token} ${value.length}${base64 ? ' b' : ''} F${e.flags} T${t} M${replace ? 'S' : 'E'}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), value]);
}

function wire(c: WriteRequest): string {
  const { token, base64 } = metaKey(c.raw.key);
  return base64 ? `${token} b` : token;
}

function check(c: WriteRequest, r: MetaReply, now: number): 'ok' | WriteOutcome {
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
