import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spoolDump } from './memcached-spool.js';

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A socket whose peer runs `talk` (stands in for memcached's side of the dump). */
async function peer(talk: (s: Socket) => Promise<void>): Promise<Socket> {
  server = createServer((s) => void talk(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const s = connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  return s;
}

/** Reads the stream the way the metadump parser does: 'data' events, then 'error' or 'close'. */
function collect(src: NodeJS.ReadableStream): Promise<{ data: Buffer; error?: Error }> {
  const parts: Buffer[] = [];
  let error: Error | undefined;
  return new Promise((resolve) => {
    src.on('data', (c: Buffer) => parts.push(c));
    src.on('error', (e) => (error = e));
    src.on('close', () => resolve({ data: Buffer.concat(parts), error }));
  });
}

describe('spoolDump', () => {
  it.each([
    ['held in memory', undefined],
    ['past 100 kB in memory, the rest through the file', 100_000],
  ])(
    'hands on every byte up to END, written in pieces and larger than one read, %s (0600 file)',
    async (_, memoryBytes) => {
      const lines = Array.from(
        { length: 20_000 },
        (_, i) => `key=k${i} exp=-1 la=1 cas=${i} fetch=no cls=1 size=70 \n`,
      ).join('');
      let sent!: () => void;
      const allSent = new Promise<void>((r) => (sent = r));
      const socket = await peer(async (s) => {
        for (let i = 0; i < lines.length; i += 7777) {
          s.write(lines.slice(i, i + 7777));
          await new Promise((r) => setTimeout(r, 1));
        }
        s.write('END\r\n', sent);
      });
      dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
      const src = spoolDump(socket, join(dir, 'dump'), 'test:1', memoryBytes);
      expect((await stat(join(dir, 'dump'))).mode & 0o777).toBe(0o600);
      // A reader that starts late finds what did not fit in memory in the file.
      if (memoryBytes) await allSent.then(() => new Promise((r) => setTimeout(r, 50)));
      const { data, error } = await collect(src);
      expect(error).toBeUndefined();
      expect(data.toString('latin1')).toBe(`${lines}END\r\n`);
      // What did not fit went to the file, read back after what was held.
      const spooled = (await stat(join(dir, 'dump'))).size;
      if (memoryBytes) expect(spooled).toBeGreaterThan(lines.length - memoryBytes - 7777);
      else expect(spooled).toBe(0);
      socket.destroy();
    },
  );

  it('a drop before END fails the stream only after the bytes already sent (an error line stays readable)', async () => {
    const socket = await peer(async (s) => void s.end('ERROR metadump not allowed\r\n'));
    dir = await mkdtemp(join(tmpdir(), 'spool-test-'));
    const { data, error } = await collect(spoolDump(socket, join(dir, 'dump'), 'test:1'));
    expect(data.toString('latin1')).toBe('ERROR metadump not allowed\r\n');
    expect(error?.message).toMatch(/test:1: connection dropped during metadump/);
    expect(await readdir(dir)).toEqual(['dump']);
  });
});
