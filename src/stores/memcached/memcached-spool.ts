import { close, openSync, read, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { SessctlError } from '../../errors.js';

const CHUNK = 256 * 1024;
/** The dump held in memory before the rest goes to the file (about 600k items' lines). */
const MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * memcached before 1.6.19 holds a crawler lock while it writes the metadump, so the socket must
 * never be paused (a paused reader hangs every `mg`). The chunks are held in memory as they arrive,
 * up to `memoryBytes`; past that, every later chunk is appended to `file` (0600) and read back
 * behind the writer. Parsing and `mg` overlap the dump instead of waiting for all of it, and memory
 * stays bounded whatever the reader's pace; a dump that fits costs no file IO (writing and reading
 * it back was a sixth of the walk's CPU at 500k items).
 * A connection that drops before `END` fails the stream only after what was written has been read,
 * so an error line the server sent before closing is still what the parser reports.
 */
export function spoolDump(socket: Socket, file: string, id: string, memoryBytes = MEMORY_BYTES): Readable {
  const fd = openSync(file, 'wx+', 0o600);
  // Held chunks come before anything in the file: once one chunk went to the file, all later ones do.
  const held: Buffer[] = [];
  let heldBytes = 0;
  let toFile = false;
  let written = 0;
  let readPos = 0;
  let ended = false;
  let dropped: Error | undefined;
  let waiting = false;
  let reading = false;
  let fdClosed = false;
  let tail = '';
  const closeFd = () => {
    if (fdClosed || reading) return;
    fdClosed = true;
    close(fd, () => undefined);
  };

  const pull = () => {
    if (reading || source.destroyed) return;
    if (held.length) {
      const chunk = held.shift()!;
      heldBytes -= chunk.length;
      source.push(chunk);
    } else if (readPos < written) {
      reading = true;
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, written - readPos));
      read(fd, buf, 0, buf.length, readPos, (err, n) => {
        reading = false;
        if (source.destroyed) return closeFd();
        if (err) return void source.destroy(err);
        readPos += n;
        source.push(buf.subarray(0, n));
      });
    } else if (ended) {
      // Destroying now would drop what is still buffered; fail once the reader has had it all.
      if (dropped) source.once('end', () => source.destroy(dropped));
      source.push(null);
    } else waiting = true;
  };
  const source = new Readable({
    highWaterMark: CHUNK,
    read: pull,
    destroy(err, cb) {
      held.length = 0;
      socket.removeListener('data', onData);
      closeFd();
      cb(err);
    },
  });
  const wake = () => {
    if (!waiting) return;
    waiting = false;
    pull();
  };
  const stop = (err?: Error) => {
    if (ended) return;
    ended = true;
    dropped = err;
    socket.removeListener('data', onData);
    wake();
  };
  function onData(chunk: Buffer): void {
    if (!toFile && heldBytes + chunk.length <= memoryBytes) {
      held.push(chunk);
      heldBytes += chunk.length;
    } else {
      toFile = true;
      try {
        for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off, written + off);
      } catch (err) {
        return stop(
          new SessctlError('SESSCTL_STORE_ERROR', `cannot spool the metadump of ${id}: ${(err as Error).message}`, {
            cause: err,
          }),
        );
      }
      written += chunk.length;
    }
    tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - 8))).slice(-8);
    if (tail.endsWith('END\r\n')) stop();
    wake();
  }
  socket.on('data', onData);
  socket.on('error', (err) =>
    stop(
      new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: metadump connection failed: ${err.message}`, {
        cause: err,
      }),
    ),
  );
  socket.on('close', () =>
    stop(new SessctlError('SESSCTL_STORE_ERROR', `memcached ${id}: connection dropped during metadump`)),
  );
  return source;
}
