import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../src/stores/from-url.js';
import { connectRedis } from '../src/stores/redis/redis-client.js';
import { parseStoreUrl, type StoreUrl } from '../src/stores/store-url.js';
import { expressSession, sid } from './clean/sessions.js';
import { sessctl } from './harness/cli.js';
import { makePki, startTlsRedis, type TestPki, type TlsServer } from './harness/tls.js';

/**
 * rediss:// against real TLS-only servers (redis-server 7.0 and valkey-server 8 built with
 * OpenSSL), certificates from a throwaway CA: the CLI scans, cleans and restores over TLS, and
 * every way it can go wrong is one line with the fix, never the password.
 */
const servers = inject('servers');
const PW = 'tls-s3cret-pw';
const P = `sess:tls${process.pid}-`;

let pki: TestPki;
let redis: TlsServer;
let w: Redis;
/** rediss://:PW@127.0.0.1:port plus the given query. */
const url = (query = `?cacert=${pki.caFile}`) => `rediss://:${PW}@127.0.0.1:${redis.port}${query}`;
type RedisUrl = Extract<StoreUrl, { kind: 'redis' }>;
const lines = (text: string) => text.split('\n').filter(Boolean);
const root = join(import.meta.dirname, '..');

/** `npm test` builds first; a direct vitest run rebuilds when dist is older than the TLS sources. */
function ensureBuilt(): void {
  const sources = readdirSync(join(root, 'src/stores'))
    .filter((f) => /^(tls-|resp-connection|store-url)/.test(f))
    .map((f) => join(root, 'src/stores', f));
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  const built = join(root, 'dist/stores/tls-options.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (!existsSync(built)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

beforeAll(async () => {
  pki = makePki();
  redis = await startTlsRedis(pki, 'redis', { extraArgs: ['--requirepass', PW] });
  w = new Redis({ host: '127.0.0.1', port: redis.port, password: PW, tls: { ca: readFileSync(pki.caFile) } });
});
afterAll(async () => {
  w?.disconnect();
  await redis?.stop();
  pki?.cleanup();
});

describe('sessctl over TLS', () => {
  it('scans express sessions over rediss:// with ?cacert= and reports them, the password redacted', async () => {
    const stem = `${P}scan:`;
    for (let i = 0; i < 6; i++) {
      const { value, ttlMs } = expressSession('empty');
      await w.set(`${stem}${sid()}`, value, 'PX', ttlMs);
    }
    for (let i = 0; i < 2; i++) {
      const { value, ttlMs } = expressSession('authenticated');
      await w.set(`${stem}${sid()}`, value, 'PX', ttlMs);
    }
    const r = await sessctl(['--format', 'json', 'scan', url(), '--match', `${stem}*`]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schema: 'sessctl-scan/1', complete: true, totals: { keys: 8, sessions: 8 } });
    expect(j.store).toMatchObject({ kind: 'redis', url: `rediss://:***@127.0.0.1:${redis.port}?cacert=${pki.caFile}` });
    expect(j.prefixes).toHaveLength(1);
    expect(j.prefixes[0]).toMatchObject({ framework: 'express-session', count: 8 });
    expect(j.classes.empty.count).toBe(6);
    expect(r.stdout).not.toContain(PW);
  });

  it('clean --apply deletes over TLS and restore puts the sessions back byte for byte', async () => {
    const stem = `${P}clean:`;
    const values = new Map<string, string>();
    for (let i = 0; i < 5; i++) {
      const k = `${stem}${sid()}`;
      const { value, ttlMs } = expressSession('empty');
      await w.set(k, value, 'PX', ttlMs);
      values.set(k, value);
    }
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-tls-')), 'b.ndjson');
    const c = await sessctl([
      '--format',
      'json',
      'clean',
      url(),
      '--match',
      `${stem}*`,
      '--min-age',
      '1s',
      '--apply',
      '--yes',
      '--backup',
      backup,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({
      applied: true,
      complete: true,
      result: { deleted: 5 },
      backup: { entries: 5 },
    });
    expect(await w.exists(...values.keys())).toBe(0);
    expect(readFileSync(backup, 'utf8')).not.toContain(PW);

    const r = await sessctl(['restore', backup, url(), '--yes']);
    expect(r.code, r.stderr).toBe(0);
    for (const [k, v] of values) expect(await w.get(k)).toBe(v);
    expect(r.stdout + r.stderr + c.stderr).not.toContain(PW);
  });

  it('?insecure skips verification; ?sni= names the host the certificate is checked against', async () => {
    const match = ['--match', `${P}nothing:*`];
    expect((await sessctl(['scan', url('?insecure'), ...match])).code).toBe(0);
    expect((await sessctl(['scan', url(`?cacert=${pki.caFile}&sni=localhost`), ...match])).code).toBe(0);
    const wrong = await sessctl(['scan', url(`?cacert=${pki.caFile}&sni=cache.example.com`), ...match]);
    expect(wrong.code).toBe(3);
    expect(lines(wrong.stderr)[0]).toMatch(
      /^sessctl: cannot connect to 127\.0\.0\.1:\d+: TLS verification failed: the server's certificate is not for this host/,
    );
  });

  it('a certificate the client does not trust exits 3 with one line saying so and how to fix it', async () => {
    const r = await sessctl(['scan', url(''), '--match', `${P}*`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const [message, hint, ...rest] = lines(r.stderr);
    expect(message).toMatch(
      /^sessctl: cannot connect to 127\.0\.0\.1:\d+: TLS verification failed: the server's certificate is not signed by a CA this client trusts \((self-signed certificate in certificate chain|unable to verify the first certificate)\)$/,
    );
    expect(hint).toMatch(
      /^ {2}hint: give the server's CA certificate with \?cacert=\/path\/to\/ca\.pem in the store URL \(or NODE_EXTRA_CA_CERTS=/,
    );
    expect(rest).toEqual([]);
    expect(r.stderr).not.toContain(PW);
  });

  it('the ioredis path (probe, middleware, control plane) takes the same options and says the same', async () => {
    const client = await connectRedis(parseStoreUrl(url()) as RedisUrl);
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    const untrusted = connectRedis(parseStoreUrl(url('')) as RedisUrl, { connectTimeoutMs: 2000 });
    await expect(untrusted).rejects.toMatchObject({
      code: 'SESSCTL_STORE_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot connect to rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: TLS verification failed: the server's certificate is not signed by a CA this client trusts/,
      ),
      hint: expect.stringContaining('?cacert='),
    });
  });

  it('an unreadable or non-certificate CA file exits 2 with one line before connecting', async () => {
    const missing = await sessctl(['scan', url('?cacert=/nonexistent/ca.pem')]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)[0]).toBe(
      'sessctl: cannot read the TLS CA file /nonexistent/ca.pem (cacert= in the store URL): no such file',
    );
    const garbage = join(mkdtempSync(join(tmpdir(), 'sessctl-tls-')), 'ca.pem');
    writeFileSync(garbage, 'not a certificate\n');
    const bad = await sessctl(['scan', url(`?cacert=${garbage}`)]);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)[0]).toBe(
      `sessctl: the TLS CA file ${garbage} (cacert= in the store URL) holds no PEM or DER certificate`,
    );
    const mismatched = await sessctl([
      'scan',
      url(`?cacert=${pki.caFile}&cert=${pki.clientCert}&key=${pki.serverKey}`),
    ]);
    expect(mismatched.code).toBe(2);
    expect(lines(mismatched.stderr)[0]).toMatch(
      /^sessctl: the client certificate \S+client\.crt and key \S+server\.key do not belong together \(/,
    );
    expect(missing.stderr + bad.stderr + mismatched.stderr).not.toContain(PW);
  });

  it('rediss:// to a plain-text port says the port does not speak TLS (it never answers the handshake)', async () => {
    // A plain Redis reads the ClientHello as an inline command and waits for its newline: a timeout.
    await expect(
      openStore(`rediss://127.0.0.1:${servers.redis.port}`, { connectTimeoutMs: 300 }),
    ).rejects.toMatchObject({
      code: 'SESSCTL_STORE_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot connect to 127\.0\.0\.1:\d+: the server did not answer TLS on this port \(no TLS handshake within 300 ms; a plain-text port looks like this\)$/,
      ),
      hint: expect.stringContaining('redis://'),
    });
    await expect(
      connectRedis(parseStoreUrl(`rediss://127.0.0.1:${servers.redis.port}`) as RedisUrl, { connectTimeoutMs: 300 }),
    ).rejects.toMatchObject({
      message: `cannot connect to rediss://127.0.0.1:${servers.redis.port}: timed out before the TLS handshake completed (300 ms)`,
      hint: expect.stringContaining('use redis:// there'),
    });
  });

  it('redis:// to a TLS port exits 3 with a hint to use rediss://', async () => {
    const r = await sessctl(['--format', 'json', 'scan', `redis://:${PW}@127.0.0.1:${redis.port}`]);
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toHaveLength(2);
    expect(lines(r.stderr)[1]).toMatch(/hint: .*if this port speaks TLS, use rediss:\/\//);
    expect(r.stderr).not.toContain(PW);
  });

  it('the built CLI trusts a CA given by NODE_EXTRA_CA_CERTS (read by Node at start-up)', () => {
    ensureBuilt();
    const args = ['bin/sessctl.js', '--format', 'json', 'scan', url(''), '--match', `${P}nothing:*`];
    const trusted = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.caFile },
    });
    expect(trusted.stderr).toBe('');
    expect(trusted.status).toBe(0);
    expect(JSON.parse(trusted.stdout)).toMatchObject({
      complete: true,
      store: { url: `rediss://:***@127.0.0.1:${redis.port}` },
    });
    const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
    expect(spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env }).status).toBe(3);
  });

  it('--help documents the TLS schemes and options', async () => {
    const top = await sessctl(['--help']);
    expect(top.stdout).toMatch(/TLS: rediss:\/\/, valkeys:\/\/, rediss\+cluster:\/\/, rediss\+sentinel:\/\//);
    for (const option of ['?cacert=FILE', '&cert=FILE&key=FILE', '&sni=NAME', '&insecure', 'NODE_EXTRA_CA_CERTS'])
      expect(top.stdout).toContain(option);
    expect((await sessctl(['scan', '--help'])).stdout).toContain(
      "sessctl scan 'rediss://:secret@cache:6380?cacert=/etc/ssl/redis-ca.pem'",
    );
  });

  it('bad TLS parameters are usage errors (exit 2)', async () => {
    const plain = await sessctl(['scan', `redis://127.0.0.1:${redis.port}?cacert=${pki.caFile}`]);
    expect(plain.code).toBe(2);
    expect(lines(plain.stderr)[0]).toMatch(
      /redis:\/\/ takes no parameters: TLS options .* need a TLS scheme such as rediss:\/\//,
    );
    const unknown = await sessctl(['scan', url('?ssl_ca_certs=/x')]);
    expect(unknown.code).toBe(2);
    expect(lines(unknown.stderr)[0]).toMatch(
      /unknown store URL parameter "ssl_ca_certs": use cacert, cert, key, insecure, sni/,
    );
  });
});

