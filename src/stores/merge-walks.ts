import type { WalkEvent } from './types.js';

export type Push = (event: WalkEvent) => Promise<void>;
/** A node walker: pushes its events, returns when done; `stopped()` tells it the consumer has gone. */
export type Producer = (push: Push, stopped: () => boolean) => Promise<void>;

/**
 * Runs one producer per node concurrently and yields their events as they come. The queue holds at
 * most `capacity` events per producer: a walker that is ahead of the consumer waits, so no more than
 * a couple of batches per node are ever in memory.
 */
export async function* mergeWalks(producers: Producer[], capacity = 2): AsyncGenerator<WalkEvent> {
  const queue: WalkEvent[] = [];
  let waiters: Array<() => void> = [];
  let consumer: (() => void) | undefined;
  let running = producers.length;
  let stopped = false;
  let failure: unknown;

  const wake = () => {
    consumer?.();
    consumer = undefined;
  };
  const push: Push = async (event) => {
    while (!stopped && queue.length >= capacity * producers.length) await new Promise<void>((r) => waiters.push(r));
    if (stopped) return;
    queue.push(event);
    wake();
  };
  for (const p of producers) {
    p(push, () => stopped)
      .catch((err) => (failure ??= err))
      .finally(() => {
        running--;
        wake();
      });
  }
  try {
    for (;;) {
      if (queue.length) {
        const e = queue.shift()!;
        const w = waiters;
        waiters = [];
        for (const r of w) r();
        yield e;
        continue;
      }
      if (failure) throw failure;
      if (running === 0) return;
      await new Promise<void>((r) => (consumer = r));
    }
  } finally {
    stopped = true;
    for (const r of waiters) r();
  }
}
