import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/harness/prng.js';
import { interpret } from './interpret.js';
import { interpretLean } from './interpret-lean.js';
import { readNodeJson } from './node-json-facts.js';
import type { SessionMeaning, StoredSession } from './types.js';

/**
 * interpretLean must judge every payload exactly as interpret() does: the fast node reader either
 * gives the same meaning (without `value`) or hands the payload over. Run over every fixture file,
 * generated node sessions and byte-level mutations of them, under each framework's key layout,
 * each store kind and the flags memcached clients set.
 */
const KEYS: Array<string | undefined> = [
  undefined,
  'sess:2Bp6kY2gyUQa1u4fFsQ46rP7Hn0SekWO',
  'hceE_JAmCG6QXoKIOKxAClHAe_3FSobl',
  'koa:sess:1f0c2b9e-8a1d-4c52-9d0e-3b7a6f2c1d4e',
  '1f0c2b9e-8a1d-4c52-9d0e-3b7a6f2c1d4e',
  'session:abc',
  'sessctl:abc',
  ':1:django.contrib.sessions.cacheabcdefgh12345678',
  'myapp:django.contrib.sessions.cached_dbq7w8e9r0t1y2u3',
  'rack:session:2::0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'PHPREDIS_SESSION:abc',
  'laravel_database_laravel_cache_:abc',
  'spring:session:sessions:abc',
  'cart:42',
];
const CONTEXTS: Array<Pick<StoredSession, 'store' | 'flags'>> = [
  {},
  { store: 'redis' },
  { store: 'memory' },
  { store: 'memcached', flags: 2 },
  { store: 'memcached', flags: 0 },
  { store: 'memcached' },
  { store: 'redis', flags: 2 },
  { store: 'memcached', flags: 1.5 },
];

/** Everything the scan reads of a meaning; `value` is the one field the lean path may leave out. */
function judgment(m: SessionMeaning): Omit<SessionMeaning, 'value'> {
  return {
    framework: m.framework,
    format: m.format,
    confidence: m.confidence,
    decoded: m.decoded,
    reason: m.reason,
    empty: m.empty,
    anonymous: m.anonymous,
    userKeys: m.userKeys,
    createdAt: m.createdAt,
    createdAtKind: m.createdAtKind,
    rewritesOnRequest: m.rewritesOnRequest,
    lastAccessedAt: m.lastAccessedAt,
    wrappers: m.wrappers,
  };
}

/** The keys and contexts a mutated payload is judged under: the node layouts and their neighbours. */
const FEW_KEYS = KEYS.slice(0, 4);
const FEW_CONTEXTS = CONTEXTS.slice(1, 5);

/**
 * Compares both paths on one payload under each key and context; returns how many took the fast
 * path. Differences are collected, not asserted one by one: expect() per call would dominate.
 */
function compare(bytes: Uint8Array, label: string, failures: string[], keys = KEYS, contexts = CONTEXTS): number {
  let fast = 0;
  for (const key of keys) {
    for (const ctx of contexts) {
      const input: StoredSession = { key, bytes, ...ctx };
      const lean = judgment(interpretLean(input));
      const full = interpret(input);
      if (full.value !== undefined && interpretLean(input).value === undefined) fast++;
      if (!isDeepStrictEqual(lean, judgment(full)) && failures.length < 5)
        failures.push(
          `${label} under ${key} ${JSON.stringify(ctx)}: ${JSON.stringify(lean)} vs ${JSON.stringify(judgment(full))}`,
        );
    }
  }
  return fast;
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtureFiles(path) : [path];
  });
}

