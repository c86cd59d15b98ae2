import type { CounterReading, CounterSource, NodeCounters } from '../counters.js';
import type { MemcachedConnection } from './memcached-connection.js';

/** `stats` of every server: one O(1) command each. */
export function memcachedCounters(servers: () => Array<[string, MemcachedConnection]>): CounterSource {
  return {
    async read(): Promise<CounterReading> {
      const nodes: NodeCounters[] = [];
      const failed: CounterReading['failed'] = [];
      await Promise.all(
        servers().map(async ([id, conn]) => {
          try {
            const s = await conn.stats();
            const n = (k: string) => Number(s.get(k) ?? 0);
            nodes.push({
              node: id,
              startId: s.get('pid') ?? '',
              keys: n('curr_items'),
              // Every way an expired item leaves: its memory reused by a store (reclaimed), the LRU
              // crawler, or a get that found it expired or flushed.
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
}
