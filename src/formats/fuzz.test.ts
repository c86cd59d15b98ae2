import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/harness/prng.js';
import { decodeSpringHash, decoders, detectAndDecode } from './index.js';
import type { DecodedValue, Decoder, DecodeResult } from './types.js';

/**
 * Robustness: every decoder gets random bytes, every truncation and thousands of mutations of
 * real payloads (the framework fixtures plus a few per format). Each call must return a result,
 * never throw; a failure has a reason; a success is a finite, JSON-serialisable value. The time
 * bound is loose on purpose: it catches a hang or an expanded bomb, not a slow machine.
 */
const CASES_PER_DECODER = 3000;
const HANG_MS = 250;

const ROOT = new URL('../../test/fixtures/', import.meta.url).pathname;
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
const fixtureSeeds = walk(ROOT)
  .filter((f) => !/\.(json|md)$/.test(f))
  .map((f) => new Uint8Array(readFileSync(f)));

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const text = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const builtinSeeds = [
  text('{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"n":[1,2.5,"x"]}'),
  text('\x80\x04\x95\x12\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\n_permanent\x94\x88s.'),
  text("(dp0\nV_permanent\np1\nI01\nsS'k'\np2\n(lp3\nL12345678901234567890L\naF1.5\nas."),
  hex('80049526000000000000007d94288c015f948c085f5f6d61696e5f5f948c04557365729493942981947d9462758c01749486942e'),
  hex('81aa5f7065726d616e656e74c3'),
  hex('83a161c40201ffa162d6ff00000001a1639301cb3ff8000000000000c0'),
  text('user_id|i:5;csrf|s:2:"ab";list|a:2:{i:0;d:1.5;i:1;O:4:"Cart":1:{s:1:"a";R:2;}}'),
  text('a:2:{s:6:"_token";s:3:"tok";s:6:"_flash";a:2:{s:3:"old";a:0:{}s:3:"new";a:0:{}}}'),
  text('s:31:"a:1:{s:6:"_token";s:5:"abcde";}";'),
  text('\x04user\x69:5;\x03obj\x4f:1:"C":0:{}'),
  hex(
    '04087b0a4922105f637372665f746f6b656e063a06455449220974657374063b005449220a666c617368063b00547b0649220661063b00545b076906690a3a06733b06492208626967063b00546c2b0a0000000000000000400049220666063b00546608312e35',
  ),
  hex(
    '04085b096f3a0955736572073a0a406e616d65492208616263063a0645543a0b40726f6c65735b073a06613b09492208787878063b0754533a0650063b09690649753a0954696d650d2080118000000000073a0b6f666673657469003a097a6f6e65492208555443063b0746',
  ),
  hex(
    'aced00057372000e6a6176612e6c616e672e4c6f6e673b8be490cc8f23df0200014a000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000000000000003e8',
  ),
  hex('aced0005740005616c696365'),
  hex('789cab564a54b232ac0500082a0209'),
  hex('1f8b08000000000002034bb432b0aaae050020e853a206000000'),
];
const seeds = [...builtinSeeds, ...fixtureSeeds];

type Mutator = (rand: () => number, seed: Uint8Array) => Uint8Array;
const int = (rand: () => number, n: number) => Math.floor(rand() * n);
const MUTATORS: Mutator[] = [
  (rand) => Uint8Array.from({ length: int(rand, 200) }, () => int(rand, 256)),
  (rand, s) => s.subarray(0, int(rand, s.length)),
  (rand, s) => {
    const c = s.slice();
    for (let i = 0, n = 1 + int(rand, 4); i < n && c.length; i++) {
      const at = int(rand, c.length);
      c[at] = (c[at] as number) ^ (1 << int(rand, 8));
    }
    return c;
  },
  (rand, s) => {
    const c = s.slice();
    if (c.length) c[int(rand, c.length)] = [0x00, 0xff, 0x7f, 0x80, 0x2e, 0x3b, 0x7d][int(rand, 7)] as number;
    return c;
  },
  (rand, s) => {
    const at = int(rand, s.length + 1);
    return Uint8Array.from([
      ...s.subarray(0, at),
      ...Uint8Array.from({ length: 1 + int(rand, 8) }, () => int(rand, 256)),
      ...s.subarray(at),
    ]);
  },
  (rand, s) => {
    const at = int(rand, s.length);
    return Uint8Array.from([...s.subarray(0, at), ...s.subarray(at + 1 + int(rand, 8))]);
  },
  (rand, s) => {
    const a = int(rand, s.length);
    const b = a + int(rand, 16);
    const chunk = s.subarray(a, b);
    return Uint8Array.from([...s.subarray(0, b), ...chunk, ...chunk, ...chunk, ...s.subarray(b)]);
  },
  (rand, s) => {
    const other = seeds[int(rand, seeds.length)] as Uint8Array;
    return Uint8Array.from([...s.subarray(0, int(rand, s.length)), ...other.subarray(int(rand, other.length))]);
  },
];

