import { createHash } from 'node:crypto';
import { SessctlError } from '../../errors.js';
import {
  restorable,
  sinceSeen,
  type BackupEntry,
  type RedisEntry,
  type StoreWriter,
  type WriteOutcome,
  type WriteRequest,
} from '../writer.js';
import { isDropped, type RespConnection } from './resp-connection.js';
import { RespError, type RespReply } from './resp-parser.js';

/** The connection to the node that owns a key's slot (standalone: the one node). */
export type NodeFor = (key: Buffer | string) => Promise<RespConnection>;

/** An expiry pushed out by more than this since the scan (beyond elapsed time) was reset: the session is alive. */
export const TTL_TOLERANCE_MS = 1000;

/**
 * Deletes KEYS[1] only if it is what the scan saw. Checks run cheapest first and stop at the first
 * difference, so a key that came alive is left as it is:
 *  1. PTTL not later than the scan's TTL minus elapsed time (+ tolerance), and still set or still
 *     unset: no EXPIRE/PEXPIRE/SET … EX pushed the expiry out since. (Queueing only makes PTTL
 *     smaller than expected, so after a live scan the check is one-sided: an expiry moved earlier is
 *     no sign of life. A plan from a dump knows each key's absolute expiry, so there an expiry moved
 *     earlier by more than ARGV[7] ms is a change too, and the key stays.)
 *  2. OBJECT IDLETIME not below the scan's idle + elapsed (only under CLIENT NO-TOUCH, where our
 *     own reads leave it alone): no read since.
 *  3. sha1 of the string value (or an order-free digest of a hash's fields) equals the scan's: not rewritten.
 *  4. sha1 of DUMP equals the backup's: the deleted bytes are exactly the backed-up ones.
 * ARGV: expected PTTL (-1 = none), tolerance ms, value sha1 or '', dump sha1 or '', min idle or -1,
 * hash digest or '', tolerance ms for an earlier expiry or -1 (one-sided).
 */
export const DELETE_SCRIPT = `local k = KEYS[1]
local t = redis.call('PTTL', k)
if t == -2 then return 'gone' end
local want = tonumber(ARGV[1])
if (want == -1) ~= (t == -1) then return 'ttl' end
if want ~= -1 and t - want > tonumber(ARGV[2]) then return 'ttl' end
local early = tonumber(ARGV[7])
if early >= 0 and want ~= -1 and want - t > early then return 'ttl' end
local idle = tonumber(ARGV[5])
if idle >= 0 and redis.call('OBJECT', 'IDLETIME', k) < idle then return 'read' end
if ARGV[3] ~= '' then
  if redis.call('TYPE', k).ok ~= 'string' then return 'value' end
  if redis.sha1hex(redis.call('GET', k)) ~= ARGV[3] then return 'value' end
end
if ARGV[6] ~= '' then
  if redis.call('TYPE', k).ok ~= 'hash' then return 'value' end
  local f = redis.call('HGETALL', k)
  local hs = {}
  for i = 1, #f, 2 do hs[#hs + 1] = redis.sha1hex(#f[i] .. ':' .. f[i] .. #f[i + 1] .. ':' .. f[i + 1]) end
  table.sort(hs)
  if redis.sha1hex(table.concat(hs)) ~= ARGV[6] then return 'value' end
end
if ARGV[4] ~= '' and redis.sha1hex(redis.call('DUMP', k)) ~= ARGV[4] then return 'dump' end
redis.call('DEL', k)
return 'deleted'`;

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
export const DELETE_SHA = sha1(Buffer.from(DELETE_SCRIPT));

/** The script's hash digest: sha1 over the sorted sha1s of `len:field len:value`, so field order does not matter. */
export function hashDigest(hash: Map<string, Buffer>): string {
  const parts: string[] = [];
  for (const [field, value] of hash) {
    const f = Buffer.from(field, 'utf8');
    parts.push(sha1(Buffer.concat([Buffer.from(`${f.length}:`), f, Buffer.from(`${value.length}:`), value])));
  }
  return sha1(Buffer.from(parts.sort().join('')));
}

/**
 * Redis/Valkey, standalone or each cluster primary: a key's commands go to the node that owns its
 * slot. Over the same hand-written RESP connections the walk reads through.
 */
