import { memcachedCounters } from './memcached-counters.js';
import { SessctlError } from '../../errors.js';
import { globToRegExp } from '../glob.js';
import { encodeMetaGets, MemcachedConnection, type MetaHit, type MetaReply } from './memcached-connection.js';
import { metadump, type MetadumpItem, type MetadumpMode } from './memcached-metadump.js';
import { memcachedWriter } from './memcached-writer.js';
import { mergeWalks, type Producer } from '../merge-walks.js';
import { pacer, sleep, type Pacer } from '../pace.js';
import type { StoreUrl } from '../store-url.js';
import type { RawRecord, Store, StoreInfo, StoreNodeInfo, WalkEvent, WalkOptions } from '../types.js';

type MemcachedUrl = Extract<StoreUrl, { kind: 'memcached' }>;

const MG_CHUNK = 1000;
const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000];

interface Server {
  id: string;
  host: string;
  port: number;
  conn?: MemcachedConnection;
  error?: SessctlError;
  /** Server clock minus local clock, seconds (exp/la in metadump are server-absolute). */
  skewS: number;
  /** Metadump mode that worked last time (`hash` needs 1.6.9+). */
  mode: MetadumpMode;
  /** Before 1.6.19 the crawler holds a lock while it writes: spool the dump instead of pausing it. */
  spool: boolean;
  /** `stats` pid when the walk began: a different one after a drop means a restart. */
  pid?: string;
}

/**
 * A memcached pool (every server). Keys come from `lru_crawler metadump hash` (no per-key
 * commands, fetch flag and last access for free); payloads from `mg <key> v … u`, whose `u` flag
 * leaves the fetch flag, LRU position and last access alone (protocol.txt; research notes §3.3).
 */
