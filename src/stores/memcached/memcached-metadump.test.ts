import { describe, expect, it } from 'vitest';
import { parseItem, percentDecode } from './memcached-metadump.js';

const item = (line: string) => {
  // Surrounding bytes prove the parser keeps to its [start, end) range.
  const b = Buffer.from(`xx\n${line}\nkey=other exp=9\n`, 'latin1');
  return parseItem(b, 3, 3 + Buffer.byteLength(line, 'latin1'));
};

describe('metadump line parsing', () => {
  it('reads every field of a 1.6.18 line (trailing space, no flags)', () => {
    const it = item('key=sess:abc exp=1763800000 la=1763790000 cas=123456789012 fetch=no cls=5 size=312 ');
    expect(it).toEqual({
      key: Buffer.from('sess:abc'),
      exp: 1763800000,
      la: 1763790000,
      cas: '123456789012',
      fetched: false,
      size: 312,
    });
  });

  it('reads flags, a never-expiring item, a fetched one, and skips fields it does not know', () => {
    const it = item('key=k exp=-1 la=5 cas=7 fetch=yes cls=1 size=70 flags=4294967295 ext_page=3 ext_offset=9');
    expect(it).toEqual({ key: Buffer.from('k'), exp: -1, la: 5, cas: '7', fetched: true, size: 70, flags: 4294967295 });
  });

  it('URL-decodes keys to bytes, and leaves a stray % as it is', () => {
    expect(item('key=a%20b%ff%zz% exp=1').key).toEqual(Buffer.from([97, 32, 98, 255, 37, 122, 122, 37]));
    expect(percentDecode('plain')).toEqual(Buffer.from('plain'));
  });

  it('reads numbers as Number() would, including odd ones', () => {
    expect(item('key=k exp=+5 la= size=12x').exp).toBe(5);
    expect(item('key=k la=').la).toBe(0);
    expect(item('key=k size=12x').size).toBeNaN();
    expect(item('key=k exp=-').exp).toBeNaN();
  });

  it('keeps a CAS as its digits, whatever their count or a leading zero', () => {
    expect(item('key=k cas=0').cas).toBe('0');
    expect(item('key=k cas=007').cas).toBe('007');
    expect(item('key=k cas=18446744073709551615').cas).toBe('18446744073709551615');
    expect(item('key=k cas=12x').cas).toBe('12x');
    expect(item('key=k cas=').cas).toBe('');
  });

  it('reads the usual line as the field-by-field parse does, whatever breaks its order or its numbers', () => {
    const usual = 'key=a%2Fb exp=-1 la=1763790000 cas=42 fetch=yes cls=1 size=70';
    expect(item(usual)).toEqual({
      key: Buffer.from('a/b'),
      exp: -1,
      la: 1763790000,
      cas: '42',
      fetched: true,
      size: 70,
    });
    expect(item(`${usual} flags=2`)).toEqual({ ...item(usual), flags: 2 });
    expect(item(`${usual} flags=2 `).flags).toBe(2);
    expect(item(`${usual} flags=2 ext_page=1`).flags).toBe(2);
    expect(item(usual.replace('cas=42', 'cas=042')).cas).toBe('042');
    expect(item(usual.replace('cas=42', 'cas=0')).cas).toBe('0');
    expect(item(usual.replace('exp=-1', 'exp=-12')).exp).toBe(-12);
    expect(item(usual.replace('exp=-1', 'exp=7')).exp).toBe(7);
    expect(item(usual.replace('la=1763790000', 'la=1234567890123456')).la).toBe(1234567890123456);
    expect(item(usual.replace('fetch=yes', 'fetch=no')).fetched).toBe(false);
    expect(item(usual.replace('fetch=yes', 'fetch=yess')).fetched).toBe(false);
    expect(item(usual.replace('size=70', 'size=7x')).size).toBeNaN();
    expect(item(usual.replace(' la=1763790000', '') + ' la=9').la).toBe(9);
  });

  it('gives a key without % as the bytes of its own line, whatever surrounds it', () => {
    const b = Buffer.from('key=other exp=1\nkey=abc exp=1\n', 'latin1');
    expect(parseItem(b, 16, 29).key.toString('latin1')).toBe('abc');
  });
});
