import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { msgpack } from './msgpack.js';

/** Real msgpack from Debian's python3-msgpack (the format msgspec writes for Flask-Session ≥ 0.7). */
const SCRIPT = String.raw`
import msgpack, sys, datetime
cases = {
  'flask-empty': {'_permanent': True},
  'flask-login': {'_permanent': True, '_fresh': True, '_user_id': '42', '_flashes': [['message', 'hi']]},
  'scalars': {'i': [0, -1, 127, 128, -33, 65536, 2**40, -2**40], 'f': 1.5, 'n': None, 'b': b'\x00\xff', 'u': 'h\u00e9llo', 'big': 2**63},
  'keys': {1: 'int', b'raw': 'bytes'},
  'ts': {'at': msgpack.Timestamp(1700000000, 500000000)},
  'ext': {'x': msgpack.ExtType(5, b'abc')},
  'large': {'k%d' % i: [i, -i, i * 1000003, 0.5, None, True, 'v' * (i % 40), b'b' * (i % 300), [[[[i]]]], {'n': {'m': 'x' * 300}}, msgpack.ExtType(1, b'e' * (i % 20 + 1)), list(range(20))] for i in range(400)},
}
for name, v in cases.items():
  sys.stdout.write(name + ' ' + msgpack.packb(v, use_bin_type=True, strict_types=False).hex() + '\n')
`;
const hex = Object.fromEntries(
  execFileSync('/usr/bin/python3', ['-c', SCRIPT], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]),
);
const decode = (name: string) => msgpack.decode(Buffer.from(hex[name] ?? '', 'hex'));

describe('msgpack: python-msgpack round trips', () => {
  it('Flask-Session sessions, and sniffing them apart from pickle', () => {
    expect(decode('flask-empty')).toEqual({ ok: true, format: 'msgpack', value: { _permanent: true } });
    expect(decode('flask-login')).toEqual({
      ok: true,
      format: 'msgpack',
      value: { _permanent: true, _fresh: true, _user_id: '42', _flashes: [['message', 'hi']] },
    });
    expect(msgpack.sniff(Buffer.from(hex['flask-empty'] ?? '', 'hex'), 'session:abc')).toBeGreaterThanOrEqual(0.9);
    expect(msgpack.sniff(Uint8Array.from([0x80, 0x04, 0x95]))).toBe(0);
  });

  it('scalars, bytes, non-string keys, timestamps and unknown extensions', () => {
    expect(decode('scalars')).toEqual({
      ok: true,
      format: 'msgpack',
      value: {
        i: [0, -1, 127, 128, -33, 65536, 2 ** 40, -(2 ** 40)],
        f: 1.5,
        n: null,
        b: Uint8Array.from([0, 255]),
        u: 'h\u00e9llo',
        big: 2 ** 63,
      },
    });
    expect(decode('keys')).toEqual({ ok: true, format: 'msgpack', value: { 1: 'int', raw: 'bytes' } });
    expect(decode('ts')).toEqual({ ok: true, format: 'msgpack', value: { at: '2023-11-14T22:13:20.500Z' } });
    expect(decode('ext')).toEqual({
      ok: true,
      format: 'msgpack',
      value: { x: { $opaque: 'msgpack.ext.5', state: Uint8Array.from([97, 98, 99]) } },
    });
  });

  it('a large valid payload passes the structural pre-check the library gets for big inputs', () => {
    const bytes = Buffer.from(hex['large'] ?? '', 'hex');
    expect(bytes.length).toBeGreaterThan(100_000);
    const result = msgpack.decode(bytes);
    if (!result.ok) throw new Error(result.reason);
    const value = result.value as Record<string, unknown[]>;
    expect(Object.keys(value)).toHaveLength(400);
    expect(value['k399']?.slice(0, 7)).toEqual([399, -399, 399 * 1000003, 0.5, null, true, 'v'.repeat(399 % 40)]);
    expect(value['k7']?.[8]).toEqual([[[[7]]]]);
  });

  it('refuses huge declared lengths, __proto__ keys, deep nesting and trailing bytes', () => {
    expect(msgpack.decode(Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff]))).toMatchObject({ ok: false });
    expect(msgpack.decode(Uint8Array.from([0x81, 0xc4, 9, ...Buffer.from('__proto__'), 0xc0]))).toMatchObject({
      ok: false,
    });
    expect(msgpack.decode(new Uint8Array(1000).fill(0x91))).toMatchObject({ ok: false });
    expect(msgpack.decode(Uint8Array.from([...new Uint8Array(100_000).fill(0x91), 0xc0]))).toMatchObject({
      ok: false,
      reason: 'nesting deeper than 64',
    });
    expect(msgpack.decode(Uint8Array.from([0x80, 0x00]))).toMatchObject({ ok: false });
    // a timestamp no Date can hold stays data
    const far = Uint8Array.from([0xc7, 0x0c, 0xff, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]);
    expect(msgpack.decode(far)).toEqual({
      ok: true,
      format: 'msgpack',
      value: { $opaque: 'msgpack.timestamp', state: 2 ** 62 },
    });
  });
});