describe('mutual TLS (valkey 8, tls-auth-clients yes)', () => {
  let valkey: TlsServer;
  beforeAll(async () => {
    valkey = await startTlsRedis(pki, 'valkey', { mutual: true });
    const seed = new Redis({
      host: '127.0.0.1',
      port: valkey.port,
      tls: { ca: readFileSync(pki.caFile), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
    });
    const { value, ttlMs } = expressSession('anonymous');
    await seed.set(`${P}mtls:${sid()}`, value, 'PX', ttlMs);
    seed.disconnect();
  });
  afterAll(() => valkey?.stop());

  it('scans valkeys:// with ?cert=&key= (and CLIENT NO-TOUCH over TLS)', async () => {
    const mtls = `${valkey.trustedUrl.replace('rediss://', 'valkeys://')}&cert=${pki.clientCert}&key=${pki.clientKey}`;
    const r = await sessctl(['--format', 'json', 'scan', mtls, '--match', `${P}mtls:*`]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ complete: true, totals: { keys: 1, sessions: 1 }, store: { noTouch: true } });
  });

  it('restore without a URL reconnects with the TLS parameters the backup recorded', async () => {
    const mtls = `${valkey.trustedUrl}&cert=${pki.clientCert}&key=${pki.clientKey}`;
    const w2 = new Redis({
      host: '127.0.0.1',
      port: valkey.port,
      tls: { ca: readFileSync(pki.caFile), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
    });
    const keys = [`${P}mrest:${sid()}`, `${P}mrest:${sid()}`];
    for (const k of keys) {
      const { value, ttlMs } = expressSession('empty');
      await w2.set(k, value, 'PX', ttlMs);
    }
    const backup = join(mkdtempSync(join(tmpdir(), 'sessctl-tls-')), 'b.ndjson');
    const c = await sessctl([
      'clean',
      mtls,
      '--match',
      `${P}mrest:*`,
      '--min-age',
      '1s',
      '--apply',
      '--yes',
      '--backup',
      backup,
    ]);
    expect(c.code, c.stderr).toBe(0);
    expect(await w2.exists(...keys)).toBe(0);
    const r = await sessctl(['--format', 'json', 'restore', backup, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).store.url).toBe(mtls);
    expect(await w2.exists(...keys)).toBe(2);
    w2.disconnect();
  });

  it('without a client certificate exits 3 naming what the server wants', async () => {
    const r = await sessctl(['scan', valkey.trustedUrl, '--match', `${P}mtls:*`]);
    expect(r.code).toBe(3);
    const [message, hint, ...rest] = lines(r.stderr);
    expect(message).toMatch(
      /^sessctl: cannot connect to 127\.0\.0\.1:\d+: the server refused the TLS handshake: it wants a client certificate it trusts \(tlsv13 alert certificate required\)$/,
    );
    expect(hint).toMatch(/\?cert=\/path\/client\.crt&key=\/path\/client\.key/);
    expect(rest).toEqual([]);
  });
});
