import { stat } from 'node:fs/promises';
import { SessctlError } from '../../errors.js';
import { globToRegExp } from '../glob.js';
import { pacer } from '../pace.js';
import { readRdb, type RdbInfo, type RdbOtherRecord, type RdbRecord, type RdbSummary } from './index.js';
import type { StoreUrl } from '../store-url.js';
import type {
  DumpFacts,
  IdleTrust,
  RawRecord,
  Store,
  StoreInfo,
  StoreNodeInfo,
  WalkEvent,
  WalkOptions,
} from '../types.js';

type RdbUrl = Extract<StoreUrl, { kind: 'rdb' }>;

const CTIME_RESOLUTION_MS = 1000;

export interface OpenRdbOptions {
  /** Only this database's keys (clean --plan-from: the live URL's db). Default: every database. */
  db?: number;
  signal?: AbortSignal;
}

/** What the first key of a dump tells about all of them: a server writes IDLE (LRU) or FREQ (LFU) for every key, or neither. */
interface Peek {
  info: RdbInfo;
  summary: RdbSummary;
  idle: boolean;
  freq: boolean;
  keys: boolean;
}

/**
 * An RDB dump as a store: the walk streams its keys as a live walk would give them (string and hash
 * keys with their values, keys of other types as `other` with the bytes their value took in the dump),
 * as of the dump's ctime (remaining TTL = expiry − ctime; IDLE where the server ran an LRU policy).
 * Opening reads the header and the first keys, so a file that is no dump, or of a newer version,
 * is refused (exit 2) before any scan starts. A damaged dump ends the walk with a `node-failed`
 * event naming the byte offset, after every key before the damage.
 *
 * @example
 * const store = await openRdbStore(parseStoreUrl('./dump.rdb'));
 * const report = await scanStore(store); // report.store.dump.ctime, .databases
 */
export async function openRdbStore(url: RdbUrl, options: OpenRdbOptions = {}): Promise<Store> {
  const peek = await peekDump(url.path, options.signal);
  // ctime is the dump's own clock; a dump without it (very old servers) is dated by its file.
  // ctime has 1 s resolution and is written before the keys: the last millisecond of that second
  // is the latest the save can have begun, so TTLs measured from it are never longer than the
  // server's (a session set with a 1-day TTL stays in the 12–24h bucket, as a live scan puts it).
  const clockMs =
    peek.info.ctimeMs === null ? (await stat(url.path)).mtimeMs : peek.info.ctimeMs + CTIME_RESOLUTION_MS - 1;
  const version = `${peek.info.magic === 'VALKEY' || 'valkey-ver' in peek.info.aux ? 'valkey' : 'redis'} ${peek.info.serverVersion ?? 'unknown'}`;
  const facts: DumpFacts = {
    path: url.path,
    magic: peek.info.magic,
    rdbVersion: peek.info.rdbVersion,
    serverVersion: peek.info.serverVersion,
    ctime: peek.info.ctimeMs === null ? null : new Date(peek.info.ctimeMs).toISOString(),
    usedMem: peek.info.usedMem,
    databases: [],
    skipped: { byType: {}, oversized: 0 },
    expired: 0,
    checksum: null,
    complete: false,
  };
  const nodes: StoreNodeInfo[] = [];
  /** Facts and nodes from what a read has seen so far (the peek, then each walk). */
  const record = (summary: RdbSummary): void => {
    const dbs = summary.dbs.filter((db) => options.db === undefined || db === options.db);
    facts.databases = dbs.map((db) => ({
      db,
      keys: summary.resizeHints[db]?.keys ?? null,
      expires: summary.resizeHints[db]?.expires ?? null,
    }));
    facts.skipped = { byType: { ...summary.skippedByType, ...summary.modules }, oversized: summary.oversized };
    facts.checksum = summary.checksum;
    facts.complete = summary.complete;
    nodes.splice(
      0,
      nodes.length,
      ...facts.databases.map((d) => ({
        id: nodeId(d.db),
        role: 'server' as const,
        version,
        keys: d.keys ?? 0,
        ...(d.expires === null ? {} : { expires: d.expires }),
      })),
    );
  };
  record(peek.summary);
  const estimated = facts.databases.reduce((n, d) => n + (d.keys ?? 0), 0);
  const withoutTtl = facts.databases.reduce((n, d) => n + Math.max(0, (d.keys ?? 0) - (d.expires ?? 0)), 0);
  const info: StoreInfo = {
    kind: 'rdb',
    version,
    nodes,
    estimate: {
      keys: estimated,
      ...(facts.databases.every((d) => d.expires !== null) && facts.databases.length ? { withoutTtl } : {}),
    },
    idleTrust: idleTrust(peek),
    clockMs,
    dump: facts,
  };

  /** One dump record as the scan's raw record, or undefined when it had expired at dump time. */
  const toRaw = (rec: RdbRecord | RdbOtherRecord, values: boolean): RawRecord | undefined => {
    if (rec.expireAtMs !== null && rec.expireAtMs <= clockMs) return undefined;
    const raw: RawRecord = {
      node: nodeId(rec.db),
      key: rec.key,
      type: rec.type === 'string' || rec.type === 'hash' ? rec.type : 'other',
      ttlMs: rec.expireAtMs === null ? null : rec.expireAtMs - clockMs,
      idleS: rec.idleS ?? undefined,
      bytes: 0,
    };
    if (rec.type !== 'string' && rec.type !== 'hash') {
      // A live scan counts other types too (TYPE, then MEMORY USAGE for their size).
      raw.bytes = rec.bytes;
      return raw;
    }
    if (rec.type === 'string') {
      raw.bytes = rec.value.length;
      if (values) raw.value = rec.value;
      return raw;
    }
    // Fields whose own expiry had passed are gone for HGETALL too.
    const hash = new Map<string, Buffer>();
    rec.value.forEach(([field, value], i) => {
      const at = rec.fieldExpiresMs?.[i];
      if (at !== null && at !== undefined && at <= clockMs) return;
      hash.set(field.toString('utf8'), value);
      raw.bytes += field.length + value.length;
    });
    if (values) raw.hash = hash;
    return raw;
  };

  /** Every wanted record of the dump, in its batches; a damaged dump ends in a node-failed event. */
  async function* read(opts: { values: boolean; match?: string; signal?: AbortSignal }): AsyncGenerator<WalkEvent> {
    const match = opts.match ? globToRegExp(opts.match) : undefined;
    const dump = readRdb(url.path, { signal: opts.signal, others: true });
    let db = options.db ?? 0;
    let expired = 0;
    try {
      for await (const batch of dump.batches()) {
        const out: RawRecord[] = [];
        for (const rec of batch) {
          db = rec.db;
          if (options.db !== undefined && rec.db !== options.db) continue;
          if (match && !match.test(rec.key.toString('utf8'))) continue;
          const raw = toRaw(rec, opts.values);
          if (raw) out.push(raw);
          else expired++;
        }
        if (out.length) yield { type: 'batch', node: nodeId(db), records: out };
      }
    } catch (err) {
      if (err instanceof SessctlError && err.code === 'SESSCTL_ABORTED') return;
      const error =
        err instanceof SessctlError
          ? err
          : new SessctlError('SESSCTL_INTERNAL', `reading the dump failed: ${(err as Error).message}`, { cause: err });
      yield { type: 'node-failed', node: nodeId(db), error };
    } finally {
      facts.expired = expired;
      record(dump.summary);
    }
  }

  return {
    kind: 'rdb',
    redactedUrl: url.redacted,
    // Reading a file disturbs nothing; idle time is there only where the server wrote IDLE.
    capabilities: {
      noTouch: true,
      idleTime: peek.idle,
      fetchFlag: false,
      ttl: true,
      touch: false,
      enumerate: true,
      dumpRestore: false,
      conditionalDelete: false,
    },
    async info() {
      return info;
    },
    async *walk(opts: WalkOptions = {}): AsyncGenerator<WalkEvent> {
      // A file has no latency to watch: adaptive pacing runs it flat out, a --rate still holds.
      const limiter = opts.pacer ?? pacer(opts.rate);
      for await (const event of read({ values: opts.values ?? true, match: opts.match, signal: opts.signal })) {
        yield event;
        if (event.type === 'batch') await limiter.take(event.records.length, opts.signal);
      }
    },
    async lookup(keys, opts = {}) {
      // A dump has no index: one pass, stopping once every key was found.
      const wanted = new Set(keys.map((k) => Buffer.from(k).toString('latin1')));
      const found: RawRecord[] = [];
      for await (const event of read({ values: opts.values ?? true, signal: opts.signal })) {
        if (event.type === 'node-failed') throw event.error;
        for (const r of event.records) {
          const k = r.key.toString('latin1');
          if (wanted.delete(k)) found.push(r);
        }
        if (!wanted.size) break;
      }
      return found;
    },
    async close() {},
  };
}

