import { describe, expect, it } from 'vitest';
import { listpack, RdbBuilder, ziplist } from '../../../test/harness/rdb-builder.js';
import { mulberry32 as prng } from '../../../test/harness/prng.js';
import { collect } from '../../../test/harness/rdb-collect.js';
import { AT, redis12, valkey81PathHash } from '../../../test/harness/rdb-fixtures.js';
import { isSessctlError } from '../../errors.js';
import { RdbError } from './rdb-error.js';

const CORPUS: Buffer[] = [
  redis12(),
  valkey81PathHash(),
  new RdbBuilder('VALKEY', 80)
    .aux('valkey-ver', '9.0.0')
    .selectDb(1)
    .byte(22)
    .str('h2')
    .len(2)
    .str('a')
    .str('1')
    .int64(-1)
    .str('b')
    .str('2')
    .int64(AT)
    .string('k', 'v')
    .end(),
  new RdbBuilder('REDIS', 9)
    .selectDb(0)
    .byte(13)
    .str('h')
    .str(ziplist(['f', 'v', 'n', 300000]))
    .byte(17)
    .str('z')
    .str(listpack(['m', 1]))
    .string('s', 'x'.repeat(40))
    .end(),
];

const LIMITS = { maxKeyBytes: 1024, maxValueBytes: 4096 };
/** One window: the 64 KiB floor, or twice what the largest held primitive needs. */
const WINDOW_BOUND = 64 * 1024 + 2 * (LIMITS.maxValueBytes + 64);
const EXPECTED = new Set(['SESSCTL_RDB_CORRUPT', 'SESSCTL_RDB_VERSION', 'SESSCTL_FILE', 'SESSCTL_STORE_UNSUPPORTED']);
const BOUNDARY = [0x00, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xc0, 0xc3, 0xfe, 0xff];

function mutate(base: Buffer, rnd: () => number): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  let out = Buffer.from(base);
  const kind = pick(4);
  if (kind === 0) return out.subarray(0, pick(out.length));
  const edits = 1 + pick(4);
  for (let i = 0; i < edits; i++) {
    const at = 9 + pick(out.length - 9);
    if (kind === 1) out[at] = pick(256);
    else if (kind === 2) out[at] = BOUNDARY[pick(BOUNDARY.length)]!;
    else out = Buffer.concat([out.subarray(0, at), Buffer.from([pick(256), pick(256)]), out.subarray(at)]);
  }
  // Half the mutants carry no checksum, so the grammar (not the CRC) has to catch the damage.
  if (rnd() < 0.5) out.fill(0, out.length - 8);
  return out;
}

describe('RDB fuzz', () => {
  it('3000 truncated and mutated dumps: only the parser’s own errors, bounded time and memory', async () => {
    let failures = 0;
    let completed = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = prng(seed);
      const input = mutate(CORPUS[seed % CORPUS.length]!, rnd);
      const started = performance.now();
      const { error, dump } = await collect(input, { chunk: 1 + Math.floor(rnd() * 64), limits: LIMITS });
      const ms = performance.now() - started;
      if (error === undefined) completed++;
      const ok =
        (error === undefined ||
          (isSessctlError(error) &&
            EXPECTED.has(error.code) &&
            (!(error instanceof RdbError) || (error.offset >= 0 && error.offset <= input.length)))) &&
        dump.summary.peakBufferBytes <= WINDOW_BOUND &&
        ms < 1000;
      if (!ok) {
        failures++;
        if (failures <= 3) console.error(`seed ${seed}:`, error, dump.summary.peakBufferBytes, ms);
      }
    }
    expect(failures).toBe(0);
    expect(completed).toBeGreaterThan(0);
  }, 120_000);
});
