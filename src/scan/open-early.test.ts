import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { openDumpEarly } from './open-early.js';

describe('openDumpEarly', () => {
  it('reads the layouts first: a bad one is the usage error, even for a missing dump', async () => {
    await expect(openDumpEarly('/nonexistent/sessctl-dump.rdb', { layouts: ['session_'] })).rejects.toThrow(UsageError);
  });

  it('leaves other stores to the scan', async () => {
    expect(await openDumpEarly('redis://127.0.0.1:1')).toBeUndefined();
    expect(await openDumpEarly('foo://x')).toBeUndefined();
  });

  it("keeps a missing dump's error for the scan, and abandons it quietly", async () => {
    const early = await openDumpEarly('/nonexistent/sessctl-dump.rdb');
    expect(early).toBeDefined();
    early!.abandon();
    await expect(early!.take()).rejects.toThrow(/sessctl-dump\.rdb/);
  });
});
