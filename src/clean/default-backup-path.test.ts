import { describe, expect, it } from 'vitest';
import { defaultBackupPath } from './clean.js';

describe('defaultBackupPath', () => {
  const now = new Date('2026-11-22T07:30:05.123Z');

  it('names the first host and the time, never the credentials', () => {
    expect(defaultBackupPath('redis://user:***@cache.internal:6379/2', now)).toBe(
      './sessctl-backup-cache.internal_6379-20261122T073005Z.ndjson',
    );
    expect(defaultBackupPath('memcached://mc1:11211,mc2:11211', now)).toBe(
      './sessctl-backup-mc1_11211-20261122T073005Z.ndjson',
    );
  });

  it('leaves the TLS query out of the name', () => {
    expect(defaultBackupPath('rediss://:***@127.0.0.1:6380?cacert=/etc/ssl/ca.pem', now)).toBe(
      './sessctl-backup-127.0.0.1_6380-20261122T073005Z.ndjson',
    );
  });
});