export function redisWriter(nodeFor: NodeFor, noTouch: boolean, exactExpiry = false): StoreWriter {
  const loaded = new WeakSet<RespConnection>();

  async function byNode(cands: WriteRequest[]): Promise<Map<RespConnection, number[]>> {
    const groups = new Map<RespConnection, number[]>();
    for (let i = 0; i < cands.length; i++) {
      const conn = await nodeFor(cands[i]!.raw.key);
      const g = groups.get(conn);
      if (g) g.push(i);
      else groups.set(conn, [i]);
    }
    // A connection that dropped since (the walk reconnects only its own failures) is opened again;
    // the script's checks make a delete on a restarted server as safe as on the old one.
    for (const conn of groups.keys()) if (!conn.connected) await conn.reconnect();
    return groups;
  }

  return {
    method: { kind: 'lua', checks: ['ttl', ...(noTouch ? ['idle'] : []), 'value', 'dump'] },

    async snapshot(cands) {
      const out: Array<BackupEntry | undefined> = new Array(cands.length);
      for (const [conn, idx] of await byNode(cands)) {
        const cmds = idx.flatMap((i) => {
          const k = cands[i]!.raw.key;
          return [
            ['OBJECT', 'IDLETIME', k],
            ['PEXPIRETIME', k],
            ['DUMP', k],
          ];
        });
        // Reads only: after a drop (a killed connection, a restart) they are safe to send again once.
        const replies = await conn.pipeline(cmds).catch(async (err: unknown) => {
          if (!isDropped(err)) throw err;
          await conn.reconnect();
          return conn.pipeline(cmds);
        });
        // An error reply (MOVED from a primary turned replica, LOADING after a restart) is not "gone".
        const refused = replies.find((r): r is RespError => r instanceof RespError);
        if (refused) {
          const moved = /^(?:MOVED|ASK) \d+ (\S+)/.exec(refused.message);
          const why = moved
            ? `it no longer serves these keys (now on ${moved[1]}): the cluster changed during the run`
            : refused.message;
          throw new SessctlError('SESSCTL_STORE_ERROR', `${conn.id}: cannot back up keys: ${why}`, {
            hint: 'run the clean again',
          });
        }
        const now = Date.now();
        idx.forEach((i, j) => {
          const c = cands[i]!;
          const [idle, exp, dump] = [replies[j * 3], replies[j * 3 + 1], replies[j * 3 + 2]];
          if (!Buffer.isBuffer(dump) || exp === -2) return;
          // Without NO-TOUCH the scan's own GET reset idle: carry the idle it saw forward instead.
          const idleS =
            noTouch && typeof idle === 'number' ? idle : (c.raw.idleS ?? 0) + Math.floor(sinceSeen(c, now) / 1000);
          const entry: RedisEntry = {
            type: 'redis',
            key: c.raw.key.toString('base64'),
            node: conn.id,
            dump: dump.toString('base64'),
            expireAt: typeof exp === 'number' && exp >= 0 ? exp : null,
            idleS,
          };
          out[i] = entry;
        });
      }
      return out;
    },

    async apply(cands, entries) {
      const out: WriteOutcome[] = new Array(cands.length).fill('error');
      for (const [conn, idx] of await byNode(cands)) {
        if (!loaded.has(conn)) {
          await conn.command('SCRIPT', 'LOAD', DELETE_SCRIPT);
          loaded.add(conn);
        }
        const now = Date.now();
        // fix-ttl sends EXPIRE NX then PTTL (to tell "gone" from "has a TTL now"); delete one EVALSHA.
        const cmds: Array<Array<string | Buffer>> = [];
        const at: number[] = [];
        for (const i of idx) {
          const c = cands[i]!;
          const k = c.raw.key;
          at.push(cmds.length);
          if (c.action === 'fix-ttl') {
            cmds.push(['EXPIRE', k, String(Math.ceil((c.fixTtlMs ?? 0) / 1000)), 'NX'], ['PTTL', k]);
            continue;
          }
          const elapsed = sinceSeen(c, now);
          const want = c.raw.ttlMs === null || c.raw.ttlMs === undefined ? -1 : Math.max(0, c.raw.ttlMs - elapsed);
          const minIdle =
            noTouch && c.raw.idleS !== undefined ? Math.max(-1, c.raw.idleS + Math.floor(elapsed / 1000) - 1) : -1;
          const entry = entries[i];
          cmds.push([
            'EVALSHA',
            DELETE_SHA,
            '1',
            k,
            String(want),
            String(TTL_TOLERANCE_MS),
            c.raw.type === 'string' && c.raw.value ? sha1(c.raw.value) : '',
            entry?.type === 'redis' ? sha1(Buffer.from(entry.dump, 'base64')) : '',
            String(minIdle),
            c.raw.type === 'hash' && c.raw.hash ? hashDigest(c.raw.hash) : '',
            exactExpiry ? String(TTL_TOLERANCE_MS) : '-1',
          ]);
        }
        let replies = await conn.pipeline(cmds);
        if (replies.some((r) => r instanceof RespError && r.message.startsWith('NOSCRIPT'))) {
          // The node lost its script cache (restart, failover): nothing ran; load and send again.
          await conn.command('SCRIPT', 'LOAD', DELETE_SCRIPT);
          replies = await conn.pipeline(cmds);
        }
        idx.forEach((i, j) => (out[i] = outcomeOf(cands[i]!, replies[at[j]!], replies[at[j]! + 1])));
      }
      return out;
    },

    async restore(entries, replace) {
      const { out, live } = restorable(entries, 'redis', Date.now());
      const groups = new Map<RespConnection, number[]>();
      for (const i of live) {
        const conn = await nodeFor(Buffer.from(entries[i]!.key, 'base64'));
        groups.set(conn, [...(groups.get(conn) ?? []), i]);
      }
      for (const [conn, idx] of groups) {
        const replies = await conn.pipeline(idx.map((i) => restoreCommand(entries[i] as RedisEntry, replace)));
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
      return out;
    },
  };
}

/** The key comes back with its absolute expiry and its idle time. */
function restoreCommand(r: RedisEntry, replace: boolean): Array<string | Buffer> {
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

function outcomeOf(c: WriteRequest, r: RespReply | undefined, after: RespReply | undefined): WriteOutcome {
  if (r instanceof RespError) return 'error';
  if (c.action === 'fix-ttl') return r === 1 ? 'fixed' : after === -2 ? 'gone' : 'changed';
  const s = Buffer.isBuffer(r) ? r.toString() : String(r);
  return s === 'deleted' ? 'deleted' : s === 'gone' ? 'gone' : 'changed';
}
