import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SessctlError } from '../../errors.js';
import { pacer } from '../pace.js';
import { unpackBatch } from './packed-batch.js';
import { nodeId, rawBatches, type RawFilter, type RawTally } from './raw-records.js';
import { startReader, WORKER_URL, type ReaderThread } from './reader-thread.js';
import type { RdbSummary } from './types.js';
import { FLOW_TAKEN, FLOW_WAKE_AT, refusesOpen, reviveError, type Peek } from './walk-protocol.js';
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
  /** Read on a thread of its own (true), on the caller's (false). Default: a thread for dumps of 8 MiB and more. */
  thread?: boolean;
  /**
   * Start that thread now, not at the first walk: its start-up then runs while the caller loads
   * its own modules (the CLI). The caller must then walk or close the store, or the thread (an
   * isolate, the file, its buffers) is kept until the process exits.
   */
  readAhead?: boolean;
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
  // Synchronous, as the URL's parse already was: the thread starts within this call, before the
  // caller goes on loading its own modules.
  const found = statOrNone(url.path);
  // A big dump is read on a thread of its own, beside the scan's, which is then left only the
  // judging. Asked to read ahead, the thread starts here, not at the walk: its start-up (~60 ms: an
  // isolate, the parser's modules, the file's first read) runs while the caller loads the judging,
  // and it reads the header and first key for the open, which then leaves the parser unloaded here.
  let threaded = (options.thread ?? (found?.size ?? 0) >= THREAD_MIN_BYTES) && WORKER_URL !== undefined;
  let early = threaded && options.readAhead ? startReader(url.path) : undefined;
  const peeked = await early?.peek(options.signal);
  if (early?.stillborn) threaded = false;
  if (!peeked) {
    // No thread, or one that could not start or met an error before the first key: this thread
    // reads the header, and throws what it meets as it always did.
    await early?.end();
    early = undefined;
  }
  const peek = peeked ?? (await peekDump(url.path, options.signal));
  const file = found ?? (await stat(url.path));
  // ctime is the dump's own clock; a dump without it (very old servers) is dated by its file.
  // ctime has 1 s resolution and is written before the keys: the last millisecond of that second
  // is the latest the save can have begun, so TTLs measured from it are never longer than the
  // server's (a session set with a 1-day TTL stays in the 12–24h bucket, as a live scan puts it).
  const clockMs = peek.info.ctimeMs === null ? file.mtimeMs : peek.info.ctimeMs + CTIME_RESOLUTION_MS - 1;
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

  /** Every wanted record of the dump, in its batches; a damaged dump ends in a node-failed event. */
  async function* read(opts: { values: boolean; match?: string; signal?: AbortSignal }): AsyncGenerator<WalkEvent> {
    const filter: RawFilter = { clockMs, db: options.db, match: opts.match, values: opts.values };
    const walk: WalkState = { tally: { db: options.db ?? 0, expired: 0 }, summary: undefined };
    const reader = threaded ? takeReader() : undefined;
    try {
      yield* reader
        ? readThreaded(reader, url.path, filter, walk, opts.signal)
        : readHere(url.path, filter, walk, opts.signal);
    } finally {
      // A thread that could not start (no reader module beside this one) will not start the next
      // time either: later walks read here at once.
      if (!reader || reader.stillborn) threaded = false;
      facts.expired = walk.tally.expired;
      if (walk.summary) record(walk.summary);
    }
  }

  /** The thread started at the open for the first walk; a thread of its own for any other. */
  const takeReader = (): ReaderThread | undefined => {
    const reader = early ?? startReader(url.path);
    early = undefined;
    return reader;
  };

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
    async close() {
      // A store opened and never walked ends the thread it started.
      const reader = early;
      early = undefined;
      await reader?.end();
    },
  };
}

/** Where a walk is: its running tally, and the parser's summary so far (none before the first batch of a thread). */
interface WalkState {
  tally: RawTally;
  summary: RdbSummary | undefined;
}

function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A dump below this is read on the scan's thread: starting a thread costs more than it saves there. */
const THREAD_MIN_BYTES = 8 * 1024 * 1024;

/** Reads on this thread. */
async function* readHere(
  path: string,
  filter: RawFilter,
  walk: WalkState,
  signal?: AbortSignal,
): AsyncGenerator<WalkEvent> {
  const { readRdb } = await import('./read-rdb.js');
  const dump = readRdb(path, { signal, others: true });
  walk.summary = dump.summary;
  try {
    for await (const records of rawBatches(dump, filter, walk.tally))
      yield { type: 'batch', node: nodeId(walk.tally.db), records };
  } catch (err) {
    if (err instanceof SessctlError && err.code === 'SESSCTL_ABORTED') return;
    const error =
      err instanceof SessctlError
        ? err
        : new SessctlError('SESSCTL_INTERNAL', `reading the dump failed: ${(err as Error).message}`, { cause: err });
    yield { type: 'node-failed', node: nodeId(walk.tally.db), error };
  }
}

/**
 * Reads on a thread of its own, which posts packed batches and stays a few batches in front; each
 * batch taken here is counted before it is judged, so the thread parses the next while this one
 * judges. Stopping early (abort, a lookup that found its keys, an error) ends the thread.
 */
async function* readThreaded(
  reader: ReaderThread,
  path: string,
  filter: RawFilter,
  walk: WalkState,
  signal?: AbortSignal,
): AsyncGenerator<WalkEvent> {
  const { flow, inbox } = reader;
  reader.walk(filter);
  const onAbort = () => reader.interrupt();
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      while (inbox.length === 0 && !signal?.aborted) await reader.arrival();
      if (signal?.aborted) return;
      const m = inbox.shift()!;
      if (m instanceof Error) {
        // A thread that never started (no built module beside this one, no threads to be had)
        // leaves the reading to this thread.
        if (!reader.heard) {
          reader.stillborn = true;
          return yield* readHere(path, filter, walk, signal);
        }
        const error = new SessctlError('SESSCTL_INTERNAL', `reading the dump failed: ${m.message}`, { cause: m });
        yield { type: 'node-failed', node: nodeId(walk.tally.db), error };
        return;
      }
      reader.heard = true;
      if (m.type === 'peek') {
        // A thread of a later walk peeks too; a file that became unreadable since the open ends the walk.
        if (!('error' in m)) continue;
        yield { type: 'node-failed', node: nodeId(walk.tally.db), error: reviveError(m.error) };
        return;
      }
      walk.summary = m.summary;
      walk.tally = m.tally;
      if (m.type === 'batch') {
        if (Atomics.add(flow, FLOW_TAKEN, 1) + 1 === Atomics.load(flow, FLOW_WAKE_AT)) Atomics.notify(flow, FLOW_TAKEN);
        yield { type: 'batch', node: m.batch.node, records: unpackBatch(m.batch) };
        continue;
      }
      if (m.error) yield { type: 'node-failed', node: nodeId(walk.tally.db), error: reviveError(m.error) };
      return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await reader.end();
  }
}

/**
 * Reads the header, the AUX fields and the first batch of keys. Errors of the file itself (not a
 * dump, a newer version) are thrown; damage further on is left for the walk to report with the
 * keys before it.
 */
async function peekDump(path: string, signal?: AbortSignal): Promise<Peek> {
  const { readRdb } = await import('./read-rdb.js');
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
    if (refusesOpen(err, dump.info)) throw err;
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
