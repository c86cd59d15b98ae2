import { describe, expect, it } from 'vitest';
import { beginOpen, openStore } from './from-url.js';

describe('beginOpen', () => {
  it('resolves with the open under way, which gives the store openStore gives', async () => {
    const { opened } = await beginOpen('memory://begin-open');
    const store = await opened;
    expect(store.kind).toBe('memory');
    await store.close();
    const again = await openStore('memory://begin-open');
    expect(again.kind).toBe('memory');
    await again.close();
  });

  it('refuses a bad URL at its first step, before any open', async () => {
    await expect(beginOpen('nope://host:1')).rejects.toMatchObject({ code: 'SESSCTL_STORE_URL' });
  });

  it('leaves an open that fails to fail on its own promise', async () => {
    const { opened } = await beginOpen('/nonexistent/dir/dump.rdb');
    await expect(opened).rejects.toMatchObject({ code: 'SESSCTL_FILE' });
  });
});
