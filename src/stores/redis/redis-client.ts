import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { SessctlError } from '../../errors.js';
import { redisSetupFailure } from './redis-setup-failure.js';
import type { StoreUrl } from '../store-url.js';
import { describeTlsFailure } from '../tls-failure.js';
import { tlsConnectOptions } from '../tls-options.js';

export type RedisLike = Redis | Cluster;

export interface RedisClientOptions {
  /** How long to wait for the first connection before the store counts as unreachable. */
  connectTimeoutMs?: number;
  /** Reconnects to try after a drop before giving up on a command (a scan resumes its cursor). */
  maxReconnects?: number;
  /** Extra ioredis options (e.g. `tls` settings); the URL's own values win. */
  redisOptions?: RedisOptions;
}

type RedisUrl = Extract<StoreUrl, { kind: 'redis' | 'redis-cluster' | 'redis-sentinel' }>;

/**
 * Creates and connects an ioredis client for a parsed store URL. An unreachable store throws
 * SESSCTL_STORE_UNREACHABLE (exit 3) naming the redacted URL, never the password.
 */
export async function connectRedis(url: RedisUrl, options: RedisClientOptions = {}): Promise<RedisLike> {
  const { connectTimeoutMs = 5000, maxReconnects = 10 } = options;
  const base: RedisOptions = {
    ...options.redisOptions,
    username: url.username,
    password: url.password,
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // The first connection must fail fast and clearly; later drops retry with backoff so a long scan
    // survives a blip and resumes from its cursor.
    retryStrategy: (times) => (times > maxReconnects ? null : Math.min(50 * 2 ** times, 2000)),
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  };
  // Cluster nodes and Sentinel-named primaries are reached at addresses the servers report, so only
  // a standalone host (or ?sni=) names the server for SNI.
  const tls = url.tls
    ? { ...options.redisOptions?.tls, ...tlsConnectOptions(url.tls, url.kind === 'redis' ? url.node.host : undefined) }
    : undefined;
  if (tls) base.tls = tls;
  let client: RedisLike;
  switch (url.kind) {
    case 'redis':
      client = new Redis({ ...base, host: url.node.host, port: url.node.port, db: url.db });
      break;
    case 'redis-sentinel':
      client = new Redis({
        ...base,
        sentinels: url.sentinels,
        name: url.masterName,
        db: url.db,
        sentinelPassword: url.password,
        sentinelUsername: url.username,
        sentinelRetryStrategy: (times) => (times > 2 ? null : 100),
        // rediss+sentinel:// means TLS to the Sentinels and to the primary they name.
        ...(tls ? { sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
      });
      break;
    case 'redis-cluster':
      client = new Cluster(url.nodes, {
        lazyConnect: true,
        redisOptions: base,
        clusterRetryStrategy: (times) => (times > 2 ? null : 100),
        slotsRefreshTimeout: connectTimeoutMs,
      });
      break;
  }
  // ioredis emits 'error' for every failed reconnect; without a listener Node would print them.
  let lastError: unknown;
  client.on('error', (err) => (lastError = err));
  try {
    await withTimeout(client.connect(), connectTimeoutMs + 1000);
    if (url.kind === 'redis-cluster') await (client as Cluster).ping();
  } catch (cause) {
    client.disconnect();
    const reason = lastError ?? cause;
    // ioredis times out a TLS connection at 'secureConnect', so TCP-up-but-silent (a plain-text port) and
    // an unreachable host look alike here: name the likelier one and keep the other in the hint.
    const tlsFailure =
      url.tls && (reason as { code?: string })?.code === 'ETIMEDOUT'
        ? {
            reason: `timed out before the TLS handshake completed (${connectTimeoutMs} ms)`,
            hint: 'a plain-text port never completes one: use redis:// there; otherwise check the host, port and firewall',
          }
        : describeTlsFailure(reason);
    const setup = redisSetupFailure((reason as Error | undefined)?.message);
    throw new SessctlError(
      setup?.code ?? 'SESSCTL_STORE_UNREACHABLE',
      `cannot connect to ${url.redacted}: ${tlsFailure?.reason ?? setup?.reason ?? describe(reason)}`,
      {
        cause: reason,
        hint: tlsFailure?.hint ?? setup?.hint ?? 'check the host, port and credentials, and that the server is running',
      },
    );
  }
  return client;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ENOTFOUND') return 'host not found';
  return e?.message?.split('\n')[0] ?? String(err);
}
