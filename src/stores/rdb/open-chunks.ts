import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SessctlError } from '../../errors.js';
import { fsReason } from '../../fs-reason.js';

/** Where a dump comes from: a file path, or any stream of bytes (a socket, stdin, a test). */
export type RdbSource = string | Readable | AsyncIterable<Uint8Array>;

const CHUNK = 1024 * 1024;

/**
 * The dump's bytes in chunks, gunzipped when it starts with the gzip magic (1f 8b): backups are
 * often kept as dump.rdb.gz and a scan should not need a temporary file.
 */
export async function* openChunks(source: RdbSource): AsyncGenerator<Buffer, void, unknown> {
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: CHUNK }) : source;
  const it = input[Symbol.asyncIterator]();
  try {
    let head = Buffer.alloc(0);
    while (head.length < 2) {
      const next = await it.next().catch((cause: unknown) => rethrowOpen(source, cause));
      if (next.done) break;
      head = Buffer.concat([head, Buffer.from(next.value)]);
    }
    if (head.length === 0) return;
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield head;
      for (let next = await it.next(); !next.done; next = await it.next()) yield Buffer.from(next.value);
      return;
    }
    const gunzip = createGunzip({ chunkSize: CHUNK });
    const compressed = Readable.from(replay(head, it), { objectMode: false });
    pipeline(compressed, gunzip, () => {
      /* errors surface through the gunzip iterator below */
    });
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (cause) {
      throw new SessctlError(
        'SESSCTL_RDB_CORRUPT',
        `the gzip stream around the dump is damaged: ${(cause as Error).message}`,
        { cause },
      );
    } finally {
      gunzip.destroy();
    }
  } finally {
    await it.return?.();
  }
}

async function* replay(head: Buffer, it: AsyncIterator<Uint8Array>): AsyncGenerator<Buffer, void, unknown> {
  yield head;
  for (let next = await it.next(); !next.done; next = await it.next()) yield Buffer.from(next.value);
}

function rethrowOpen(source: RdbSource, cause: unknown): never {
  if (typeof source !== 'string') throw cause;
  throw new SessctlError('SESSCTL_FILE', `cannot read dump ${source}: ${fsReason(cause)}`, {
    cause,
    hint: 'give the path of a readable RDB file (dump.rdb, or dump.rdb.gz)',
  });
}