const rand = mulberry32(19);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const SCALARS = ['null', 'true', 'false', '0', '-0', '42', '1.5', '-3e2', '1E+400', '""', '"x"', '"u-42"'];
function randomValue(depth: number): string {
  const r = rand();
  if (depth > 3 || r < 0.5) return pick(SCALARS);
  if (r < 0.65) return '[]';
  if (r < 0.8) return `[${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomValue(depth + 1)).join(',')}]`;
  if (r < 0.85) return '{}';
  return `{${Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `"${pick(NAMES)}":${randomValue(depth + 1)}`).join(',')}}`;
}
const NAMES = [
  'cart',
  'userId',
  'user_id',
  'user',
  'uid',
  'currentUser',
  'account_id',
  'username_hint',
  'users',
  'returnTo',
  'flash',
  '0',
  '12',
  'passport.user',
  'views',
  'v',
  '_expire',
  '_session',
  '$opaque',
  'cookie',
  'passport',
  'data',
  'createdAt',
];
const DATES = [
  '"2026-11-23T05:23:48.610Z"',
  '"2026-02-29T00:00:00.000Z"',
  '"2024-02-29T23:59:59.999Z"',
  '"0999-01-01T00:00:00.000Z"',
  '"2026-11-23T05:23:48Z"',
  '"Mon, 23 Nov 2026 05:23:48 GMT"',
  '"not a date"',
  'null',
  '1763788800000',
];
const MAX_AGES = ['86400000', 'null', '3600000', '0', '-1', '1.5', '1e3', '"86400000"', '12345678901234567890'];

function randomCookie(): string {
  const members: string[] = [];
  if (rand() < 0.95) members.push(`"originalMaxAge":${pick(MAX_AGES)}`);
  if (rand() < 0.9) members.push(`"expires":${pick(DATES)}`);
  if (rand() < 0.3) members.push(`"originalExpires":${pick(DATES)}`);
  if (rand() < 0.4) members.push(`"sameSite":${pick(['null', '"lax"', 'true'])}`);
  if (rand() < 0.4) members.push(`"domain":${pick(['null', '"example.com"'])}`);
  if (rand() < 0.5) members.push(`"secure":${pick(['null', 'false', 'true'])}`);
  if (rand() < 0.9) members.push(`"httpOnly":true`);
  if (rand() < 0.95) members.push(`"path":${pick(['"/"', 'null', '"/app"'])}`);
  if (rand() < 0.05) members.push(`"data":{}`);
  if (rand() < 0.05) members.push(pick(members.length ? members : ['"path":"/"']));
  for (let i = members.length - 1; i > 0 && rand() < 0.3; i--) {
    const j = Math.floor(rand() * (i + 1));
    [members[i], members[j]] = [members[j]!, members[i]!];
  }
  return `{${members.join(',')}}`;
}

function randomPassport(): string {
  const r = rand();
  if (r < 0.2) return '{}';
  if (r < 0.5) return `{"user":${randomValue(2)}}`;
  if (r < 0.6) return `{"user":"u-1","user":${randomValue(2)}}`;
  if (r < 0.7) return `{"other":${randomValue(2)}}`;
  return randomValue(1);
}

function randomSession(): string {
  const members = [`"cookie":${randomCookie()}`];
  if (rand() < 0.4) members.push(`"passport":${randomPassport()}`);
  const extra = Math.floor(rand() * 4);
  for (let i = 0; i < extra; i++) members.push(`"${pick(NAMES)}":${randomValue(1)}`);
  if (rand() < 0.5) members.unshift(members.pop()!);
  const sep = rand() < 0.1 ? ' ,\n' : ',';
  return `{${members.join(sep)}}${rand() < 0.05 ? ' \n' : ''}`;
}

const MUTATION_BYTES = Buffer.from('{}[]",:\\ \t0123456789-+.eEtrufalsn_$vx\u00e9');
function mutate(bytes: Buffer): Buffer {
  const at = Math.floor(rand() * bytes.length);
  const r = rand();
  if (r < 0.3) return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  if (r < 0.6) return Buffer.concat([bytes.subarray(0, at), Buffer.of(pick([...MUTATION_BYTES])), bytes.subarray(at)]);
  if (r < 0.9) {
    const out = Buffer.from(bytes);
    out[at] = pick([...MUTATION_BYTES]);
    return out;
  }
  return bytes.subarray(0, at);
}

