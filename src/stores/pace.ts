import { SessctlError } from '../errors.js';

/** Resolves after `ms`, or rejects with SESSCTL_ABORTED when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function aborted(): SessctlError {
  return new SessctlError('SESSCTL_ABORTED', 'scan interrupted');
}

/**
 * A keys/s budget shared by every node walker: after each batch a walker waits until the keys
 * taken so far fit the rate since the start. Smooth enough at batch granularity (≤ 1000 keys).
 */
export class RateLimiter {
  #taken = 0;
  readonly #start = performance.now();
  constructor(readonly perSecond: number | undefined) {}

  async take(n: number, signal?: AbortSignal): Promise<void> {
    if (!this.perSecond) return;
    this.#taken += n;
    const due = (this.#taken / this.perSecond) * 1000 - (performance.now() - this.#start);
    if (due > 1) await sleep(due, signal);
  }
}
