import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { php, php_binary, php_serialize } from './php.js';

/** Real session_encode() output for each serialize_handler, and Laravel's double serialize(). */
const SCRIPT = String.raw`
class Cart { public $items = [1,2]; protected $owner = 'ann'; private $secret = 'x'; }
enum Suit: string { case Hearts = 'H'; }
$values = [
  'user_id' => 5, 'csrf' => 'ab', 'neg' => -42, 'big' => PHP_INT_MAX, 'f' => 1.5, 'inf' => INF,
  't' => true, 'n' => null, 'list' => [1, 'two', 3.0], 'map' => ['a' => 1, 5 => 'five'],
  'utf' => "h\u{e9}llo \u{2603}", 'bin' => "\xff\x00", 'obj' => new Cart(), 'enum' => Suit::Hearts,
  'empty' => [], 'pipe|in' => 'value|with|pipes;"',
];
$shared = ['x'];
$values['r1'] = $shared; $values['r2'] = &$values['r1'];
ini_set('session.use_cookies', '0');
ini_set('session.save_path', sys_get_temp_dir());
$out = [];
foreach (['php', 'php_binary', 'php_serialize'] as $h) {
  ini_set('session.serialize_handler', $h);
  session_start();
  $v = $values;
  if ($h !== 'php_serialize') unset($v['pipe|in']);
  $_SESSION = $v;
  $out[$h] = bin2hex(session_encode());
  $_SESSION = [];
  $out[$h . '-empty'] = bin2hex((string) session_encode());
  session_abort();
}
$out['laravel'] = bin2hex(serialize(serialize(['_token' => str_repeat('t', 40), '_previous' => ['url' => 'http://localhost/x'], '_flash' => ['old' => [], 'new' => []], 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d' => 7])));
echo json_encode($out);
`;
const out = JSON.parse(execFileSync('php', ['-r', SCRIPT], { encoding: 'utf8' })) as Record<string, string>;
const bytes = (name: string): Buffer => Buffer.from(out[name] ?? '', 'hex');

const expected = {
  user_id: 5,
  csrf: 'ab',
  neg: -42,
  big: 9223372036854775807n,
  f: 1.5,
  inf: Number.POSITIVE_INFINITY,
  t: true,
  n: null,
  list: [1, 'two', 3],
  map: { a: 1, 5: 'five' },
  utf: 'h\u00e9llo \u2603',
  bin: Uint8Array.from([0xff, 0]),
  obj: { $opaque: 'Cart', state: { items: [1, 2], owner: 'ann', secret: 'x' } },
  enum: { $opaque: 'Suit', state: 'Hearts' },
  empty: [],
  r1: ['x'],
  r2: ['x'],
};

describe('php session encodings written by PHP', () => {
  it.each([
    ['php', php],
    ['php_binary', php_binary],
  ] as const)('%s handler', (name, decoder) => {
    expect(decoder.sniff(bytes(name))).toBeGreaterThanOrEqual(0.85);
    expect(decoder.decode(bytes(name))).toEqual({ ok: true, format: name, value: expected });
    expect(decoder.decode(bytes(`${name}-empty`))).toEqual({ ok: true, format: name, value: {} });
  });

  it('php_serialize handler, including keys the php handler cannot hold', () => {
    expect(php_serialize.sniff(bytes('php_serialize'))).toBeGreaterThanOrEqual(0.9);
    expect(php_serialize.decode(bytes('php_serialize'))).toEqual({
      ok: true,
      format: 'php_serialize',
      value: { ...expected, 'pipe|in': 'value|with|pipes;"' },
    });
    expect(php_serialize.decode(bytes('php_serialize-empty'))).toEqual({
      ok: true,
      format: 'php_serialize',
      value: [],
    });
  });

  it("Laravel's double serialization is unwrapped and marked", () => {
    expect(php_serialize.sniff(bytes('laravel'))).toBeGreaterThanOrEqual(0.9);
    expect(php_serialize.decode(bytes('laravel'))).toEqual({
      ok: true,
      format: 'php_serialize',
      wrappers: ['php-string'],
      value: {
        _token: 't'.repeat(40),
        _previous: { url: 'http://localhost/x' },
        _flash: { old: [], new: [] },
        login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d: 7,
      },
    });
  });

  it('refuses references to unknown slots, reference cycles and impossible lengths', () => {
    expect(php_serialize.decode(Buffer.from('a:1:{i:0;R:9;}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unknown slot/),
    });
    expect(php_serialize.decode(Buffer.from('a:1:{i:0;a:1:{i:0;R:2;}}'))).toMatchObject({ ok: false });
    expect(php_serialize.decode(Buffer.from('a:999999999:{}'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/exceeds the input/),
    });
    expect(php.decode(Buffer.from('a|s:99:"x";'))).toMatchObject({ ok: false });
  });

  it('refuses a reference bomb without expanding it', () => {
    // slot 2 = [], then each level an array of ten references to the previous level
    let payload = 'a:41:{i:0;a:0:{}';
    let slot = 2;
    for (let level = 1; level <= 40; level++) {
      payload += `i:${level};a:10:{` + Array.from({ length: 10 }, (_, i) => `i:${i};r:${slot};`).join('') + '}';
      slot = 3 + 11 * (level - 1); // this level's array; its ten r: entries take the next ten slots
    }
    payload += '}';
    const started = performance.now();
    expect(php_serialize.decode(Buffer.from(payload))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too many elements/),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