describe('interpretLean', () => {
  it('judges every fixture file as interpret() does', () => {
    let fast = 0;
    const failures: string[] = [];
    for (const path of fixtureFiles('test/fixtures')) fast += compare(readFileSync(path), path, failures);
    expect(failures).toEqual([]);
    // the node fixtures' .bin payloads take the fast path under their own keys and more
    expect(fast).toBeGreaterThan(50);
  });

  it('judges generated node sessions and their mutations as interpret() does', () => {
    let fast = 0;
    let accepted = 0;
    const failures: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const text = randomSession();
      const bytes = Buffer.from(text);
      if (readNodeJson(bytes)) accepted++;
      fast += compare(bytes, text, failures);
      let mutated: Buffer = bytes;
      for (let k = 0; k < 4; k++) {
        mutated = mutate(mutated);
        fast += compare(mutated, JSON.stringify(mutated.toString('latin1')), failures, FEW_KEYS, FEW_CONTEXTS);
      }
    }
    expect(failures).toEqual([]);
    // most generated sessions are within what the reader takes, so both sides are exercised
    expect(accepted).toBeGreaterThan(300);
    expect(fast).toBeGreaterThan(5000);
  }, 60_000);

  it("judges runs of one app's cookie, with other dates, tails and bytes, as interpret() does", () => {
    // one app writes the same cookie but for its date: the reader remembers the last leading cookie
    const failures: string[] = [];
    let fast = 0;
    const digit = () => String(Math.floor(rand() * 10));
    let last = '';
    // sessions written in the same millisecond share a date: the reader remembers the last one too
    const date = () =>
      (last =
        last && rand() < 0.3
          ? last
          : rand() < 0.8
            ? new Date(1.7e12 + Math.floor(rand() * 1e11)).toISOString()
            : `${digit()}${digit()}${digit()}${digit()}-${digit()}${digit()}-${digit()}${digit()}T${digit()}${digit()}:${digit()}${digit()}:${digit()}${digit()}.${digit()}${digit()}${digit()}${pick(['Z', 'Z', 'x'])}`);
    for (let run = 0; run < 40; run++) {
      const cookie = randomCookie().replace(/"expires":[^,}]*/, () => '"expires":"@"');
      const tail = () =>
        (rand() < 0.5 ? '' : `,"passport":${randomPassport()}`) + (rand() < 0.3 ? `,"userId":${randomValue(1)}` : '');
      for (let k = 0; k < 60; k++) {
        let bytes = Buffer.from(`{"cookie":${cookie.replace('@', date())}${tail()}}`);
        if (rand() < 0.3) {
          bytes = Buffer.from(bytes);
          bytes[Math.floor(rand() * Math.min(bytes.length, 120))] = pick([...MUTATION_BYTES]);
        }
        fast += compare(bytes, bytes.toString('latin1'), failures, FEW_KEYS.slice(1, 2), FEW_CONTEXTS.slice(0, 1));
      }
    }
    expect(failures).toEqual([]);
    expect(fast).toBeGreaterThan(500);
  });

  it('reads payloads larger than the bounds shortcut and nested to the limit as interpret() does', () => {
    const failures: string[] = [];
    const cookie = '"cookie":{"originalMaxAge":1000,"expires":"2026-11-23T05:23:48.610Z","path":"/"}';
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const text of [
      `{${cookie},"cart":${deep(31)}}`,
      `{${cookie},"cart":${deep(32)}}`,
      `{${cookie},"cart":${deep(70)}}`,
      `{${cookie},"blob":"${'x'.repeat(70_000)}"}`,
      `{${cookie},"blob":"${'x'.repeat(60_000)}"}`,
      `{${cookie},"userId":"\\u0041"}`,
      `{${cookie},"userId":"caf\u00e9"}`,
    ])
      compare(Buffer.from(text), text.slice(0, 120), failures);
    expect(failures).toEqual([]);
  });
});
