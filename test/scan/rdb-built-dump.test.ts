import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scan.js';
import type { ScanRecord } from '../../src/scan/types.js';
import { RdbBuilder } from '../harness/rdb-builder.js';
import { valkey81PathHash } from '../harness/rdb-fixtures.js';

const CTIME_S = 1_900_000_000;
const CT = CTIME_S * 1000;
const DAY_MS = 86_400_000;

/**
 * What no installed server writes, built byte by byte: an RDB 12 dump of an LFU-policy server (a
 * FREQ before every key) dated years ahead. Everything must be judged as of the dump's ctime, not
 * of the clock running the test.
 */
function lfuDump(): Buffer {
  const created = CT - 600_000;
  const express = JSON.stringify({
    cookie: { originalMaxAge: DAY_MS, expires: new Date(created + DAY_MS).toISOString(), httpOnly: true, path: '/' },
  });
  const b = new RdbBuilder('REDIS', 12).aux('redis-ver', '7.4.2').aux('ctime', String(CTIME_S));
  b.selectDb(0).resizeDb(3, 3);
  b.expireMs(created + DAY_MS)
    .byte(249)
    .byte(5)
    .string('sess:live0000000000000000000000000000', express);
  b.expireMs(CT - 5000)
    .byte(249)
    .byte(5)
    .string('sess:gone0000000000000000000000000000', express);
  // Hash field expiry (type 24): field TTL = expireAt − minExpire + 1, so 1 = expired at minExpire, before ctime.
  b.expireMs(CT + 60_000)
    .byte(249)
    .byte(5)
    .byte(24)
    .str('hash:fields')
    .int64(CT - 1000)
    .len(2)
    .len(0)
    .str('keep')
    .str('x')
    .len(1)
    .str('goes')
    .str('y');
  return b.end();
}

describe('offline scan of a built RDB 12 dump from an LFU server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-rdb-built-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("measures TTL and age from the end of ctime's second, leaves out what had expired, and says LFU gives no idle time", async () => {
    // ctime has 1 s resolution: the dump's clock is its last millisecond, so no TTL reads longer than the server's.
    const late = 999;
    const path = join(dir, 'lfu.rdb');
    writeFileSync(path, lfuDump());
    const records = new Map<string, ScanRecord>();
    const report = await scan(path, { showKeys: true, onRecord: (r) => records.set(r.key, r) });
    expect(report.complete).toBe(true);
    expect([...records.keys()].sort()).toEqual(['hash:fields', 'sess:live0000000000000000000000000000']);
    expect(records.get('sess:live0000000000000000000000000000')).toMatchObject({
      ttlMs: DAY_MS - 600_000 - late,
      ageS: 601,
      idleS: null,
      classes: ['empty'],
      orphan: true,
    });
    // The field whose own expiry passed is gone, as HGETALL would have it.
    expect(records.get('hash:fields')).toMatchObject({ ttlMs: 60_000 - late, bytes: 5 });
    expect(report.store.idleTrust.usable).toBe(false);
    expect(report.store.idleTrust.reasons.join(' ')).toMatch(/LFU .*FREQ/);
    expect(report.store.dump).toMatchObject({
      rdbVersion: 12,
      serverVersion: '7.4.2',
      ctime: new Date(CT).toISOString(),
      expired: 1,
      databases: [{ db: 0, keys: 3, expires: 3 }],
    });
    expect(report.store.version).toBe('redis 7.4.2');
  });

  it('refuses a dump of a newer RDB version before reading anything (exit-2 error)', async () => {
    const path = join(dir, 'future.rdb');
    writeFileSync(path, new RdbBuilder('REDIS', 99).end());
    await expect(scan(path)).rejects.toMatchObject({ code: 'SESSCTL_RDB_VERSION' });
  });
});

describe('offline scan of a built VALKEY 81 dump with path hashes (Valkey 9.2, type 23)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessctl-rdb-pathhash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts path hashes as other keys, as a live scan does (TYPE pathhash), and names them in the skipped types', async () => {
    const path = join(dir, 'valkey92.rdb');
    writeFileSync(path, valkey81PathHash());
    const records = new Map<string, ScanRecord>();
    const report = await scan(path, { showKeys: true, onRecord: (r) => records.set(r.key, r) });
    expect(report.complete).toBe(true);
    expect([...records.keys()].sort()).toEqual(['empty-tree', 'h2', 'sess:after', 'sess:before', 'tree']);
    // Sized by the bytes the value took in the dump; TTL from the end of ctime's second.
    expect(records.get('tree')).toMatchObject({ bytes: 64, ttlMs: 3_600_000 - 999 });
    expect(records.get('empty-tree')).toMatchObject({ bytes: 1, ttlMs: null });
    expect(report.store.dump).toMatchObject({
      magic: 'VALKEY',
      rdbVersion: 81,
      serverVersion: '9.2.0',
      skipped: { byType: { pathhash: 2 }, oversized: 0 },
      expired: 0,
      complete: true,
    });
    expect(report.store.version).toBe('valkey 9.2.0');
  });
});
