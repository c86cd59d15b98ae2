import type { Writable } from 'node:stream';
import { outputFileError, publishOutput, type OutputFile } from './output.js';

/** A stream the sink writes to, with the write error its owner recorded (files) if any. */
export interface NdjsonTarget {
  stream: NodeJS.WritableStream | Writable;
  /** Set for `--output` files: names the file in a write error. */
  file?: string;
  error?: Error;
  /** An `--output` file still under its private name (see openOutputs). */
  temp?: OutputFile['temp'];
}

/**
 * Streams ndjson record lines to stdout and/or `--output ndjson=FILE` files at once. `line` only
 * queues (the scan calls it synchronously per key); `drain` is awaited between batches, so the walk
 * waits for the slowest reader and memory stays bounded by one batch plus the streams' buffers.
 */
export class NdjsonSink {
  readonly #targets: NdjsonTarget[];
  readonly #full = new Set<NdjsonTarget>();

  constructor(targets: NdjsonTarget[]) {
    this.#targets = targets;
  }

  line = (text: string): void => {
    for (const t of this.#targets) {
      if (t.temp) publishOutput(t);
      if (!t.error && !t.stream.write(text)) this.#full.add(t);
    }
  };

  drain = async (): Promise<void> => {
    const waiting = [...this.#full];
    this.#full.clear();
    await Promise.all(waiting.map((t) => drained(t)));
    const failed = this.#targets.find((t) => t.error);
    if (failed) throw outputFileError('ndjson', failed.file ?? 'stdout', failed.error);
  };
}

/** Resolves on 'drain'; an error or close first ends the wait (the error is on the target). */
function drained(t: NdjsonTarget): Promise<void> {
  return new Promise((resolve) => {
    const s = t.stream;
    const done = () => {
      s.removeListener('drain', done);
      s.removeListener('error', fail);
      s.removeListener('close', done);
      resolve();
    };
    const fail = (err: Error) => {
      t.error ??= err;
      done();
    };
    s.on('drain', done);
    s.on('error', fail);
    s.on('close', done);
  });
}
