import { SessctlError } from '../../errors.js';
import { keySlot } from './cluster-slot.js';
import { mergeWalks, type Producer } from '../merge-walks.js';
import { pacer, sleep, type Pacer } from '../pace.js';
import { parseInfo, redisIdleTrust, type RedisServerFacts } from './redis-info.js';
import { fetchRedisRecords } from './redis-records.js';
import { isDropped, RespConnection, replyText, type RoundTrip } from './resp-connection.js';
import { RespError } from './resp-parser.js';
import { redisWriter } from './redis-writer.js';
import { redisCounters } from './redis-counters.js';
import type { StoreUrl } from '../store-url.js';
import type {
  RawRecord,
  Store,
  StoreCapabilities,
  StoreInfo,
  StoreNodeInfo,
  WalkEvent,
  WalkOptions,
} from '../types.js';

type RedisUrl = Extract<StoreUrl, { kind: 'redis' | 'redis-cluster' | 'redis-sentinel' }>;

/**
 * SCAN COUNT. 1000 is the throughput sweet spot (research notes §6), but one SCAN MATCH of 1000
 * costs the server ~1.9 ms here (cmdstat, Redis 7.0 on this 2-core box) and blocks every other
 * client meanwhile; 250 keeps each call near 0.45 ms for ~20 % less speed (bench/scan.mjs).
 * `--count` raises it where the server has headroom.
 */
export const DEFAULT_SCAN_COUNT = 250;
const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000];

interface Node {
  id: string;
  conn?: RespConnection;
  error?: SessctlError;
}

/**
 * Redis/Valkey standalone, Sentinel (the resolved primary) and Cluster (every primary, each with
 * its own cursor). The topology (CLUSTER SLOTS, SENTINEL get-master-addr-by-name) and the walk
 * both run over lean RESP connections: ioredis' per-command objects are the bottleneck of a
 * 3-commands-per-key pipeline.
 */
