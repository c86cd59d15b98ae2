import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, inject } from 'vitest';
import type { StoredSession } from '../../src/frameworks/types.js';

/**
 * Shared by the interop tests of the non-Node frameworks: run a fixture generator from
 * scripts/fixtures/ against the test servers, read back exactly what the framework stored, and
 * load the committed fixtures.
 */

export const ROOT = join(import.meta.dirname, '..', '..');
export const GENERATORS = join(ROOT, 'scripts', 'fixtures');
/** Debian's interpreter, where the framework packages live (not a pyenv python on PATH). */
export const PYTHON = '/usr/bin/python3';

/** One session a generator made: a line of its stdout (scripts/fixtures/manifest.py). */
export interface ManifestEntry {
  framework: string;
  variant: string;
  case: string;
  store: 'redis' | 'memcached';
  key: string;
  format: string;
  version: string;
  how: string;
}

export interface StoreAddresses {
  redis: { host: string; port: number };
  memcached: { host: string; port: number };
}

/** Runs a generator to completion and returns its manifest; a non-zero exit rejects with its stderr. */
export function runGenerator(command: string, args: string[]): Promise<ManifestEntry[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${err}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as ManifestEntry),
      );
    });
  });
}

/** `mg <key> v f` over the text protocol: value and client flags, without marking the item fetched. */
export function memcachedGet(
  host: string,
  port: number,
  key: string,
): Promise<{ value: Buffer; flags: number } | undefined> {
  return new Promise((resolve, reject) => {
    const s = connect(port, host);
    let buf = Buffer.alloc(0);
    s.on('error', reject);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.subarray(0, 4).toString() === 'EN\r\n') {
        s.end();
        return resolve(undefined);
      }
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const head = buf.subarray(0, eol).toString().split(' ');
      if (head[0] !== 'VA') {
        s.end();
        return reject(new Error(`memcached: ${head.join(' ')}`));
      }
      const size = Number(head[1]);
      if (buf.length < eol + 2 + size + 2) return;
      const flags = Number(head.find((t) => t.startsWith('f'))?.slice(1) ?? 0);
      s.end();
      resolve({ value: buf.subarray(eol + 2, eol + 2 + size), flags });
    });
    s.write(`mg ${key} v f\r\n`);
  });
}

/** Reads what the framework stored under the entry's key, as interpret() is given it. */
export async function readStored(entry: ManifestEntry, redis: Redis, servers: StoreAddresses): Promise<StoredSession> {
  if (entry.store === 'memcached') {
    const item = await memcachedGet(servers.memcached.host, servers.memcached.port, entry.key);
    if (!item) throw new Error(`memcached has no ${entry.key}`);
    return { key: entry.key, bytes: item.value, flags: item.flags, store: 'memcached' };
  }
  if ((await redis.type(entry.key)) === 'hash') {
    const fields = await redis.hgetallBuffer(entry.key);
    return { key: entry.key, hash: new Map(Object.entries(fields)), store: 'redis' };
  }
  const bytes = await redis.getBuffer(entry.key);
  if (bytes === null) throw new Error(`redis has no ${entry.key}`);
  return { key: entry.key, bytes, store: 'redis' };
}

export interface Fixture {
  variant: string;
  case: string;
  meta: {
    key: string;
    store: 'redis' | 'memcached';
    flags?: number;
    ttlS: number;
    version: string;
    how: string;
    file: string;
  };
  stored: StoredSession;
}

/** The committed fixtures of one framework: test/fixtures/<framework>/<variant>/<case>.{…,meta.json}. */
export function loadFixtures(framework: string): Fixture[] {
  const dir = join(ROOT, 'test', 'fixtures', framework);
  const out: Fixture[] = [];
  for (const variant of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const metaFile of readdirSync(join(dir, variant))
      .filter((f) => f.endsWith('.meta.json'))
      .sort()) {
      const meta = JSON.parse(readFileSync(join(dir, variant, metaFile), 'utf8')) as Fixture['meta'];
      const raw = readFileSync(join(dir, variant, meta.file));
      const base = { key: meta.key, store: meta.store, ...(meta.flags === undefined ? {} : { flags: meta.flags }) };
      const stored: StoredSession = meta.file.endsWith('.hash.json')
        ? {
            ...base,
            hash: new Map(
              Object.entries(JSON.parse(raw.toString('utf8')) as Record<string, string>).map(([k, v]) => [
                k,
                Buffer.from(v, 'base64'),
              ]),
            ),
          }
        : { ...base, bytes: raw };
      out.push({ variant, case: metaFile.slice(0, -'.meta.json'.length), meta, stored });
    }
  }
  return out;
}

/** What interpret() must say for each case a generator makes. */
export function expectedMeaning(framework: string, kase: string, identity: string[]) {
  const authenticated = kase === 'authenticated';
  const empty = kase === 'empty' || kase === 'csrf-only';
  return {
    framework,
    decoded: true,
    empty,
    anonymous: !empty && !authenticated,
    userKeys: authenticated ? identity : [],
  };
}

/** Deletes what a test wrote (its keys only: the servers are shared). */
export async function removeKeys(entries: ManifestEntry[], redis: Redis, servers: StoreAddresses): Promise<void> {
  const redisKeys = entries.filter((e) => e.store === 'redis').map((e) => e.key);
  if (redisKeys.length > 0) await redis.del(...redisKeys);
  for (const e of entries.filter((x) => x.store === 'memcached'))
    await memcachedDelete(servers.memcached.host, servers.memcached.port, e.key);
}

function memcachedDelete(host: string, port: number, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, host);
    s.on('error', reject);
    s.on('data', () => {
      s.end();
      resolve();
    });
    s.write(`md ${key} q\r\nmn\r\n`);
  });
}

/**
 * The harness's Redis and memcached for one interop test file. Generators get both addresses;
 * whatever they (or the test, through `track`) wrote is removed after the file.
 */
export function liveStores() {
  const servers = inject('servers');
  const redis = new Redis(servers.redis.port, servers.redis.host);
  const written: ManifestEntry[] = [];
  afterAll(async () => {
    await removeKeys(written, redis, servers);
    redis.disconnect();
  });
  const addresses = [
    '--redis',
    `${servers.redis.host}:${servers.redis.port}`,
    '--memcached',
    `${servers.memcached.host}:${servers.memcached.port}`,
  ];
  return {
    servers,
    redis,
    track(entries: ManifestEntry[]): void {
      written.push(...entries);
    },
    /** Runs scripts/fixtures/<script> against both stores with `--prefix` and the extra arguments. */
    async generate(command: string, script: string, prefix: string, extra: string[] = []): Promise<ManifestEntry[]> {
      const entries = await runGenerator(command, [
        join(GENERATORS, script),
        ...addresses,
        '--prefix',
        prefix,
        ...extra,
      ]);
      written.push(...entries);
      return entries;
    },
    read: (entry: ManifestEntry): Promise<StoredSession> => readStored(entry, redis, servers),
  };
}