export async function openMemcachedStore(
  url: MemcachedUrl,
  options: { connectTimeoutMs?: number } = {},
): Promise<Store> {
  const servers: Server[] = await Promise.all(
    url.servers.map(async ({ host, port }) => {
      const s: Server = {
        id: `${host.includes(':') ? `[${host}]` : host}:${port}`,
        host,
        port,
        skewS: 0,
        mode: 'hash',
        spool: true,
      };
      try {
        s.conn = await MemcachedConnection.open(host, port, options.connectTimeoutMs);
        s.spool = versionBefore((await s.conn.line('version')).replace(/^VERSION /, ''), [1, 6, 19]);
      } catch (err) {
        s.error = err as SessctlError;
      }
      return s;
    }),
  );
  if (!servers.some((s) => s.conn)) throw servers[0]!.error!;

  async function read(
    server: Server,
    items: Array<{ key: Buffer; meta?: MetadumpItem }>,
    values: boolean,
  ): Promise<RawRecord[]> {
    // One write per pipeline of at most MG_CHUNK commands (research notes §3.3: 1000 is the sweet spot).
    // Behind a metadump, its line already has exp, la and fetch from a moment ago: ask only for
    // what it lacks (value, client flags, and the CAS that belongs to the value read).
    const tail = items[0]?.meta ? `${values ? ' v' : ' s'} f c u\r\n` : `${values ? ' v' : ''} s f t c h l u\r\n`;
    const pipelines: Array<Promise<MetaReply[]>> = [];
    for (let i = 0; i < items.length; i += MG_CHUNK) {
      const end = Math.min(items.length, i + MG_CHUNK);
      const keys: Buffer[] = new Array(end - i);
      for (let j = i; j < end; j++) keys[j - i] = items[j]!.key;
      pipelines.push(server.conn!.metaEncoded(encodeMetaGets(keys, tail), end - i));
    }
    const replies = (await Promise.all(pipelines)).flat();
    const nowS = Date.now() / 1000 + server.skewS;
    const out: RawRecord[] = [];
    for (let i = 0; i < items.length; i++) {
      const r = replies[i]!;
      if (r.status !== 'VA' && r.status !== 'HD') continue; // gone meanwhile (EN)
      out.push(toRecord(server.id, items[i]!.key, r, items[i]!.meta, nowS));
    }
    return out;
  }

  /**
   * The walk's payload reads, behind the metadump: its line already has exp, la and fetch from a
   * moment ago, so `mg` asks only for what it lacks (the value, client flags, and the CAS that
   * belongs to the value read). Each reply becomes its record as it is parsed.
   */
  function readValues(server: Server, items: readonly MetadumpItem[]): Promise<RawRecord[]> {
    const out: RawRecord[] = [];
    if (!items.length) return Promise.resolve(out);
    let nowS = 0;
    let i = 0;
    const onHit = (h: MetaHit) => {
      const meta = items[i++]!;
      if (!h.hit) return; // gone meanwhile (EN)
      if (nowS === 0) nowS = Date.now() / 1000 + server.skewS;
      const rec: RawRecord = {
        node: server.id,
        key: meta.key,
        type: 'string',
        ttlMs: meta.exp < 0 ? null : Math.max(0, Math.round((meta.exp - nowS) * 1000)),
        idleS: Math.max(0, Math.round(nowS - meta.la)),
        bytes: h.value ? h.value.length : meta.size,
        fetched: meta.fetched,
        lastAccessMs: meta.la * 1000,
        cas: h.casStart < 0 ? meta.cas : sameCas(h.buf, h.casStart, h.casEnd, meta.cas),
        flags: h.flags ?? meta.flags,
      };
      if (h.value) rec.value = h.value;
      out.push(rec);
    };
    // One write per pipeline of at most MG_CHUNK commands (research notes §3.3: 1000 is the sweet spot).
    const pipelines: Array<Promise<void>> = [];
    for (let from = 0; from < items.length; from += MG_CHUNK) {
      const end = Math.min(items.length, from + MG_CHUNK);
      const keys: Buffer[] = new Array(end - from);
      for (let j = from; j < end; j++) keys[j - from] = items[j]!.key;
      pipelines.push(server.conn!.metaHits(encodeMetaGets(keys, ' v f c u\r\n'), end - from, onHit));
    }
    return Promise.all(pipelines).then(() => out);
  }

  function producer(server: Server, opts: WalkOptions, limiter: Pacer): Producer {
    const { values = true, signal, count = 1000 } = opts;
    const match = opts.match ? globToRegExp(opts.match) : undefined;
    return async (push, stopped) => {
      if (!server.conn) return void (await push({ type: 'node-failed', node: server.id, error: server.error! }));
      try {
        server.pid ??= (await server.conn.stats()).get('pid');
        const batches = await startDump(server, count, signal);
        // Two batches in flight, as on Redis: memcached answers batch i+1 while batch i is classified.
        const inFlight: Array<{
          records: Promise<RawRecord[]>;
          keys: number;
          sentAt: number;
          answeredAt: number;
          reads: boolean;
        }> = [];
        let lastAnswer = 0;
        const handOn = async () => {
          const batch = inFlight.shift()!;
          const records = await batch.records;
          // Only `mg` reads show the server's latency; a metadump-only batch costs it nearly nothing.
          const answered = batch.answeredAt || performance.now();
          const serverMs = batch.reads && batch.keys ? answered - Math.max(batch.sentAt, lastAnswer) : undefined;
          lastAnswer = answered;
          if (stopped() || signal?.aborted) return false;
          if (records.length) await push({ type: 'batch', node: server.id, records });
          await limiter.take(batch.keys, signal, serverMs);
          return true;
        };
        for await (const items of batches) {
          if (stopped() || signal?.aborted) return;
          const wanted = match ? items.filter((it) => match.test(it.key.toString('latin1'))) : items;
          // Without payloads the metadump line already holds every signal (exp, la, fetch, size,
          // flags): no per-key command at all, which is what lets a metadata scan keep up with the
          // dump (research notes §7.1).
          const records = values ? readValues(server, wanted) : Promise.resolve(fromMetadump(server, wanted));
          const entry = {
            records,
            keys: items.length,
            sentAt: performance.now(),
            answeredAt: 0,
            reads: values && wanted.length > 0,
          };
          // Stamped when the answer arrives, not when the walker gets to it after a pacing wait.
          records.then(() => (entry.answeredAt = performance.now())).catch(() => undefined);
          inFlight.push(entry);
          if (inFlight.length >= 2 && !(await handOn())) return;
        }
        while (inFlight.length) if (!(await handOn())) return;
      } catch (err) {
        if (signal?.aborted || stopped()) return;
        const error =
          err instanceof SessctlError
            ? err
            : new SessctlError('SESSCTL_STORE_ERROR', `memcached ${server.id}: ${(err as Error).message}`, {
                cause: err,
              });
        await push({ type: 'node-failed', node: server.id, error: await afterDrop(server, error, signal) });
      }
    };
  }

  /**
   * A metadump cannot resume where it stopped (it has no cursor), and starting it over would count
   * keys twice: the walk of this server ends incomplete. The connection is opened again for the
   * clean and lookups that follow, and the reason says whether the server restarted, which also
   * took every item it held.
   */
  async function afterDrop(server: Server, error: SessctlError, signal?: AbortSignal): Promise<SessctlError> {
    if (server.conn!.connected) return error;
    for (const delay of RECONNECT_DELAYS_MS) {
      try {
        await sleep(delay, signal);
        await server.conn!.reconnect();
        const pid = (await server.conn!.stats()).get('pid');
        if (server.pid && pid && pid !== server.pid) {
          return new SessctlError(
            'SESSCTL_STORE_ERROR',
            `memcached ${server.id} restarted during the walk: the items it held are gone and the rest of its dump was not read`,
            {
              cause: error,
              hint: 'run the scan again',
            },
          );
        }
        break;
      } catch {
        if (signal?.aborted) break;
        /* still down: try again, then the drop itself is the reason */
      }
    }
    return new SessctlError(
      'SESSCTL_STORE_ERROR',
      `${error.message}; a metadump cannot resume, so the rest of its keys were not read`,
      { cause: error, hint: 'run the scan again' },
    );
  }

  /** Opens the dump, falling back from `hash` (1.6.9+) to `all`, and waiting out a short BUSY. */
  async function startDump(
    server: Server,
    batch: number,
    signal?: AbortSignal,
  ): Promise<AsyncGenerator<MetadumpItem[]>> {
    for (let attempt = 0; ; attempt++) {
      const gen = metadump(server.host, server.port, server.mode, { batch, signal, spool: server.spool });
      try {
        const first = await gen.next();
        return (async function* () {
          if (!first.done) yield first.value;
          yield* gen;
        })();
      } catch (err) {
        const e = err as SessctlError;
        if (e.code === 'SESSCTL_STORE_UNSUPPORTED') throw e;
        if (server.mode === 'hash' && /metadump failed/.test(e.message)) {
          server.mode = 'all';
          continue;
        }
        if (/BUSY/.test(e.message) && attempt < 5) {
          await sleep(200 * (attempt + 1), signal);
          continue;
        }
        throw e;
      }
    }
  }

  return {
    kind: 'memcached',
    redactedUrl: url.redacted,
    capabilities: {
      noTouch: true,
      idleTime: true,
      fetchFlag: true,
      ttl: true,
      touch: true,
      enumerate: true,
      dumpRestore: true,
      conditionalDelete: 'cas',
    },
    async info(): Promise<StoreInfo> {
      const nodes: StoreNodeInfo[] = await Promise.all(
        servers.map(async (s): Promise<StoreNodeInfo> => {
          if (!s.conn) return { id: s.id, role: 'server', version: 'unknown', keys: 0, error: s.error?.message };
          const st = await s.conn.stats();
          s.skewS = Number(st.get('time') ?? Date.now() / 1000) - Date.now() / 1000;
          return {
            id: s.id,
            role: 'server',
            version: `memcached ${st.get('version') ?? '?'}`,
            keys: Number(st.get('curr_items') ?? 0),
            uptimeS: Number(st.get('uptime') ?? 0),
          };
        }),
      );
      return {
        kind: 'memcached',
        version: nodes.find((n) => !n.error)?.version ?? 'unknown',
        nodes,
        estimate: { keys: nodes.reduce((a, n) => a + n.keys, 0) },
        idleTrust: {
          usable: true,
          reasons: [
            'memcached records "read since last write" exactly (fetch=no); its last-access time is coarse (updated at most once a minute for items already read)',
          ],
        },
      };
    },
    walk(opts: WalkOptions = {}): AsyncIterable<WalkEvent> {
      const limiter = opts.pacer ?? pacer(opts.rate);
      return mergeWalks(servers.map((s) => producer(s, opts, limiter)));
    },
    async lookup(keys, opts = {}): Promise<RawRecord[]> {
      // The app's client decides which server holds a key; ask them all.
      const out: RawRecord[] = [];
      for (const s of servers) {
        if (!s.conn) throw s.error!;
        out.push(
          ...(await read(
            s,
            keys.map((k) => ({ key: Buffer.from(k) })),
            opts.values ?? true,
          )),
        );
      }
      return out;
    },
    counters() {
      return memcachedCounters(() => servers.filter((s) => s.conn).map((s) => [s.id, s.conn!]));
    },
    async *listKeys(prefix, opts = {}) {
      for (const s of servers) {
        if (!s.conn) throw s.error!;
        for await (const items of await startDump(s, 1000, opts.signal)) {
          // The dump lists expired items until the crawler reclaims them: they are no live sessions.
          const nowS = Date.now() / 1000 + s.skewS;
          const keys: string[] = [];
          for (const m of items) {
            if (m.exp !== -1 && m.exp <= nowS) continue;
            const k = m.key.toString();
            if (prefix === null || k.startsWith(prefix)) keys.push(k);
          }
          if (keys.length) yield keys;
        }
      }
    },
    writer() {
      return memcachedWriter(new Map(servers.filter((s) => s.conn).map((s) => [s.id, s.conn!])));
    },
    async close() {
      for (const s of servers) s.conn?.close();
    },
  };
}