function check(result: DecodeResult, label: string): void {
  if (result.ok) {
    // a success must be something a renderer can print
    JSON.stringify(result.value, (_k, v: DecodedValue) => (typeof v === 'bigint' ? v.toString() : v));
  } else if (typeof result.reason !== 'string' || result.reason.length === 0) {
    throw new Error(`${label}: failure without a reason`);
  }
}

function fuzz(
  label: string,
  run: (bytes: Uint8Array) => DecodeResult,
  seedNumber: number,
): { worstMs: number; cases: number } {
  const rand = mulberry32(seedNumber);
  let worstMs = 0;
  let cases = 0;
  const attempt = (bytes: Uint8Array) => {
    const copy = bytes.slice();
    const started = performance.now();
    let result: DecodeResult;
    try {
      result = run(bytes);
    } catch (error) {
      throw new Error(`${label} threw on ${Buffer.from(bytes).toString('hex').slice(0, 200)}: ${String(error)}`);
    }
    worstMs = Math.max(worstMs, performance.now() - started);
    cases++;
    check(result, label);
    if (!Buffer.from(copy).equals(Buffer.from(bytes))) throw new Error(`${label} modified its input`);
  };
  for (const seed of builtinSeeds) for (let n = 0; n < seed.length; n++) attempt(seed.subarray(0, n));
  for (let i = 0; i < CASES_PER_DECODER; i++) {
    const seed = seeds[int(rand, seeds.length)] as Uint8Array;
    attempt((MUTATORS[int(rand, MUTATORS.length)] as Mutator)(rand, seed));
  }
  return { worstMs, cases };
}

describe('fuzz: random, truncated and mutated input never throws or hangs', () => {
  it.each(decoders.map((d, i) => [d.id, d, i] as const))('%s', (id, decoder: Decoder, i) => {
    const { worstMs, cases } = fuzz(id, (bytes) => decoder.decode(bytes), 0x5e55c71 + i);
    expect(cases).toBeGreaterThan(CASES_PER_DECODER);
    expect(worstMs).toBeLessThan(HANG_MS);
  });

  it('detectAndDecode', () => {
    const { worstMs } = fuzz('detect', (bytes) => detectAndDecode(bytes, 'sess:x'), 0xdec0de);
    expect(worstMs).toBeLessThan(HANG_MS);
  });

  it('decodeSpringHash with mutated field values', () => {
    const { worstMs } = fuzz(
      'spring',
      (bytes) =>
        decodeSpringHash(
          new Map([
            ['creationTime', bytes],
            ['sessionAttr:x', bytes],
          ]),
        ),
      0x5971,
    );
    expect(worstMs).toBeLessThan(HANG_MS);
  });

  // a bound for pathological (exponential, unbounded) behaviour, far above the tens of milliseconds these take on a loaded machine
  it('megabyte-sized hostile inputs (deep nesting, endless containers) are refused quickly', () => {
    const repeat = (head: string, unit: string, tail = '') =>
      text(head + unit.repeat(Math.floor((1 << 20) / unit.length)) + tail);
    const hostile = [
      repeat('', '['),
      repeat('{"a":', '{"a":'),
      repeat('\x80\x04', ']'),
      repeat('\x80\x04', '(', '.'),
      repeat('\x80\x04]', '\x94h\x00a', '.'),
      repeat('\x04\x08', '[\x06'),
      repeat('\x04\x08[\x7f\x7f\x7f\x7f', '@\x00'),
      repeat('a:1:{', 'i:0;a:1:{'),
      repeat('x|', 'i:1;'),
      repeat('', '\x91'),
      repeat('\xac\xed\x00\x05', 'ur\x00\x02[Ixp'),
    ];
    for (const bytes of hostile) {
      for (const decoder of decoders) {
        const started = performance.now();
        const result = decoder.decode(bytes);
        expect(
          performance.now() - started,
          `${decoder.id} on ${Buffer.from(bytes.subarray(0, 12)).toString('latin1')}`,
        ).toBeLessThan(2000);
        check(result, decoder.id);
      }
    }
  });

  it('valid seeds decode with the decoder that sniffs them best', () => {
    for (const seed of builtinSeeds) {
      const result = detectAndDecode(seed);
      expect(result.ok, Buffer.from(seed).toString('latin1')).toBe(true);
    }
  });
});
