import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/harness/prng.js';
import type { RawRecord } from '../types.js';
import { utf8Lossy } from '../../formats/text.js';
import { packDumpBatch, type PackedBatch, unpackBatch } from './packed-batch.js';
import { nodeId, rawBatches, type RawFilter, type RawTally } from './raw-records.js';
import type { RdbDump } from './read-rdb.js';
import type { RdbOtherRecord, RdbRecord } from './types.js';

/**
 * The reference for packDumpBatch, written plainly from RawRecords: segments of about 64 KiB, each
 * record within one, a segment's keys first and then its records' payloads, hash fields as UTF-8.
 */
function packBatch(node: string, records: RawRecord[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
  const payload = (r: RawRecord): Buffer[] =>
    r.value !== undefined ? [r.value] : [...(r.hash ?? [])].flatMap(([f, v]) => [Buffer.from(f), v]);
  const groups: RawRecord[][] = [[]];
  let size = 0;
  for (const r of records) {
    const n = r.key.length + payload(r).reduce((sum, b) => sum + b.length, 0);
    if (size > 0 && size + n > 64 * 1024) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(r);
    size += n;
  }
  const segments = groups.map((g) => {
    const bytes = Buffer.concat([...g.map((r) => r.key), ...g.flatMap(payload)]);
    const ab = new ArrayBuffer(bytes.length);
    new Uint8Array(ab).set(bytes);
    return ab;
  });
  const ascii = groups.map((g) => g.every((r) => r.key.every((b) => b < 0x80)));
  const nodes = [...new Set(records.map((r) => r.node))];
  const ints: number[] = [];
  const lens: number[] = [];
  const doubles: number[] = [];
  groups.forEach((g, s) =>
    g.forEach((r) => {
      doubles.push(r.ttlMs ?? NaN, r.idleS ?? NaN, r.bytes);
      const type = r.type === 'string' ? 0 : r.type === 'hash' ? 1 : 2;
      const has = r.value !== undefined || r.hash !== undefined;
      ints.push(nodes.indexOf(r.node), type | (has ? 4 : 0), s, r.key.length, r.value?.length ?? r.hash?.size ?? 0);
      for (const [f, v] of r.hash ?? []) lens.push(Buffer.byteLength(f), v.length);
    }),
  );
  const meta = new ArrayBuffer(8 * doubles.length + 4 * (ints.length + lens.length));
  new Float64Array(meta, 0, doubles.length).set(doubles);
  new Int32Array(meta, 8 * doubles.length).set([...ints, ...lens]);
  return { batch: { node, nodes, count: records.length, meta, segments, ascii }, transfer: [meta, ...segments] };
}

/** A record as a thread would get it back: postMessage moves the buffers, so copy them as it would. */
function roundTrip(records: RawRecord[]): RawRecord[] {
  const { batch, transfer } = packBatch('db3', records);
  const moved = structuredClone(batch, { transfer });
  expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
  // Each key's text as the scan would make it, then the records as they went in.
  return unpackBatch(moved).map(({ keyText, ...r }, i, records) => {
    const key = records[i]!.key;
    expect(keyText).toBe(utf8Lossy(key));
    // Made when first read, then the same view each time.
    expect(records[i]!.key).toBe(key);
    // An accessor, not an own property: a spread leaves it out.
    return { ...r, key };
  });
}

/** Plain data for toStrictEqual: Buffers as hex, Maps as entries, and the keys each object has. */
function plain(r: RawRecord): unknown {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      Buffer.isBuffer(v) ? v.toString('hex') : v instanceof Map ? [...v].map(([f, b]) => [f, b.toString('hex')]) : v,
    ]),
  );
}