function fromMetadump(server: Server, items: MetadumpItem[]): RawRecord[] {
  const nowS = Date.now() / 1000 + server.skewS;
  const out: RawRecord[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const m = items[i]!;
    out[i] = {
      node: server.id,
      key: m.key,
      type: 'string',
      ttlMs: m.exp < 0 ? null : Math.max(0, Math.round((m.exp - nowS) * 1000)),
      idleS: Math.max(0, Math.round(nowS - m.la)),
      // The slab item's size (key, value and header): what the item costs, as MEMORY USAGE is on Redis.
      bytes: m.size,
      fetched: m.fetched,
      lastAccessMs: m.la * 1000,
      cas: m.cas,
      flags: m.flags,
    };
  }
  return out;
}

function toRecord(node: string, key: Buffer, r: MetaReply, meta: MetadumpItem | undefined, nowS: number): RawRecord {
  const f = r.flags;
  const t = f.t === undefined ? undefined : Number(f.t);
  const l = f.l === undefined ? undefined : Number(f.l);
  const rec: RawRecord = {
    node,
    key,
    type: 'string',
    ttlMs:
      t === undefined
        ? meta
          ? meta.exp < 0
            ? null
            : Math.max(0, Math.round((meta.exp - nowS) * 1000))
          : undefined
        : t < 0
          ? null
          : t * 1000,
    idleS: l ?? (meta ? Math.max(0, Math.round(nowS - meta.la)) : undefined),
    bytes: r.value?.length ?? Number(f.s ?? meta?.size ?? 0),
    fetched: f.h === undefined ? meta?.fetched : f.h === '1',
    lastAccessMs: l === undefined ? (meta ? meta.la * 1000 : undefined) : Math.round((nowS - l) * 1000),
    cas: f.c ?? meta?.cas,
    flags: f.f === undefined ? meta?.flags : Number(f.f),
  };
  if (r.value) rec.value = r.value;
  return rec;
}

/** The CAS `mg` returned: the metadump's own string when the digits are the same (the usual case). */
function sameCas(b: Buffer, start: number, end: number, cas: string): string {
  if (end - start !== cas.length) return b.toString('latin1', start, end);
  for (let i = 0; i < cas.length; i++) if (b[start + i] !== cas.charCodeAt(i)) return b.toString('latin1', start, end);
  return cas;
}

/** `1.6.18` before `[1, 6, 19]`; an unparsable version counts as old (the safe side). */
export function versionBefore(version: string, than: [number, number, number]): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  for (let i = 0; i < 3; i++) {
    const a = Number(m[i + 1]);
    if (a !== than[i]) return a < than[i]!;
  }
  return false;
}
