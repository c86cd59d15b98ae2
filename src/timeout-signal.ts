export interface TimeoutSignal {
  readonly signal: AbortSignal;
  /** Stops the timer and lets go of the parent; call it when the work ends first. */
  clear(): void;
}

/**
 * A signal that aborts when `parent` does, or with a `TimeoutError` after `ms`, whichever comes first.
 *
 * Not `AbortSignal.any([parent, AbortSignal.timeout(ms)])`: Node 20 keeps the sources of a composite
 * signal only through weak references, and the timeout signal's own timer holds it weakly too. Once a
 * garbage collection takes the timeout signal, which a loaded machine makes likely before a long
 * timeout, its timer aborts nothing and the work runs to its end (nodejs/node#57736). Here the timer
 * holds its controller strongly.
 */
export function timeoutSignal(parent: AbortSignal | undefined, ms: number): TimeoutSignal {
  const controller = new AbortController();
  const onParentAbort = () => {
    clearTimeout(timer);
    controller.abort(parent!.reason);
  };
  const timer = setTimeout(() => {
    parent?.removeEventListener('abort', onParentAbort);
    controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
  }, ms);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
