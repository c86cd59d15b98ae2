import { connect } from 'node:net';
import { Cluster } from 'ioredis';
import { SessctlError, UsageError } from '../errors.js';
import { connectRedis, type RedisLike } from '../stores/redis/redis-client.js';
import { memoryKv } from '../stores/memory/memory-kv.js';
import { AdaptivePacer } from '../stores/pace.js';
import { parseStoreUrl, type HostPort } from '../stores/store-url.js';

/** Lists the live keys under a prefix, so the probe can diff before/after each step. */
export interface KeyCounter {
  redacted: string;
  keys(prefix: string | null): Promise<Set<string>>;
  close(): Promise<void>;
}

/** A probe only compares small snapshots; past this the user must name the prefix. */
const MAX_KEYS = 200_000;

/**
 * Read-only key listing for store correlation: SCAN on every primary, `lru_crawler metadump all`
 * on every memcached server. Nothing here changes the server's configuration or touches a value.
 */
export async function openKeyCounter(url: string): Promise<KeyCounter> {
  const parsed = parseStoreUrl(url);
  switch (parsed.kind) {
    case 'memory': {
      const kv = memoryKv(parsed.name);
      return {
        redacted: parsed.redacted,
        keys: async (p) => new Set([...kv.keys()].filter((k) => p === null || k.startsWith(p))),
        close: async () => {},
      };
    }
    case 'memcached':
      return {
        redacted: parsed.redacted,
        keys: (p) => memcachedKeys(parsed.servers, p, parsed.redacted),
        close: async () => {},
      };
    case 'rdb':
      throw new UsageError(
        `--store ${parsed.redacted} is an RDB dump: the probe counts the keys each request creates, so it needs the live server`,
      );
    default: {
      const client = await connectRedis(parsed, { connectTimeoutMs: 3000, maxReconnects: 1 });
      return {
        redacted: parsed.redacted,
        keys: (p) => redisKeys(client, p, parsed.redacted),
        close: async () => void client.disconnect(),
      };
    }
  }
}

async function redisKeys(client: RedisLike, prefix: string | null, redacted: string): Promise<Set<string>> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const match = prefix === null ? '*' : `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const out = new Set<string>();
  // Between probe steps on a production store: paced by SCAN's own latency, as the scan is.
  const pace = new AdaptivePacer();
  for (const node of nodes as RedisLike[]) {
    let cursor = '0';
    do {
      const sent = performance.now();
      const [next, keys] = (await node.scan(cursor, 'MATCH', match, 'COUNT', 1000)) as [string, string[]];
      // A SCAN's cost is the COUNT it visits, whatever MATCH keeps.
      await pace.take(1000, undefined, performance.now() - sent);
      cursor = next;
      for (const k of keys) out.add(k);
      if (out.size > MAX_KEYS) throw tooMany(redacted);
    } while (cursor !== '0');
  }
  return out;
}

async function memcachedKeys(servers: HostPort[], prefix: string | null, redacted: string): Promise<Set<string>> {
  const out = new Set<string>();
  const now = Math.floor(Date.now() / 1000);
  for (const s of servers) {
    const text = await metadump(s, redacted);
    for (const line of text.split(/\r?\n/)) {
      const key = /^key=(\S+)/.exec(line)?.[1];
      if (!key) continue;
      // metadump ends item lines with a bare \n; it lists expired items until the crawler reclaims them; they are not live sessions.
      const exp = Number(/ exp=(-?\d+)/.exec(line)?.[1] ?? -1);
      if (exp !== -1 && exp <= now) continue;
      const k = decodeURIComponent(key);
      if (prefix === null || k.startsWith(prefix)) out.add(k);
      if (out.size > MAX_KEYS) throw tooMany(redacted);
    }
  }
  return out;
}

function metadump(server: HostPort, redacted: string, attempt = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, server.host);
    let buf = '';
    const fail = (
      msg: string,
      cause?: unknown,
      code: 'SESSCTL_STORE_UNREACHABLE' | 'SESSCTL_STORE_UNSUPPORTED' = 'SESSCTL_STORE_UNREACHABLE',
    ) => {
      sock.destroy();
      reject(
        new SessctlError(code, `cannot list keys on ${redacted}: ${msg}`, {
          cause,
          ...(code === 'SESSCTL_STORE_UNSUPPORTED'
            ? { hint: 'memcached needs the LRU crawler (on by default since 1.5; -o lru_crawler)' }
            : {}),
        }),
      );
    };
    sock.setTimeout(5000, () => fail('timed out'));
    sock.on('error', (err) =>
      fail((err as { code?: string }).code === 'ECONNREFUSED' ? 'connection refused' : err.message, err),
    );
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (/(^|\n)BUSY/.test(buf)) {
        // Another crawler run is active: wait briefly and retry rather than fail the step.
        sock.destroy();
        if (attempt > 40) return fail('lru_crawler stayed busy');
        setTimeout(() => metadump(server, redacted, attempt + 1).then(resolve, reject), 25);
      } else if (/(^|\n)(END|ERROR[^\r]*|CLIENT_ERROR[^\r]*)\r\n$/.test(buf)) {
        sock.end();
        if (/(^|\n)(ERROR|CLIENT_ERROR)/.test(buf))
          fail(
            `lru_crawler metadump refused: ${buf.trim().split('\r\n').pop()}`,
            undefined,
            'SESSCTL_STORE_UNSUPPORTED',
          );
        else resolve(buf);
      }
    });
    sock.write('lru_crawler metadump all\r\n');
  });
}

function tooMany(redacted: string): SessctlError {
  return new SessctlError('SESSCTL_STORE_ERROR', `${redacted} holds more than ${MAX_KEYS} keys`, {
    hint: 'pass --store-prefix with the session key prefix (e.g. sess:)',
  });
}
