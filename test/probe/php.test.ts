import { expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startPhpTarget } from './targets/index.js';

const { redis } = inject('servers');
const DB = 15;

it('PHP built-in server with phpredis sessions: preflights mint, unknown ids are adopted (no use_strict_mode)', async () => {
  const prefix = uniquePrefix('probe-php');
  const target = await startPhpTarget(redis.port, DB, prefix);
  try {
    const report = await probe({ url: target.url, store: `${redis.url}/${DB}` }, new AbortController().signal);
    const finding = (id: string) => report.findings.find((f) => f.id === id);
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({ sessionCookie: 'PHPSESSID', cookie: 'persists', stateFrom: 'body' });
    expect(report.store?.prefix).toBe(prefix);
    expect(report.store?.keysCreated.preflight).toBe(1);
    expect(finding('SESS-PREFLIGHT-MINT')).toBeDefined();
    expect(finding('SESS-FIXATION')?.severity).toBe('high');
    expect(report.store?.keysCreated['fixation-cookie']).toBe(1);
    expect(finding('COOKIE-HTTPONLY')?.severity).toBe('medium');
    const total = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
    expect(await countKeys(redis.port, DB, prefix)).toBe(total);
  } finally {
    await target.close();
  }
});