export async function openRedisStore(url: RedisUrl, options: { connectTimeoutMs?: number } = {}): Promise<Store> {
  const { connectTimeoutMs = 5000 } = options;
  let endpoints: Array<{ host: string; port: number }>;
  if (url.kind === 'redis-cluster') {
    // Our own topology read: ioredis' Cluster refuses to connect while a primary is down, and a
    // scan must then still walk the others and name the missing one.
    endpoints = await clusterPrimaries(url, connectTimeoutMs);
  } else if (url.kind === 'redis-sentinel') {
    endpoints = [await sentinelPrimary(url, connectTimeoutMs)];
  } else endpoints = [url.node];
  const db = url.kind === 'redis-cluster' ? 0 : url.db;
  const nodes: Node[] = await Promise.all(
    endpoints.map(async ({ host, port }) => {
      const id = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      try {
        return {
          id,
          conn: await RespConnection.open({
            host,
            port,
            tls: url.tls,
            username: url.username,
            password: url.password,
            db,
            connectTimeoutMs,
          }),
        };
      } catch (error) {
        return { id, error: error as SessctlError };
      }
    }),
  );
  const live = nodes.filter((n) => n.conn);
  if (!live.length)
    throw nodes[0]?.error ?? new SessctlError('SESSCTL_STORE_UNREACHABLE', `cannot connect to ${url.redacted}`);

  // CLIENT NO-TOUCH ON (Redis/Valkey >= 7.2) makes every read on the connection leave idle time alone.
  const noTouchReplies = await Promise.all(live.map((n) => n.conn!.pipeline([['CLIENT', 'NO-TOUCH', 'ON']])));
  const noTouch = noTouchReplies.every(([r]) => r === 'OK');
  if (noTouch) for (const n of live) n.conn!.addSetup(['CLIENT', 'NO-TOUCH', 'ON']);
  else if (noTouchReplies.some(([r]) => r === 'OK'))
    for (const n of live) await n.conn!.pipeline([['CLIENT', 'NO-TOUCH', 'OFF']]);

  let lfu = false;
  let slotMap: Map<number, Node> | undefined;

  const capabilities: StoreCapabilities = {
    noTouch,
    idleTime: true,
    fetchFlag: false,
    ttl: true,
    touch: true,
    enumerate: true,
    dumpRestore: true,
    conditionalDelete: 'lua',
  };

  async function reconnect(node: Node, signal?: AbortSignal): Promise<void> {
    let last: unknown;
    for (const delay of RECONNECT_DELAYS_MS) {
      await sleep(delay, signal);
      // A clean's deletes share the connection and may have reopened it meanwhile.
      if (node.conn!.connected) return;
      try {
        await node.conn!.reconnect();
        return;
      } catch (err) {
        last = err;
      }
    }
    throw new SessctlError('SESSCTL_STORE_UNREACHABLE', `lost ${node.id} and could not reconnect`, { cause: last });
  }

  function producer(node: Node, opts: WalkOptions, limiter: Pacer): Producer {
    const { match, count = DEFAULT_SCAN_COUNT, values = true, signal } = opts;
    const scanArgs = (cursor: string) => ['SCAN', cursor, ...(match ? ['MATCH', match] : []), 'COUNT', String(count)];
    return async (push, stopped) => {
      if (!node.conn) {
        await push({ type: 'node-failed', node: node.id, error: node.error! });
        return;
      }
      const conn = node.conn;
      // The cursor after the last batch handed on: a dropped connection resumes here.
      let resume = '0';
      // A cursor is only valid on the process (and dataset) that gave it. A server restarted or
      // turned into a replica meanwhile has a new table: resuming there misses keys silently.
      let identity: NodeIdentity;
      let generation = conn.generation;
      try {
        identity = await nodeIdentity(conn);
      } catch (err) {
        if (signal?.aborted || stopped()) return;
        await push({ type: 'node-failed', node: node.id, error: asStoreError(err, node.id) });
        return;
      }
      // Whoever reopened the connection (this walk, or a clean's deletes sharing it), the server
      // behind it must be the one the cursor came from. False: the node's walk has ended.
      const sameServer = async (): Promise<boolean> => {
        if (conn.generation === generation) return true;
        const changed = changedIdentity(identity, await nodeIdentity(conn));
        if (changed) {
          await push({
            type: 'node-failed',
            node: node.id,
            error: new SessctlError(
              'SESSCTL_STORE_ERROR',
              `${node.id} ${changed} during the walk: its SCAN cursor is void there, so keys after the last batch were not read`,
              {
                hint: 'run the scan again',
              },
            ),
          });
          return false;
        }
        generation = conn.generation;
        return true;
      };
      for (;;) {
        try {
          // Flat out, two batches in flight: while the consumer classifies batch i, the server
          // already works on batch i+1 (its records) and i+2 (its SCAN). Paced by the server's
          // answers, one, sent when the client is idle, so its round trip is the server's alone.
          // Cursors are pure, so a drop restarts at the cursor after the last batch handed on.
          const depth = limiter.timesServer ? 1 : 2;
          let scanP: Promise<[string, Buffer[]]> | undefined = scan(conn, scanArgs(resume));
          const inFlight: Array<{ records: Promise<RawRecord[]>; next: string; keys: number; timing: RoundTrip }> = [];
          // When the previous batch's answer came: a pipelined batch waits behind it at the server,
          // and only the time after is this batch's own (what the pacer measures).
          let lastAnswer = 0;
          while (scanP || inFlight.length) {
            if (scanP && inFlight.length < depth) {
              // The consumer works on the batch just handed on in this turn of the event loop: let
              // it finish, or an answer arriving meanwhile is read late and timed as the server's.
              if (depth === 1) await new Promise(setImmediate);
              const [next, keys]: [string, Buffer[]] = await scanP;
              const timing: RoundTrip = { sentAt: 0, answeredAt: 0 };
              const records = conn.corked(() => {
                // The next SCAN goes out before this batch's reads: the server answers it first and
                // then works on the reads while the client turns that answer into the next request,
                // so it never waits idle for the client between batches.
                scanP = next === '0' ? undefined : scan(conn, scanArgs(next));
                scanP?.catch(() => undefined);
                return fetchRedisRecords(conn, keys, {
                  values,
                  noTouch,
                  multiKey: url.kind !== 'redis-cluster',
                  timing,
                });
              });
              // A drop fails the batch behind the one awaited too: it is retried, not unhandled.
              records.catch(() => undefined);
              inFlight.push({ records, next, keys: keys.length, timing });
              continue;
            }
            const batch = inFlight.shift()!;
            const records = await batch.records;
            // Stamped when the answer's last bytes arrived, before they were parsed: the client's
            // decoding is not the server's latency.
            const answered = batch.timing.answeredAt || performance.now();
            const serverMs = answered - Math.max(batch.timing.sentAt, lastAnswer);
            lastAnswer = answered;
            if (stopped() || signal?.aborted) return;
            if (!(await sameServer())) return;
            if (records.length) await push({ type: 'batch', node: node.id, records });
            resume = batch.next;
            await limiter.take(batch.keys, signal, batch.keys ? serverMs : undefined);
          }
          return;
        } catch (err) {
          if (signal?.aborted || stopped()) return;
          if (!isDropped(err)) {
            await push({ type: 'node-failed', node: node.id, error: asStoreError(err, node.id) });
            return;
          }
          try {
            await reconnect(node, signal);
            if (!(await sameServer())) return;
          } catch (gone) {
            if (signal?.aborted) return;
            await push({ type: 'node-failed', node: node.id, error: asStoreError(gone, node.id) });
            return;
          }
        }
      }
    };
  }

  async function nodeFor(key: Buffer | string): Promise<Node> {
    if (nodes.length === 1) return nodes[0]!;
    if (!slotMap) {
      slotMap = new Map();
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const slots = (await live[0]!.conn!.command('CLUSTER', 'SLOTS')) as Array<
        [number, number, [Buffer, number, ...unknown[]]]
      >;
      for (const [from, to, [host, port]] of slots) {
        const h = replyText(host) || live[0]!.conn!.endpoint.host;
        const n = byId.get(`${h.includes(':') ? `[${h}]` : h}:${port}`);
        if (n) for (let s = from; s <= to; s++) slotMap.set(s, n);
      }
    }
    const n = slotMap.get(keySlot(Buffer.from(key)));
    if (!n) throw new SessctlError('SESSCTL_STORE_ERROR', `no primary serves the slot of that key`);
    return n;
  }

  const store: Store = {
    kind: url.kind,
    redactedUrl: url.redacted,
    capabilities,
    async info(): Promise<StoreInfo> {
      const facts: RedisServerFacts[] = [];
      const infos: StoreNodeInfo[] = [];
      await Promise.all(
        nodes.map(async (n) => {
          if (!n.conn) {
            infos.push({ id: n.id, role: 'primary', version: 'unknown', keys: 0, error: n.error?.message });
            return;
          }
          const [info, size] = await n.conn.pipeline([['INFO'], ['DBSIZE']]);
          const f = parseInfo(replyText(info) ?? '', db);
          facts.push(f);
          infos.push({
            id: n.id,
            role: f.role === 'master' ? 'primary' : 'replica',
            version: `${f.product} ${f.version}`,
            keys: typeof size === 'number' ? size : f.keys,
            expires: f.expires,
            uptimeS: f.uptimeS,
          });
        }),
      );
      infos.sort((a, b) => a.id.localeCompare(b.id));
      lfu = facts.some((f) => f.maxmemoryPolicy.includes('lfu'));
      capabilities.idleTime = !lfu;
      const keys = infos.reduce((s, n) => s + n.keys, 0);
      const expires = infos.reduce((s, n) => s + (n.expires ?? 0), 0);
      return {
        kind: url.kind,
        version: infos.find((n) => !n.error)?.version ?? 'unknown',
        nodes: infos,
        estimate: { keys, withoutTtl: Math.max(0, keys - expires) },
        idleTrust: redisIdleTrust(facts, noTouch, true),
      };
    },
    walk(opts: WalkOptions = {}): AsyncIterable<WalkEvent> {
      const limiter = opts.pacer ?? pacer(opts.rate);
      return mergeWalks(nodes.map((n) => producer(n, opts, limiter)));
    },
    async lookup(keys, opts = {}): Promise<RawRecord[]> {
      const groups = new Map<Node, Buffer[]>();
      for (const k of keys) {
        const n = await nodeFor(k);
        groups.set(n, [...(groups.get(n) ?? []), Buffer.from(k)]);
      }
      const out: RawRecord[] = [];
      for (const [n, ks] of groups) {
        if (!n.conn) throw n.error!;
        out.push(
          ...(await fetchRedisRecords(n.conn, ks, {
            values: opts.values ?? true,
            noTouch,
            multiKey: url.kind !== 'redis-cluster',
          })),
        );
      }
      return out;
    },
    async *listKeys(prefix, opts = {}) {
      const match = prefix === null ? '*' : `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      // Between probe steps on a production store: paced by SCAN's own latency, as the walk is.
      const limiter = pacer(undefined);
      for (const n of nodes) {
        if (!n.conn) throw n.error!;
        let cursor = '0';
        do {
          const sent = performance.now();
          const [next, keys] = await scan(n.conn, ['SCAN', cursor, 'MATCH', match, 'COUNT', '1000']);
          // A SCAN's cost is the COUNT it visits, whatever MATCH keeps.
          await limiter.take(1000, opts.signal, performance.now() - sent);
          cursor = next;
          if (keys.length) yield keys.map((k) => k.toString());
        } while (cursor !== '0');
      }
    },
    writer(opts = {}) {
      return redisWriter(
        async (key) => {
          const n = await nodeFor(key);
          if (!n.conn) throw n.error!;
          return n.conn;
        },
        capabilities.noTouch,
        opts.exactExpiry,
      );
    },
    counters() {
      return redisCounters(() => live.map((n) => n.conn!), db);
    },
    async close() {
      for (const n of nodes) n.conn?.close();
    },
  };
  return store;
}

async function scan(conn: RespConnection, args: string[]): Promise<[string, Buffer[]]> {
  const [reply] = await conn.pipeline([args]);
  if (reply instanceof RespError)
    throw new SessctlError('SESSCTL_STORE_ERROR', `${conn.id}: SCAN failed: ${reply.message}`);
  const [cursor, keys] = reply as [Buffer, Buffer[]];
  return [cursor.toString('latin1'), keys];
}

interface NodeIdentity {
  runId: string;
  role: string;
}

async function nodeIdentity(conn: RespConnection): Promise<NodeIdentity> {
  const [server, replication] = await conn.pipeline([
    ['INFO', 'server'],
    ['INFO', 'replication'],
  ]);
  const f = parseInfo(`${replyText(server) ?? ''}\n${replyText(replication) ?? ''}`);
  return { runId: f.runId, role: f.role };
}

/** How a node changed between two looks, in words for the report; undefined if it is the same. */
export function changedIdentity(before: NodeIdentity, now: NodeIdentity): string | undefined {
  if (before.runId && now.runId && before.runId !== now.runId) return 'restarted';
  if (before.role !== now.role) return now.role === 'slave' ? 'became a replica' : `changed role to ${now.role}`;
  return undefined;
}

function asStoreError(err: unknown, id: string): SessctlError {
  if (err instanceof SessctlError) return err;
  return new SessctlError('SESSCTL_STORE_ERROR', `${id}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/** The primaries of a cluster from CLUSTER SLOTS of the first seed node that answers. */
async function clusterPrimaries(
  url: Extract<RedisUrl, { kind: 'redis-cluster' }>,
  connectTimeoutMs: number,
): Promise<Array<{ host: string; port: number }>> {
  let last: unknown;
  for (const seed of url.nodes) {
    let conn: RespConnection | undefined;
    try {
      conn = await RespConnection.open({
        ...seed,
        tls: url.tls,
        username: url.username,
        password: url.password,
        connectTimeoutMs,
      });
      const slots = (await conn.command('CLUSTER', 'SLOTS')) as Array<[number, number, [Buffer, number, ...unknown[]]]>;
      const out = new Map<string, { host: string; port: number }>();
      for (const [, , [host, port]] of slots) {
        const h = replyText(host) || seed.host;
        out.set(`${h}:${port}`, { host: h, port });
      }
      if (out.size) return [...out.values()];
      last = new SessctlError('SESSCTL_STORE_ERROR', `${conn.id} serves no cluster slots`);
    } catch (err) {
      last = err;
    } finally {
      conn?.close();
    }
  }
  throw last instanceof SessctlError
    ? last
    : new SessctlError('SESSCTL_STORE_UNREACHABLE', `cannot connect to ${url.redacted}`, { cause: last });
}

/**
 * The primary a Sentinel names. The URL's credentials are the data node's; Sentinels often run
 * without auth, so ask without first and log in only when the Sentinel demands it.
 */
async function sentinelPrimary(
  url: Extract<RedisUrl, { kind: 'redis-sentinel' }>,
  connectTimeoutMs: number,
): Promise<{ host: string; port: number }> {
  let last: unknown;
  for (const seed of url.sentinels) {
    for (const auth of [false, true]) {
      if (auth && url.password === undefined) break;
      let conn: RespConnection | undefined;
      try {
        conn = await RespConnection.open({
          ...seed,
          tls: url.tls,
          connectTimeoutMs,
          ...(auth ? { username: url.username, password: url.password } : {}),
        });
        const [reply] = await conn.pipeline([['SENTINEL', 'get-master-addr-by-name', url.masterName]]);
        if (reply instanceof RespError) {
          last = new SessctlError('SESSCTL_STORE_ERROR', `${conn.id}: ${reply.message}`);
          if (/NOAUTH/i.test(reply.message)) continue;
          break;
        }
        if (!Array.isArray(reply)) {
          last = new SessctlError(
            'SESSCTL_STORE_UNREACHABLE',
            `Sentinel ${conn.id} knows no primary named "${url.masterName}"`,
          );
          break;
        }
        return { host: replyText(reply[0]) ?? seed.host, port: Number(replyText(reply[1])) };
      } catch (err) {
        last = err;
      } finally {
        conn?.close();
      }
    }
  }
  throw last instanceof SessctlError
    ? last
    : new SessctlError('SESSCTL_STORE_UNREACHABLE', `cannot reach a Sentinel of ${url.redacted}`, { cause: last });
}