/** A database's node id; one string per database, not one per key. */
const NODE_IDS: string[] = [];

function nodeId(db: number): string {
  return (NODE_IDS[db] ??= `db${db}`);
}

/**
 * Reads the header, the AUX fields and the first batch of keys. Errors of the file itself (not a
 * dump, a newer version) are thrown; damage further on is left for the walk to report with the
 * keys before it.
 */
async function peekDump(path: string, signal?: AbortSignal): Promise<Peek> {
  const dump = readRdb(path, { signal, others: true });
  const peek: Peek = { info: dump.info, summary: dump.summary, idle: false, freq: false, keys: false };
  try {
    for await (const batch of dump.batches()) {
      const first = batch[0];
      if (!first) continue;
      peek.keys = true;
      peek.idle = first.idleS !== null;
      peek.freq = first.freq !== null;
      break;
    }
  } catch (err) {
    if (
      !(err instanceof SessctlError) ||
      dump.info.rdbVersion === 0 ||
      err.code === 'SESSCTL_FILE' ||
      err.code === 'SESSCTL_RDB_VERSION' ||
      err.code === 'SESSCTL_ABORTED'
    )
      throw err;
  }
  return peek;
}

function idleTrust(peek: Peek): IdleTrust {
  if (peek.idle) {
    return {
      usable: true,
      from: "the dump's IDLE records, as of its ctime: the server ran an LRU maxmemory-policy",
      reasons: [
        "idle times are those of the server that wrote the dump: a replica's count only what it saw, not reads served by the primary",
      ],
    };
  }
  if (peek.freq) {
    return {
      usable: false,
      reasons: [
        'the dump comes from an LFU maxmemory-policy server: it records access frequency (FREQ), not idle time, so never-read and stale cannot be proven from it',
      ],
    };
  }
  return {
    usable: false,
    reasons: [
      peek.keys
        ? "the dump carries no idle times (the server's maxmemory-policy is not an LRU one): never-read and stale cannot be proven from it; scan the live server, or dump one with an LRU policy"
        : 'the dump holds no keys before its end, so no idle time',
    ],
  };
}
