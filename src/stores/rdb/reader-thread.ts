import { Worker } from 'node:worker_threads';
import {
  FLOW_STOP,
  FLOW_TAKEN,
  FLOW_WAKE_AT,
  type Peek,
  type ReaderStart,
  type WalkMessage,
  type WalkJob,
} from './walk-protocol.js';

/** The reader thread's module; none when running from the TypeScript sources (tests), which a thread cannot load. */
export const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./walk-worker.js', import.meta.url) : undefined;

/**
 * The reader's objects live for one batch at most, so a small young generation costs it nothing
 * (1M keys: the same CPU and wall time, 5 rounds alternating), while V8's default let it grow to
 * 32 MiB over the first million keys: peak RSS 144 → 124 MiB there.
 */
const READER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * A dump's reader thread (walk-worker.ts) and what it has posted so far. It reads up to the first key at
 * once, posts the peek, and walks when given its job. Between the two it is unref'd: a store opened
 * and never walked (nor closed) must not keep the process alive.
 */
export class ReaderThread {
  readonly flow = new Int32Array(new SharedArrayBuffer(12));
  readonly inbox: Array<WalkMessage | Error> = [];
  /** Whether the thread posted anything: one that fails before leaves the reading to this thread. */
  heard = false;
  /** Failed before it posted anything: it never started. */
  stillborn = false;
  private readonly worker: Worker;
  private wake: (() => void) | undefined;

  constructor(path: string) {
    this.flow[FLOW_WAKE_AT] = -1;
    const start: ReaderStart = { path, flow: this.flow.buffer as SharedArrayBuffer };
    this.worker = new Worker(WORKER_URL!, { workerData: { sessctlRdbRead: start }, resourceLimits: READER_LIMITS });
    const arrive = (m: WalkMessage | Error) => {
      this.inbox.push(m);
      this.wake?.();
    };
    this.worker.on('message', (m: WalkMessage) => arrive(m));
    this.worker.on('error', (err: Error) => arrive(err));
    this.worker.on('exit', (code) =>
      arrive(new Error(`the reader thread exited (code ${code}) before the end of the dump`)),
    );
  }

  /** Resolves at the next message, or at interrupt(). */
  arrival(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  interrupt(): void {
    this.wake?.();
  }

  /** The dump's header and first key; none if the thread could not start or met an error before them (or on abort). */
  async peek(signal?: AbortSignal): Promise<Peek | undefined> {
    const onAbort = () => this.interrupt();
    signal?.addEventListener('abort', onAbort);
    try {
      while (this.inbox.length === 0 && !signal?.aborted) await this.arrival();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    const m = signal?.aborted ? undefined : this.inbox.shift();
    if (m instanceof Error) this.stillborn = true;
    if (m === undefined || m instanceof Error || m.type !== 'peek' || !('peek' in m)) return undefined;
    this.heard = true;
    this.worker.unref();
    return m.peek;
  }

  /** Starts the walk: the thread packs with the walk's filter, and keeps the process alive until the end. */
  walk(job: WalkJob): void {
    this.worker.ref();
    this.worker.postMessage(job);
  }

  async end(): Promise<void> {
    Atomics.store(this.flow, FLOW_STOP, 1);
    Atomics.notify(this.flow, FLOW_TAKEN);
    this.worker.removeAllListeners().on('error', () => {
      /* the walk is over: nothing is waiting for the thread any more */
    });
    await this.worker.terminate();
  }
}

/** A reader thread for the dump; none when no thread can be had. */
export function startReader(path: string): ReaderThread | undefined {
  try {
    return new ReaderThread(path);
  } catch {
    return undefined;
  }
}
