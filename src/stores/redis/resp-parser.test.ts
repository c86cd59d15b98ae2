import { describe, expect, it } from 'vitest';
import { RespError, RespParser, encodeCommands, type RespReply } from './resp-parser.js';

describe('RESP encoding and parsing', () => {
  it('encodes strings, utf-8 and buffers with exact lengths', () => {
    const b = encodeCommands([
      ['SET', 'kä', Buffer.from([0, 1, 2])],
      ['PTTL', 'x'.repeat(123)],
    ]);
    expect(b.toString('latin1')).toBe(
      `*3\r\n$3\r\nSET\r\n$3\r\nk\xc3\xa4\r\n$3\r\n\x00\x01\x02\r\n*2\r\n$4\r\nPTTL\r\n$123\r\n${'x'.repeat(123)}\r\n`,
    );
  });

  it('parses every reply type across arbitrary chunk boundaries', () => {
    const wire = Buffer.from('+OK\r\n-ERR bad\r\n:-42\r\n$-1\r\n$5\r\nhe\r\nl\r\n*2\r\n$1\r\na\r\n*1\r\n:7\r\n*-1\r\n');
    for (let cut = 1; cut < wire.length; cut++) {
      const p = new RespParser();
      const got: RespReply[] = [];
      p.feed(wire.subarray(0, cut), (r) => got.push(r));
      p.feed(wire.subarray(cut), (r) => got.push(r));
      expect(got).toEqual([
        'OK',
        new RespError('ERR bad'),
        -42,
        null,
        Buffer.from('he\r\nl'),
        [Buffer.from('a'), [7]],
        null,
      ]);
    }
  });

  it('keeps the elements of an array split across many reads', () => {
    const wire = Buffer.from('*3\r\n:1\r\n*2\r\n$3\r\nabc\r\n$-1\r\n*0\r\n+PONG\r\n:-7\r\n');
    const p = new RespParser();
    const got: RespReply[] = [];
    for (let i = 0; i < wire.length; i++) p.feed(wire.subarray(i, i + 1), (r) => got.push(r));
    expect(got).toEqual([[1, [Buffer.from('abc'), null], []], 'PONG', -7]);
  });
});

import { bulkKeys, encodeKeyCommands, encodeVariadic, keyCommand } from './resp-key-pipeline.js';

describe('per-key command templates', () => {
  const keys = [Buffer.from('sess:a'), Buffer.from('k'.repeat(120)), Buffer.from([0xff, 0, 13, 10])];
  const bytes = (text: string) => Buffer.from(text, 'latin1');

  it('encode exactly what encodeCommands does', () => {
    const cmds = [
      keyCommand(['PTTL']),
      keyCommand(['OBJECT', 'IDLETIME']),
      keyCommand(['MEMORY', 'USAGE'], ['SAMPLES', '0']),
    ];
    const expected = encodeCommands(
      keys.flatMap((k) => [
        ['PTTL', k],
        ['OBJECT', 'IDLETIME', k],
        ['MEMORY', 'USAGE', k, 'SAMPLES', '0'],
      ]),
    );
    expect(bytes(encodeKeyCommands(cmds, bulkKeys(keys))).equals(expected)).toBe(true);
  });

  it('append one variadic command over all keys, as encodeCommands would', () => {
    const bulks = bulkKeys(keys);
    const text = encodeKeyCommands([keyCommand(['PTTL'])], bulks) + encodeVariadic('MGET', bulks);
    expect(bytes(text).equals(encodeCommands([...keys.map((k) => ['PTTL', k]), ['MGET', ...keys]]))).toBe(true);
  });

  it('take the keys of a SCAN reply in their RESP form, and re-frame keys from anywhere else', () => {
    const scanned = [...keys, Buffer.from('x'.repeat(9))];
    const wire = encodeCommands([[Buffer.from('0'), ...scanned]]);
    let reply: RespReply = null;
    new RespParser().feed(wire, (r) => (reply = r));
    const parsed = (reply as unknown as Buffer[]).slice(1);
    // One key copied elsewhere breaks the run: it and the keys after it are framed anew.
    const mixed = [parsed[0]!, Buffer.from(parsed[1]!), parsed[2]!, parsed[3]!];
    for (const ks of [parsed, mixed, parsed.slice(2), scanned])
      expect(bulkKeys(ks)).toEqual(ks.map((k) => `$${k.length}\r\n${k.toString('latin1')}\r\n`));
  });
});
