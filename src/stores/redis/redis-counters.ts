import type { CounterReading, CounterSource, NodeCounters } from '../counters.js';
import { replyText, type RespConnection } from './resp-connection.js';
import { RespError } from './resp-parser.js';

/**
 * INFO server (run_id), keyspace (keys of `db`) and stats (expired_keys, evicted_keys) of every
 * primary: three O(1) commands a node. Three commands, not `INFO server keyspace stats`, which
 * needs Redis 7.
 */
export function redisCounters(primaries: () => RespConnection[], db: number): CounterSource {
  return {
    async read(): Promise<CounterReading> {
      const nodes: NodeCounters[] = [];
      const failed: CounterReading['failed'] = [];
      await Promise.all(
        primaries().map(async (conn) => {
          try {
            const replies = await conn.pipeline([
              ['INFO', 'server'],
              ['INFO', 'keyspace'],
              ['INFO', 'stats'],
            ]);
            const bad = replies.find((r): r is RespError => r instanceof RespError);
            if (bad) throw new Error(`INFO failed: ${bad.message}`);
            const f = fields(replies.map((r) => replyText(r) ?? '').join('\n'));
            nodes.push({
              node: conn.id,
              startId: f.get('run_id') ?? '',
              keys: Number(/keys=(\d+)/.exec(f.get(`db${db}`) ?? '')?.[1] ?? 0),
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
}

function fields(text: string): Map<string, string> {
  const f = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) f.set(line.slice(0, i), line.slice(i + 1));
  }
  return f;
}
