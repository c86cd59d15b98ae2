#!/usr/bin/env node
// The ceiling for a scan that reads the same three facts per key as sessctl: bare raw RESP, no
// library. SCAN MATCH COUNT 1000, then PTTL, OBJECT IDLETIME and GET for its keys in one pipeline;
// the replies are counted (bulk bodies skipped by their length), never decoded.
//   node bench/plain-reader.mjs PORT [PATTERN]   → prints the number of keys read
import { connect } from 'node:net';

const port = Number(process.argv[2]);
const pattern = process.argv[3] ?? 'sess:*';
const sock = connect(port, '127.0.0.1');
const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

let buf = Buffer.alloc(0);
let wake;
sock.on('data', (d) => {
  buf = buf.length ? Buffer.concat([buf, d]) : d;
  wake?.();
});
const more = () => new Promise((r) => (wake = r));

/** Index after the line that starts at `i`, or -1 if it is not all here. */
const lineEnd = (i) => {
  const nl = buf.indexOf(10, i);
  return nl < 0 ? -1 : nl + 1;
};

/** Skips `n` whole replies from the front of the buffer (nested arrays included), waiting for bytes. */
async function skipReplies(n) {
  let pos = 0;
  let left = n;
  while (left > 0) {
    const end = lineEnd(pos);
    if (end < 0) {
      buf = buf.subarray(pos);
      pos = 0;
      await more();
      continue;
    }
    const type = buf[pos];
    const len = type === 36 || type === 42 ? Number(buf.toString('latin1', pos + 1, end - 2)) : 0;
    if (type === 36 && len >= 0) {
      if (buf.length < end + len + 2) {
        buf = buf.subarray(pos);
        pos = 0;
        await more();
        continue;
      }
      pos = end + len + 2;
    } else pos = end;
    left--;
    if (type === 42 && len > 0) left += len;
  }
  buf = buf.subarray(pos);
}

/** Reads one SCAN reply: [cursor, [keys…]]. */
async function scanReply() {
  for (;;) {
    try {
      let pos = lineEnd(0); // *2
      const read = () => {
        const end = lineEnd(pos);
        if (end < 0) throw new Error('short');
        const len = Number(buf.toString('latin1', pos + 1, end - 2));
        if (buf.length < end + len + 2) throw new Error('short');
        const s = buf.subarray(end, end + len);
        pos = end + len + 2;
        return s;
      };
      if (pos <= 0) throw new Error('short');
      const cursor = read().toString('latin1');
      const end = lineEnd(pos);
      if (end < 0) throw new Error('short');
      const n = Number(buf.toString('latin1', pos + 1, end - 2));
      pos = end;
      const keys = [];
      for (let i = 0; i < n; i++) keys.push(read());
      buf = buf.subarray(pos);
      return [cursor, keys];
    } catch {
      await more();
    }
  }
}

await new Promise((r) => sock.once('connect', r));
let cursor = '0';
let total = 0;
do {
  sock.write(`*6\r\n$4\r\nSCAN\r\n${bulk(cursor)}$5\r\nMATCH\r\n${bulk(pattern)}$5\r\nCOUNT\r\n$4\r\n1000\r\n`);
  const [next, keys] = await scanReply();
  cursor = next;
  if (keys.length) {
    const parts = [];
    for (const k of keys) {
      const key = `$${k.length}\r\n${k.toString('latin1')}\r\n`;
      parts.push(`*2\r\n$4\r\nPTTL\r\n${key}*3\r\n$6\r\nOBJECT\r\n$8\r\nIDLETIME\r\n${key}*2\r\n$3\r\nGET\r\n${key}`);
    }
    sock.write(Buffer.from(parts.join(''), 'latin1'));
    await skipReplies(keys.length * 3);
    total += keys.length;
  }
} while (cursor !== '0');
sock.destroy();
process.stdout.write(String(total));