describe('packed batches', () => {
  it('give back every record as it was: strings, hashes, other types, no TTL, unknown idle, no payload', () => {
    const records: RawRecord[] = [
      {
        node: 'db0',
        key: Buffer.from('sess:a'),
        type: 'string',
        ttlMs: 5000,
        idleS: undefined,
        bytes: 2,
        value: Buffer.from('{}'),
      },
      {
        node: 'db0',
        key: Buffer.from('sess:b'),
        type: 'string',
        ttlMs: null,
        idleS: 12,
        bytes: 0,
        value: Buffer.alloc(0),
      },
      {
        node: 'db2',
        key: Buffer.from('spring:session:sessions:x'),
        type: 'hash',
        ttlMs: -0.5,
        idleS: 0,
        bytes: 14,
        hash: new Map([
          ['creationTime', Buffer.from([0xac, 0xed])],
          ['é\uFFFD', Buffer.alloc(0)],
        ]),
      },
      { node: 'db2', key: Buffer.alloc(0), type: 'other', ttlMs: null, idleS: undefined, bytes: 2 ** 40 },
      { node: 'db0', key: Buffer.from([0xff, 0x00]), type: 'string', ttlMs: 1, idleS: undefined, bytes: 3 },
      { node: 'db0', key: Buffer.from('h'), type: 'hash', ttlMs: 1, idleS: undefined, bytes: 0, hash: new Map() },
    ];
    expect(roundTrip(records).map(plain)).toStrictEqual(records.map(plain));
  });

  it('keeps each record whole across segments, however large its value', () => {
    const next = mulberry32(18);
    const records: RawRecord[] = Array.from({ length: 400 }, (_, i) => {
      const size = i % 97 === 0 ? 70_000 + Math.floor(next() * 70_000) : Math.floor(next() * 600);
      const value = Buffer.alloc(size, i & 0xff);
      return i % 5 === 4
        ? {
            node: `db${i % 3}`,
            key: Buffer.from(`h:${i}`),
            type: 'hash' as const,
            ttlMs: null,
            idleS: i,
            bytes: size,
            hash: new Map([
              [`f${i}`, value],
              ['g', Buffer.from(String(i))],
            ]),
          }
        : {
            node: 'db1',
            key: Buffer.from(`s:${i}`),
            type: 'string' as const,
            ttlMs: i * 1000,
            idleS: undefined,
            bytes: size,
            value,
          };
    });
    const { batch } = packBatch('db1', records);
    expect(batch.segments.length).toBeGreaterThan(2);
    // No segment much past the target unless one record alone is larger.
    for (const s of batch.segments) expect(s.byteLength <= 64 * 1024 || s.byteLength >= 70_000).toBe(true);
    expect(roundTrip(records).map(plain)).toStrictEqual(records.map(plain));
  });

  it('packs dump records straight as packBatch packs rawBatches of them: filters, clock, hashes, segments', async () => {
    const next = mulberry32(7);
    const clockMs = 1_700_000_000_000;
    const base = { rdbType: 0, freq: null, offset: 0 };
    const batches: Array<Array<RdbRecord | RdbOtherRecord>> = Array.from({ length: 6 }, (_, b) =>
      Array.from({ length: 300 }, (_, i): RdbRecord | RdbOtherRecord => {
        const db = b === 3 ? 2 : i % 50 === 49 ? 1 : 0;
        const expireAtMs = i % 7 === 0 ? null : clockMs + Math.floor((next() - 0.2) * 1e6);
        const idleS = i % 3 === 0 ? null : i;
        // Non-ASCII keys in some batches only: segments of both kinds.
        const key = Buffer.from(`${i % 4 === 0 ? 'sess' : 'other'}:${b}:${i}${b % 2 ? ':é' : ''}`);
        const size = i % 113 === 0 ? 70_000 : Math.floor(next() * 300);
        if (i % 5 === 1)
          return {
            ...base,
            db,
            key,
            expireAtMs,
            idleS,
            type: 'hash',
            value: [
              [Buffer.from(`f${i}\u00e9`), Buffer.alloc(size, i)],
              [Buffer.from('dup'), Buffer.from('a')],
              [Buffer.from('dup'), Buffer.from('bb')],
              [Buffer.from([0xff]), Buffer.alloc(0)],
            ],
            fieldExpiresMs: i % 2 ? [null, clockMs - 1, clockMs + 1, null] : undefined,
          };
        if (i % 11 === 2) return { ...base, db, key, expireAtMs, idleS, type: 'zset', bytes: size };
        return { ...base, db, key, expireAtMs, idleS, type: 'string', value: Buffer.alloc(size, i) };
      }),
    );
    const dump = {
      batches: async function* () {
        yield* batches;
      },
    } as unknown as RdbDump<RdbRecord | RdbOtherRecord>;
    // As hex: toStrictEqual walks a Buffer byte by byte, seconds for these segments on a loaded machine.
    const bytes = (b: PackedBatch) => [
      b.node,
      b.nodes,
      b.count,
      b.ascii,
      Buffer.from(b.meta).toString('hex'),
      ...b.segments.map((s) => Buffer.from(s).toString('hex')),
    ];
    const filters: RawFilter[] = [
      { clockMs, values: true },
      { clockMs, values: false },
      { clockMs, values: true, db: 1 },
      { clockMs, values: true, db: 2, match: 'sess:*' },
      { clockMs, values: true, db: 5 },
    ];
    for (const filter of filters) {
      const oldTally: RawTally = { db: 0, expired: 0 };
      const want: unknown[] = [];
      for await (const records of rawBatches(dump, filter, oldTally))
        want.push(bytes(packBatch(nodeId(oldTally.db), records).batch));
      const tally: RawTally = { db: 0, expired: 0 };
      const match = filter.match ? new RegExp('^sess:') : undefined;
      const got: unknown[] = [];
      for (const records of batches) {
        const packed = packDumpBatch(records, clockMs, filter.values, filter.db, match, tally);
        if (packed) got.push(bytes(packed.batch));
      }
      expect(got).toStrictEqual(want);
      expect(tally).toStrictEqual(oldTally);
    }
    const tally: RawTally = { db: 0, expired: 0 };
    const ascii = batches.flatMap((r) => packDumpBatch(r, clockMs, true, undefined, undefined, tally)!.batch.ascii);
    expect(new Set(ascii)).toStrictEqual(new Set([true, false]));
  });
});
