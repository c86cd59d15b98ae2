import { describe, expect, it } from 'vitest';
import { listpack, ziplist, zipmap } from '../../../test/harness/rdb-builder.js';
import { listpackEntries } from './listpack.js';
import { ziplistEntries } from './ziplist.js';
import { zipmapEntries } from './zipmap.js';

const text = (r: Buffer[] | string) => (typeof r === 'string' ? r : r.map(String));

describe('packed encodings', () => {
  it('reads listpack strings and integers of every width as text', () => {
    const long = 'x'.repeat(300);
    expect(text(listpackEntries(listpack(['a', 7, -3, 4000, -30000, long, ''])))).toEqual([
      'a',
      '7',
      '-3',
      '4000',
      '-30000',
      long,
      '',
    ]);
    const wide = Buffer.from([
      0, 0, 0, 0, 3, 0, 0xf2, 0x00, 0x00, 0x80, 4, 0xf3, 1, 0, 0, 0, 5, 0xf4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0x7f, 9, 0xff,
    ]);
    wide.writeUInt32LE(wide.length, 0);
    expect(text(listpackEntries(wide))).toEqual(['-8388608', '1', '9223372036854775807']);
  });

  it('reads ziplist strings and integers, and zipmap pairs', () => {
    expect(text(ziplistEntries(ziplist(['f', 'v', 5, 123456, 'x'.repeat(300)])))).toEqual([
      'f',
      'v',
      '5',
      '123456',
      'x'.repeat(300),
    ]);
    expect(
      text(
        zipmapEntries(
          zipmap([
            ['a', 'bb'],
            ['cc', ''],
          ]),
        ),
      ),
    ).toEqual(['a', 'bb', 'cc', '']);
  });

  it('reports a message, never throws, for damaged blobs', () => {
    const lp = listpack(['abc', 'def']);
    for (let cut = 0; cut < lp.length; cut++) expect(typeof listpackEntries(lp.subarray(0, cut))).toBe('string');
    const zl = ziplist(['abc', 300000]);
    for (let cut = 0; cut < zl.length; cut++) expect(typeof ziplistEntries(zl.subarray(0, cut))).toBe('string');
    const zm = zipmap([['a', 'b']]);
    for (let cut = 0; cut < zm.length; cut++) expect(typeof zipmapEntries(zm.subarray(0, cut))).toBe('string');
    expect(listpackEntries(Buffer.from([7, 0, 0, 0, 1, 0, 0xf5]))).toMatch(
      /unknown listpack encoding|no end marker|past the end/,
    );
  });
});
