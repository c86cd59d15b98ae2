import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/harness/prng.js';
import type { RawRecord } from '../types.js';
import { packBatch, unpackBatch } from './packed-batch.js';

/** A record as a thread would get it back: postMessage moves the buffers, so copy them as it would. */
function roundTrip(records: RawRecord[]): RawRecord[] {
  const { batch, transfer } = packBatch('db3', records);
  const moved = structuredClone(batch, { transfer });
  expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
  return unpackBatch(moved);
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
});
