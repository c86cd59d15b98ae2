import { globToRegExp } from '../glob.js';
import { memoryKv, type MemoryKv } from './memory-kv.js';
import { memoryWriter } from './memory-writer.js';
import { pacer } from '../pace.js';
import type { RawRecord, Store, WalkEvent, WalkOptions } from '../types.js';

/** The in-process store behind `memory://name` (demo, tests): reads through the non-touching `peek`. */
export function openMemoryStore(url: { name: string; redacted: string }, kv: MemoryKv = memoryKv(url.name)): Store {
  const node = url.redacted;
  const record = (key: string, values: boolean): RawRecord | undefined => {
    const e = kv.peek(key);
    if (!e) return undefined;
    const now = kv.now();
    const rec: RawRecord = {
      node,
      key: Buffer.from(key),
      type: 'string',
      ttlMs: e.expiresAt === undefined ? null : Math.max(0, e.expiresAt - now),
      idleS: Math.floor((now - e.lastAccess) / 1000),
      bytes: e.value.length,
      lastAccessMs: e.lastAccess,
    };
    if (values) rec.value = e.value;
    return rec;
  };
  return {
    kind: 'memory',
    redactedUrl: url.redacted,
    capabilities: {
      noTouch: true,
      idleTime: true,
      fetchFlag: false,
      ttl: true,
      touch: true,
      enumerate: true,
      dumpRestore: true,
      conditionalDelete: 'compare',
    },
    async info() {
      return {
        kind: 'memory',
        version: 'sessctl memory',
        nodes: [{ id: node, role: 'server', version: 'sessctl memory', keys: kv.size }],
        estimate: { keys: kv.size },
        idleTrust: { usable: true, reasons: [] },
      };
    },
    async *walk(opts: WalkOptions = {}): AsyncGenerator<WalkEvent> {
      const { count = 1000, values = true, signal } = opts;
      const match = opts.match ? globToRegExp(opts.match) : undefined;
      // In-process: no server to spare, so adaptive pacing (no latency to see) runs it flat out.
      const limiter = opts.pacer ?? pacer(opts.rate);
      let batch: RawRecord[] = [];
      for (const key of kv.keys()) {
        if (signal?.aborted) return;
        if (match && !match.test(key)) continue;
        const r = record(key, values);
        if (r) batch.push(r);
        if (batch.length >= count) {
          yield { type: 'batch', node, records: batch };
          // A turn of the event loop between batches, as a network store's reads give: otherwise a
          // walk that need not wait for its rate (it fell behind) runs on microtasks alone, and a
          // timeout's timer (sessctl check) or the demo's app servers never get to run.
          await new Promise<void>((resolve) => setImmediate(resolve));
          await limiter.take(batch.length, signal);
          batch = [];
        }
      }
      if (batch.length) yield { type: 'batch', node, records: batch };
    },
    async lookup(keys, opts = {}) {
      return keys
        .map((k) => record(Buffer.from(k).toString(), opts.values ?? true))
        .filter((r): r is RawRecord => r !== undefined);
    },
    async *listKeys(prefix) {
      yield [...kv.keys()].filter((k) => prefix === null || k.startsWith(prefix));
    },
    writer() {
      return memoryWriter(kv);
    },
    counters() {
      // In-process: no server counters. Keys only; creations show as growth.
      return {
        read: async () => ({
          nodes: [{ node: 'memory', startId: 'memory', keys: kv.size, expired: 0, evicted: 0 }],
          failed: [],
        }),
      };
    },
    async close() {},
  };
}
