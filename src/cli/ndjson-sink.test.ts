import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NdjsonSink } from './ndjson-sink.js';

/** A reader that takes one chunk per event-loop turn, released by hand. */
function slowReader(highWaterMark: number) {
  const pending: Array<() => void> = [];
  let received = '';
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, cb) {
      received += chunk.toString();
      pending.push(cb);
    },
  });
  const release = () => {
    for (const cb of pending.splice(0)) cb();
  };
  return { stream, release, received: () => received };
}

describe('NdjsonSink', () => {
  it('drain waits until every slow reader has room again, and loses nothing', async () => {
    const a = slowReader(64);
    const b = slowReader(1 << 20);
    const sink = new NdjsonSink([{ stream: a.stream }, { stream: b.stream }]);
    for (let i = 0; i < 20; i++) sink.line(`{"n":${i}}\n`);
    expect(a.stream.writableNeedDrain).toBe(true);
    let drained = false;
    const wait = sink.drain().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    while (!drained) {
      a.release();
      b.release();
      await new Promise((r) => setImmediate(r));
    }
    await wait;
    expect(a.stream.writableNeedDrain).toBe(false);
    const want = Array.from({ length: 20 }, (_, i) => `{"n":${i}}\n`).join('');
    expect(a.received()).toBe(want);
    expect(b.received()).toBe(want);
  });

  it('a file that fails is reported as SESSCTL_FILE naming it, not waited on forever', async () => {
    const broken = new Writable({
      highWaterMark: 8,
      write(_chunk, _enc, cb) {
        setImmediate(() => cb(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })));
      },
    });
    const target = { stream: broken, file: 'out.ndjson' as string | undefined, error: undefined as Error | undefined };
    broken.on('error', (e) => (target.error ??= e));
    const sink = new NdjsonSink([target]);
    sink.line('{"n":0}\n{"n":1}\n');
    await expect(sink.drain()).rejects.toMatchObject({
      code: 'SESSCTL_FILE',
      message: 'cannot write ndjson report to out.ndjson: no space left on device',
    });
  });
});
