import { SessctlError } from '../errors.js';
import { replyText } from './resp-connection.js';
import { RespError } from './resp-parser.js';
import type { ScanStore } from './types.js';

/**
 * One node's O(1) counters at one instant, as `sessctl watch` reads them every interval. Monotonic
 * counters restart at 0 with the server; `startId` (run id / pid) tells a restart from a fall.
 */
export interface NodeCounters {
  node: string;
  /** Changes when the server restarts: counters before and after do not subtract. */
  startId: string;
  /** Keys now (Redis INFO keyspace `keys` of the db; memcached `curr_items`). */
  keys: number;
  /** Keys the server removed by itself since it started: expired (Redis `expired_keys`; memcached reclaimed, crawler_reclaimed, get_expired). */
  expired: number;
  /** Keys evicted under memory pressure since start (`evicted_keys`, `evictions`). */
  evicted: number;
  /**
   * Keys removed by clients since start, where the server counts them (memcached `delete_hits`);
   * undefined on Redis, which counts DEL calls, not deleted keys.
   */
  deleted?: number;
}

export interface CounterSource {
  /** Every reachable primary/server; a node that does not answer is left out, with its error. */
  read(signal?: AbortSignal): Promise<{ nodes: NodeCounters[]; failed: Array<{ node: string; error: string }> }>;
}

/**
 * The O(1) counters behind `sessctl watch`, read through the store's own connections. Read-only:
 * INFO and `stats` change nothing on the server (no CONFIG SET, no keyspace-notification or
 * `stats detail` switch).
 */
export function counterSource(store: ScanStore, db = 0): CounterSource {
  const native = store.native;
  switch (native.kind) {
    case 'redis':
      return {
        async read() {
          const conns = await native.primaries();
          const nodes: NodeCounters[] = [];
          const failed: Array<{ node: string; error: string }> = [];
          await Promise.all(
            conns.map(async (conn) => {
              try {
                // Two sections, two commands: `INFO keyspace stats` needs Redis 7.
                const replies = await conn.pipeline([
                  ['INFO', 'server'],
                  ['INFO', 'keyspace'],
                  ['INFO', 'stats'],
                ]);
                const bad = replies.find((r) => r instanceof RespError);
                if (bad)
                  throw new SessctlError(
                    'SESSCTL_STORE_ERROR',
                    `${conn.id}: INFO failed: ${(bad as RespError).message}`,
                  );
                const f = infoFields(replies.map((r) => replyText(r) ?? '').join('\n'));
                const ks = f.get(`db${db}`) ?? '';
                nodes.push({
                  node: conn.id,
                  startId: f.get('run_id') ?? '',
                  keys: Number(/keys=(\d+)/.exec(ks)?.[1] ?? 0),
                  expired: Number(f.get('expired_keys') ?? 0),
                  evicted: Number(f.get('evicted_keys') ?? 0),
                });
              } catch (err) {
                failed.push({ node: conn.id, error: (err as Error).message });
              }
            }),
          );
          return { nodes, failed };
        },
      };
    case 'memcached':
      return {
        async read() {
          const nodes: NodeCounters[] = [];
          const failed: Array<{ node: string; error: string }> = [];
          await Promise.all(
            [...native.servers].map(async ([id, conn]) => {
              try {
                const s = await conn.stats();
                const n = (k: string) => Number(s.get(k) ?? 0);
                nodes.push({
                  node: id,
                  startId: s.get('pid') ?? '',
                  keys: n('curr_items'),
                  // Every way an expired item leaves the cache: its memory reused by a store, the
                  // LRU crawler, or a get that found it expired (flush_all's too).
                  expired: n('reclaimed') + n('crawler_reclaimed') + n('get_expired') + n('get_flushed'),
                  evicted: n('evictions'),
                  deleted: n('delete_hits'),
                });
              } catch (err) {
                failed.push({ node: id, error: (err as Error).message });
              }
            }),
          );
          return { nodes, failed };
        },
      };
    case 'memory':
      return {
        async read() {
          return {
            nodes: [{ node: store.redactedUrl, startId: 'memory', keys: native.kv.size, expired: 0, evicted: 0 }],
            failed: [],
          };
        },
      };
    case 'rdb':
      throw new SessctlError('SESSCTL_STORE_UNSUPPORTED', 'an RDB dump does not change: watch needs a live store', {
        hint: 'point sessctl watch at the server: redis://, redis+cluster://, redis+sentinel:// or memcached://',
      });
  }
}

function infoFields(text: string): Map<string, string> {
  const f = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) f.set(line.slice(0, i), line.slice(i + 1));
  }
  return f;
}
