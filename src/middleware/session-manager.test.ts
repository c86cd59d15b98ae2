import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../stores/memory/memory-kv.js';
import { createSessionManager } from './session-manager.js';
import { memoryStore } from '../stores/memory/memory-session-store.js';
import type { RequestFacts } from './types.js';

const facts = (method: string, headers: Record<string, string> = {}): RequestFacts => ({
  method,
  header: (name) => headers[name],
  secure: false,
});

describe('createSessionManager', () => {
  it('gives preflights an inert session: values set on it are never stored', async () => {
    const kv = new MemoryKv();
    const m = createSessionManager({ store: memoryStore({ kv }) });
    const pre = facts('OPTIONS', { 'access-control-request-method': 'POST' });
    expect(m.isPreflight(pre)).toBe(true);
    expect(m.isPreflight(facts('OPTIONS'))).toBe(false);
    const s = m.inert();
    s.data = { x: 1 } as never;
    expect(s.id).toBeUndefined();
    expect(await m.commit(s, false)).toEqual({});
    expect(kv.writes).toBe(0);
  });

  it('commits once even when a framework runs its send hook twice', async () => {
    const kv = new MemoryKv();
    const m = createSessionManager({ store: memoryStore({ kv }) });
    const s = await m.load(facts('POST'));
    s.data = { a: 1 } as never;
    const first = await m.commit(s, false);
    expect(await m.commit(s, false)).toBe(first);
    expect(kv.writes).toBe(1);
  });

  it('mints the id when the session first holds a value, and never before', async () => {
    const m = createSessionManager({ store: memoryStore({ kv: new MemoryKv() }) });
    const s = await m.load(facts('GET'));
    expect(s.id).toBeUndefined();
    expect(s.token).toBeUndefined();
    s.set('k' as never, 1 as never);
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.token).toBe(s.id);
  });
});
