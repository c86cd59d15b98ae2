import { expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startFastifyTarget } from './targets/index.js';

const { redis } = inject('servers');
const DB = 13;

it('@fastify/session with a Redis store: preflights mint sessions, rolling cookies still count as the same session', async () => {
  const prefix = uniquePrefix('probe-fastify');
  const target = await startFastifyTarget({ redisUrl: `${redis.url}/${DB}`, prefix });
  try {
    const report = await probe({ url: target.url, store: `${redis.url}/${DB}` }, new AbortController().signal);
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({
      sessionCookie: 'sessionId',
      cookie: 'persists',
      headerToken: 'not-persisted',
    });
    expect(report.findings.find((f) => f.id === 'SESS-PREFLIGHT-MINT')).toBeDefined();
    expect(report.store?.keysCreated.preflight).toBe(1);
    expect(report.store?.prefix).toBe(prefix);
    const total = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
    expect(await countKeys(redis.port, DB, prefix)).toBe(total);
    expect(report.checks.find((c) => c.id === 'SESS-FIXATION')?.status).toBe('pass');
  } finally {
    await target.close();
  }
});
