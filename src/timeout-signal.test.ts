import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { timeoutSignal } from './timeout-signal.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('timeoutSignal', () => {
  it('fires after a garbage collection that would take an AbortSignal.timeout inside AbortSignal.any', async () => {
    const { signal } = timeoutSignal(new AbortController().signal, 30);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const [event] = await once(signal, 'abort');
    expect(event.type).toBe('abort');
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('follows its parent and stops its timer when cleared', async () => {
    const parent = new AbortController();
    const t = timeoutSignal(parent.signal, 60_000);
    parent.abort(new Error('stop'));
    expect(t.signal.aborted).toBe(true);
    expect((t.signal.reason as Error).message).toBe('stop');

    const cleared = timeoutSignal(undefined, 5);
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cleared.signal.aborted).toBe(false);
  });

  it('starts aborted under an aborted parent', () => {
    const parent = new AbortController();
    parent.abort();
    expect(timeoutSignal(parent.signal, 60_000).signal.aborted).toBe(true);
  });
});
