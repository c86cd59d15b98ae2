import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decoderById, decoders, detectAndDecode } from './index.js';
import { FORMAT_IDS } from './types.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('detectAndDecode', () => {
  it('every format id has a decoder, listed once in the detection order', () => {
    expect(Object.keys(decoderById).sort()).toEqual([...FORMAT_IDS].sort());
    expect(decoders.map((d) => d.id).sort()).toEqual([...FORMAT_IDS].sort());
  });

  it.each([
    ['json', '{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}}', 'sess:x'],
    ['pickle', '\x80\x04\x95\x12\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\n_permanent\x94\x88s.', 'session:x'],
    ['pickle', '(dp0\nV_permanent\np1\nI01\ns.', 'session:x'],
    ['msgpack', '\x81\xaa_permanent\xc3', 'session:x'],
    ['marshal', '\x04\x08{\x00', 'rack:session:2::x'],
    ['php', 'user_id|i:5;', 'PHPREDIS_SESSION:x'],
    ['php', '', 'PHPREDIS_SESSION:x'],
    ['php_serialize', 'a:0:{}', 'PHPREDIS_SESSION:x'],
    ['php_binary', '\x07user_idi:5;', 'PHPREDIS_SESSION:x'],
    ['spring-hash', '\xac\xed\x00\x05t\x00\x05alice', undefined],
  ] as const)('%s: %j', (format, payload, key) => {
    expect(detectAndDecode(bytes(payload), key)).toMatchObject({ ok: true, format });
  });

  it('peels zlib and gzip and says so', () => {
    expect(detectAndDecode(deflateSync('{"a":1}'))).toEqual({
      ok: true,
      format: 'json',
      value: { a: 1 },
      wrappers: ['zlib'],
    });
    expect(detectAndDecode(gzipSync('a:1:{s:1:"a";i:1;}'))).toEqual({
      ok: true,
      format: 'php_serialize',
      value: { a: 1 },
      wrappers: ['gzip'],
    });
    const laravel = 's:18:"a:1:{s:1:"a";i:1;}";';
    expect(detectAndDecode(bytes(laravel))).toEqual({
      ok: true,
      format: 'php_serialize',
      value: { a: 1 },
      wrappers: ['php-string'],
    });
  });

  it('zlib at every level is peeled; text that merely starts with "x" is not taken for zlib', () => {
    for (const level of [1, 3, 6, 9])
      expect(detectAndDecode(deflateSync('{"a":1}', { level }))).toMatchObject({ ok: true, wrappers: ['zlib'] });
    expect(detectAndDecode(bytes('x |i:1;'))).toEqual({ ok: true, format: 'php', value: { 'x ': 1 } }); // 0x78 0x20 passes the zlib header check
  });

  it('bytes that only look like zlib still decode as what they are', () => {
    // php_binary: a 120-byte name (0x78) that happens to start with 0x9c
    const payload = Buffer.concat([Buffer.from([0x78, 0x9c]), Buffer.alloc(119, 0x61), bytes('i:1;')]);
    expect(detectAndDecode(payload)).toEqual({
      ok: true,
      format: 'php_binary',
      value: { ['\x9c' + 'a'.repeat(119)]: 1 },
    });
  });

  it('refuses a compression bomb instead of inflating it', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(detectAndDecode(bomb)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/zlib wrapper inflates past 1048576 bytes/),
    });
  });

  it.each([
    ['lz4 frame', '\x04\x22\x4d\x18\x64\x40\xa7', 'lz4-compressed'],
    ['zstd frame', '\x28\xb5\x2f\xfd\x20\x05', 'zstd-compressed'],
    ['Fernet token', 'gAAAAABl' + 'x'.repeat(80), 'encrypted or opaque (Fernet token)'],
    ['Laravel encrypted', 'eyJpdiI6IjEyMyJ9', 'encrypted or opaque (Laravel encrypted payload)'],
    ['random base64', 'q83vEjRWeJq83vEjRWeJq83vEjRWeJ+/', 'encrypted or opaque (random-looking text)'],
  ])('%s is opaque with a reason', (_name, payload, reason) => {
    expect(detectAndDecode(bytes(payload))).toEqual({ ok: false, format: 'opaque', reason });
  });

  it('says what it tried when nothing decodes', () => {
    const result = detectAndDecode(bytes('{"cookie":'));
    expect(result).toMatchObject({ ok: false, format: 'unknown' });
    expect(!result.ok && result.reason).toMatch(/^undecodable as json: not JSON/);
    expect(detectAndDecode(bytes('\x01\x02\x03'))).toEqual({
      ok: false,
      format: 'unknown',
      reason: 'no format recognised the first bytes',
    });
  });

  it('reads views into larger buffers (pooled Buffers, Uint8Array windows) without looking outside them', () => {
    const payloads = ['{"a":1}', '\x80\x04}\x94.', '\x04\x08{\x00', 'a|i:1;', 'a:0:{}', '\x81\xa1a\x01'];
    for (const payload of payloads) {
      const inner = bytes(payload);
      const big = Buffer.concat([bytes('\xff\x00garbage'), inner, bytes('\x00\xfftrailing')]);
      const window = new Uint8Array(big.buffer, big.byteOffset + 9, inner.length);
      expect(detectAndDecode(window)).toEqual(detectAndDecode(Buffer.from(inner)));
      expect(detectAndDecode(window)).toMatchObject({ ok: true });
    }
  });

  it('refuses input over the size limit before reading it', () => {
    expect(detectAndDecode(bytes('{"a":"' + 'x'.repeat(100) + '"}'), undefined, { maxInputBytes: 50 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/exceeds the 50-byte limit/),
    });
  });
});
