import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clean } from '../../src/clean/clean.js';
import { restore } from '../../src/clean/restore.js';
import { MemcachedConnection } from '../../src/stores/memcached/memcached-connection.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { connectMemcachedSession, sid } from './sessions.js';

describe('clean and restore on a pool of two memcached servers', () => {
  const servers: RunningServer[] = [];
  const conns: MemcachedConnection[] = [];
  const keysOf: string[][] = [[], []];
  beforeAll(async () => {
    for (let s = 0; s < 2; s++) {
      servers.push(await startMemcached());
      conns.push(await MemcachedConnection.open('127.0.0.1', servers[s]!.port));
      const v = connectMemcachedSession('empty');
      for (let i = 0; i < 5; i++) {
        const k = `pool-${sid()}`;
        await conns[s]!.meta([Buffer.concat([Buffer.from(`ms ${k} ${v.length} F2 T3600\r\n`), Buffer.from(v)])]);
        keysOf[s]!.push(k);
      }
    }
  });
  afterAll(async () => {
    for (const c of conns) c.close();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('deletes on the server that holds each key and restores each key to that server', async () => {
    const url = `memcached://${servers.map((s) => `127.0.0.1:${s.port}`).join(',')}`;
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-clean-pool-')), 'pool.ndjson');
    const r = await clean(url, { match: 'pool-*', minAgeMs: 0, apply: true, backup });
    expect(r.result).toMatchObject({ deleted: 10, skipped: { changed: 0, error: 0 } });
    const rr = await restore(backup);
    expect(rr).toMatchObject({ restored: 10, errors: 0 });
    for (let s = 0; s < 2; s++) {
      const other = conns[1 - s]!;
      for (const k of keysOf[s]!) {
        expect((await conns[s]!.meta([`mg ${k} f u`]))[0]!.status).toBe('HD');
        expect((await other.meta([`mg ${k} f u`]))[0]!.status).toBe('EN');
      }
    }
  });
});
