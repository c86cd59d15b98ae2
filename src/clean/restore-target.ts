import type { MemcachedConnection } from '../stores/memcached/memcached-connection.js';
import { metaKey } from '../stores/memcached/memcached-connection.js';
import type { RespConnection } from '../stores/redis/resp-connection.js';
import { RespError } from '../stores/redis/resp-parser.js';
import type { ScanStore } from '../stores/types.js';
import type { BackupEntry } from './backup-format.js';
import { dumpIsReadOnly, type RestoreOutcome, type RestoreTarget } from './target.js';

type Result = { outcome: RestoreOutcome; message?: string };

/** memcached reads an exptime above 30 days as a unix time, not seconds from now (protocol.txt). */
const MEMCACHED_RELATIVE_MAX_S = 30 * 86_400;

/**
 * Puts backup entries back into a store of the same kind. An entry whose absolute expiry has passed
 * is not written (`expired`); a key that exists is kept (`exists`) unless `replace`.
 */
export function restoreTarget(store: ScanStore): RestoreTarget {
  const n = store.native;
  if (n.kind === 'rdb') throw dumpIsReadOnly(store.redactedUrl);
  return {
    async restore(entries, replace) {
      const out: Result[] = new Array(entries.length);
      const now = Date.now();
      const live: number[] = [];
      entries.forEach((e, i) => {
        if (e.type !== n.kind)
          out[i] = { outcome: 'error', message: `a ${e.type} entry cannot go into a ${n.kind} store` };
        else if (e.expireAt !== null && e.expireAt <= now) out[i] = { outcome: 'expired' };
        else live.push(i);
      });
      if (n.kind === 'redis') {
        const groups = new Map<RespConnection, number[]>();
        for (const i of live) {
          const conn = await n.nodeFor(Buffer.from(entries[i]!.key, 'base64'));
          groups.set(conn, [...(groups.get(conn) ?? []), i]);
        }
        for (const [conn, idx] of groups) {
          const replies = await conn.pipeline(idx.map((i) => restoreCommand(entries[i]!, replace)));
          idx.forEach((i, j) => {
            const r = replies[j];
            out[i] =
              r === 'OK'
                ? { outcome: 'restored' }
                : r instanceof RespError && r.message.startsWith('BUSYKEY')
                  ? { outcome: 'exists' }
                  : { outcome: 'error', message: r instanceof RespError ? r.message : String(r) };
          });
        }
      } else if (n.kind === 'memcached') {
        const single = n.servers.size === 1 ? [...n.servers.values()][0] : undefined;
        const groups = new Map<MemcachedConnection, number[]>();
        for (const i of live) {
          const e = entries[i] as Extract<BackupEntry, { type: 'memcached' }>;
          const conn = n.servers.get(e.node) ?? single;
          if (!conn) out[i] = { outcome: 'error', message: `server ${e.node} is not in the target pool` };
          else groups.set(conn, [...(groups.get(conn) ?? []), i]);
        }
        for (const [conn, idx] of groups) {
          const replies = await conn.meta(
            idx.map((i) => metaSet(entries[i] as Extract<BackupEntry, { type: 'memcached' }>, replace, now)),
          );
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
      } else {
        for (const i of live) {
          const e = entries[i] as Extract<BackupEntry, { type: 'memory' }>;
          const key = Buffer.from(e.key, 'base64').toString();
          if (!replace && n.kv.peek(key)) out[i] = { outcome: 'exists' };
          else {
            n.kv.put(key, {
              value: Buffer.from(e.value, 'base64'),
              expiresAt: e.expireAt ?? undefined,
              lastAccess: e.lastAccess,
              lastWrite: e.lastWrite,
            });
            out[i] = { outcome: 'restored' };
          }
        }
      }
      return out;
    },
  };
}

function restoreCommand(e: BackupEntry, replace: boolean): Array<string | Buffer> {
  const r = e as Extract<BackupEntry, { type: 'redis' }>;
  return [
    'RESTORE',
    Buffer.from(r.key, 'base64'),
    String(r.expireAt ?? 0),
    Buffer.from(r.dump, 'base64'),
    ...(r.expireAt !== null ? ['ABSTTL'] : []),
    'IDLETIME',
    String(Math.max(0, Math.floor(r.idleS))),
    ...(replace ? ['REPLACE'] : []),
  ];
}

function metaSet(e: Extract<BackupEntry, { type: 'memcached' }>, replace: boolean, now: number): Buffer {
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
