import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { marshal } from './marshal.js';

/** Real Marshal.dump output from Ruby, one hex line per case. */
const SCRIPT = String.raw`
Point = Struct.new(:x, :y)
class User; def initialize; @name = 'ann'; @roles = [:admin, :admin]; end; end
class MyHash < Hash; end
shared = 'shared'
h = Hash.new(0); h['k'] = 1
mh = MyHash.new; mh['a'] = 1
cases = {
  'empty' => {},
  'rack' => { 'session_id' => 'a' * 64, '_csrf_token' => 'tok==', 'warden.user.user.key' => [[1], '$2a$12$salt'], 'flash' => { 'discard' => [], 'flashes' => { 'notice' => 'hi' } } },
  'scalars' => { 'i' => [0, 1, -1, 122, 123, -123, -124, 255, 256, -256, 65535, 2**30 - 1, -(2**30)], 'big' => 2**70, 'nbig' => -(2**64), 'f' => [1.5, -0.25, 1e100], 'n' => nil, 't' => true, 'f2' => false, 'sym' => :foo, 'utf' => "h\u00e9llo", 'bin' => "\xff\x00".b, 'ascii' => 'plain'.encode('US-ASCII') },
  'links' => { 'a' => shared, 'b' => shared, 'syms' => [:x, :x, :y, :x] },
  'objects' => { 'struct' => Point.new(1, 2), 'user' => User.new, 'default' => h, 'sub' => mh, 'sym_key' => { foo: 1 } },
}
cases.each { |name, v| puts "#{name} #{Marshal.dump(v).unpack1('H*')}" }
`;
const hex = Object.fromEntries(
  execFileSync('ruby', ['-e', SCRIPT], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]),
);
const decode = (name: string) => marshal.decode(Buffer.from(hex[name] ?? '', 'hex'));

describe('marshal: Ruby round trips', () => {
  it('the empty Rack session and sniffing', () => {
    expect(decode('empty')).toEqual({ ok: true, format: 'marshal', value: {} });
    expect(marshal.sniff(Buffer.from(hex['empty'] ?? '', 'hex'))).toBeGreaterThan(0.9);
  });

  it('a Rack/Devise session', () => {
    expect(decode('rack')).toEqual({
      ok: true,
      format: 'marshal',
      value: {
        session_id: 'a'.repeat(64),
        _csrf_token: 'tok==',
        'warden.user.user.key': [[1], '$2a$12$salt'],
        flash: { discard: [], flashes: { notice: 'hi' } },
      },
    });
  });

  it('fixnums, bignums, floats, nil/true/false, symbols, string encodings', () => {
    expect(decode('scalars')).toEqual({
      ok: true,
      format: 'marshal',
      value: {
        i: [0, 1, -1, 122, 123, -123, -124, 255, 256, -256, 65535, 2 ** 30 - 1, -(2 ** 30)],
        big: 2n ** 70n,
        nbig: -(2n ** 64n),
        f: [1.5, -0.25, 1e100],
        n: null,
        t: true,
        f2: false,
        sym: 'foo',
        utf: 'h\u00e9llo',
        bin: Uint8Array.from([0xff, 0]),
        ascii: 'plain',
      },
    });
  });

  it('object links and symlinks resolve to the same values', () => {
    expect(decode('links')).toEqual({
      ok: true,
      format: 'marshal',
      value: { a: 'shared', b: 'shared', syms: ['x', 'x', 'y', 'x'] },
    });
  });

  it('structs, objects and user classes stay opaque; a default hash keeps its entries', () => {
    expect(decode('objects')).toEqual({
      ok: true,
      format: 'marshal',
      value: {
        struct: { $opaque: 'Point', state: { x: 1, y: 2 } },
        user: { $opaque: 'User', state: { name: 'ann', roles: ['admin', 'admin'] } },
        default: { k: 1 },
        sub: { $opaque: 'MyHash', state: { a: 1 } },
        sym_key: { foo: 1 },
      },
    });
  });

  it('refuses link bombs, cycles and impossible lengths without expanding them', () => {
    // a = []; 40 times: a = [a] * 10 → 10^40 leaves through @ links
    const bomb = execFileSync(
      'ruby',
      ['-e', 'a = []; 40.times { a = [a] * 10 }; print Marshal.dump(a).unpack1("H*")'],
      { encoding: 'utf8' },
    );
    const started = performance.now();
    expect(marshal.decode(Buffer.from(bomb, 'hex'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too many elements|nesting/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    const cycle = execFileSync('ruby', ['-e', 'a = []; a << a; print Marshal.dump(a).unpack1("H*")'], {
      encoding: 'utf8',
    });
    expect(marshal.decode(Buffer.from(cycle, 'hex'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nesting|cycle/),
    });
    expect(marshal.decode(Buffer.from('04085b04ffffff7f', 'hex'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/exceeds the input/),
    });
  });
});
