import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sessctl } from '../harness/cli.js';

const servers = inject('servers');
const FIX = join(import.meta.dirname, '..', 'fixtures', 'node', 'express-session');
const authenticated = readFileSync(join(FIX, 'authenticated.bin'));
const empty = readFileSync(join(FIX, 'empty.bin'));
const SID = `sess:insp${process.pid}ABCDEFGHIJKLMNOPQRSTUV`;

describe('sessctl inspect on Valkey 8', () => {
  beforeAll(async () => {
    const r = new Redis(servers.valkey.url);
    await r.set(SID, authenticated, 'EX', 3600);
    await r.set(`${SID}e`, empty, 'EX', 3600);
    r.disconnect();
    await new Promise((res) => setTimeout(res, 1100));
  });

  it('prints format, framework, classes, TTL and idle, with the value redacted', async () => {
    const r = await sessctl(['--format', 'json', 'inspect', servers.valkey.url, SID]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      schema: 'sessctl-inspect/1',
      format: 'json',
      framework: 'express-session',
      empty: false,
      anonymous: false,
      userKeys: ['passport.user'],
    });
    expect(j.ttlMs).toBeGreaterThan(3_500_000);
    expect(j.idleS).toBeGreaterThanOrEqual(1);
    expect(j.key).not.toContain('ABCDEFGHIJ');
    expect(r.stdout).not.toContain('u-42');
    const shown = JSON.parse(
      (await sessctl(['--format', 'json', 'inspect', servers.valkey.url, SID, '--show-values'])).stdout,
    );
    expect(JSON.stringify(shown.value)).toContain('u-42');
  });

  it('does not touch the key: a second inspect sees the idle time go on', async () => {
    const a = JSON.parse((await sessctl(['--format', 'json', 'inspect', servers.valkey.url, `${SID}e`])).stdout);
    const b = JSON.parse((await sessctl(['--format', 'json', 'inspect', servers.valkey.url, `${SID}e`])).stdout);
    expect(a.idleS).toBeGreaterThanOrEqual(1);
    expect(b.idleS).toBeGreaterThanOrEqual(a.idleS);
    expect(a.classes).toContain('empty');
  });

  it('renders text', async () => {
    const r = await sessctl(['inspect', servers.valkey.url, `${SID}e`]);
    expect(r.stdout).toMatch(/classes\s+empty/);
    expect(r.stdout).toMatch(/read without touching/);
  });

  it('a missing key exits 2 with one line', async () => {
    const r = await sessctl(['inspect', servers.valkey.url, `${SID}-missing-key-xyz`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sessctl: no key sess:insp/);
  });
});

describe('sessctl inspect on memcached', () => {
  const key = `insp${process.pid}-mc-0123456789abcdef`;
  beforeAll(
    () =>
      new Promise<void>((resolve, reject) => {
        const s = connect(servers.memcached.port, servers.memcached.host);
        s.on('data', (d) => (d.toString().endsWith('MN\r\n') ? (s.end(), resolve()) : undefined));
        s.on('error', reject);
        s.write(
          Buffer.concat([Buffer.from(`ms ${key} ${empty.length} T600 F2 q\r\n`), empty, Buffer.from('\r\nmn\r\n')]),
        );
      }),
  );

  it('reads the item without marking it fetched', async () => {
    for (let i = 0; i < 2; i++) {
      const j = JSON.parse((await sessctl(['--format', 'json', 'inspect', servers.memcached.url, key])).stdout);
      expect(j.fetched).toBe(false);
      expect(j.classes).toContain('empty');
    }
  });
});
