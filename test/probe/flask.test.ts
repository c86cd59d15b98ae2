import { expect, inject, it } from 'vitest';
import { probe } from '../../src/probe/run-probe.js';
import { countKeys, uniquePrefix } from './redis-keys.js';
import { startFlaskTarget } from './targets/index.js';

const { redis } = inject('servers');
const DB = 14;

it('Flask-Session 0.3.2 with session.permanent: preflights mint, forged ids are adopted, credentialed CORS reflects any origin', async () => {
  const prefix = uniquePrefix('probe-flask');
  const target = await startFlaskTarget(redis.port, DB, prefix);
  try {
    const report = await probe({ url: target.url, store: `${redis.url}/${DB}` }, new AbortController().signal);
    const finding = (id: string) => report.findings.find((f) => f.id === id);
    expect(report.complete).toBe(true);
    expect(report.model).toMatchObject({ sessionCookie: 'session', cookie: 'persists' });
    expect(report.store?.keysCreated.preflight).toBe(1);
    expect(finding('SESS-PREFLIGHT-MINT')).toBeDefined();
    // Flask-Session 0.3.2 keeps an unknown sid and echoes it in Set-Cookie
    expect(finding('SESS-FIXATION')?.message).toMatch(/sent it back in Set-Cookie/);
    // flask-cors with supports_credentials echoes any Origin
    expect(finding('CORS-REFLECT-ANY')?.severity).toBe('critical');
    const total = Object.values(report.store!.keysCreated).reduce((a, b) => a + b, 0);
    expect(await countKeys(redis.port, DB, prefix)).toBe(total);
  } finally {
    await target.close();
  }
});
