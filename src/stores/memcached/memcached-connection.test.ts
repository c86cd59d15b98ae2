import { describe, expect, it } from 'vitest';
import { encodeMetaGets, metaKey } from './memcached-connection.js';

describe('encodeMetaGets', () => {
  it('writes plain keys as they are and the rest as base64 with b, as metaKey decides', () => {
    const keys = [
      Buffer.from('sess:abc'),
      Buffer.from('has space'),
      Buffer.from([0xff, 0x00]),
      Buffer.from('k'.repeat(251)),
      Buffer.from('k'.repeat(250)),
    ];
    const expected = keys
      .map((k) => {
        const { token, base64 } = metaKey(k);
        return `mg ${token}${base64 ? ' b' : ''} v f c u\r\n`;
      })
      .join('');
    expect(encodeMetaGets(keys, ' v f c u\r\n').toString('latin1')).toBe(expected);
    expect(metaKey(keys[1]!).base64).toBe(true);
    expect(metaKey(keys[3]!).base64).toBe(true);
    expect(metaKey(keys[4]!).base64).toBe(false);
  });

  it('encodes nothing for no keys', () => {
    expect(encodeMetaGets([], ' v\r\n').length).toBe(0);
  });
});
