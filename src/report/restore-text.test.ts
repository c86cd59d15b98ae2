import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { RestoreReport } from '../clean/restore.js';
import { redactKey } from '../redact.js';
import { existingLine, renderRestoreText } from './restore-text.js';

const report = (exists: number, existing: string[]): RestoreReport => ({
  schema: 'sessctl-restore/1',
  complete: true,
  file: './sessctl-backup-cache.internal.example.com_6379-20261204T193000Z.ndjson',
  store: { kind: 'redis', url: 'redis://cache.internal.example.com:6379' },
  replace: false,
  verified: true,
  durationMs: 1200,
  entries: 12_345_678,
  restored: 12_345_678 - exists,
  exists,
  expired: 1_234_567,
  errors: 12,
  refused: 3,
  notDeleted: 4,
  corrupt: [],
  existing,
  errorDetails: [],
  refusedDetails: [],
});

describe('restore: the keys kept because they exist', () => {
  it('counts them, and names none, when redaction makes them look alike', () => {
    const alike = Array.from({ length: 20 }, (_, i) => redactKey(`sess:abc${i % 10}`, 'sess:'));
    expect(new Set(alike)).toEqual(new Set(['sess:****']));
    expect(existingLine({ exists: 25, existing: alike })).toBe(
      '25 existing keys kept (--show-keys names them, --replace overwrites them)',
    );
  });

  it('names them when their redacted forms differ, and says how many more', () => {
    const keys = ['sess:vHOoFdQ1xaaaaaaaaaa', 'sess:Zk2e9QmPbbbbbbbbbbb'].map((k) => redactKey(k, 'sess:'));
    expect(existingLine({ exists: 7, existing: keys })).toBe(
      `7 existing keys kept (--replace overwrites them): ${keys.join(', ')} and 5 more`,
    );
  });

  it('fits 80 columns with big numbers, a long file name and twenty listed keys', () => {
    const keys = Array.from({ length: 20 }, (_, i) => redactKey(`sess:${'k'.repeat(20)}${i}`, 'sess:'));
    const lines = renderRestoreText(report(1_234_567, keys), { color: true, width: 80 }).split('\n').map(plain);
    expect(lines.filter((l) => l.length > 80 && /\S\s+\S/.test(l.trim()))).toEqual([]);
    expect(lines.join('\n')).toMatch(/restored 11,111,111 of 12,345,678 · 1,234,567 kept because the key exists/);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(`${keys.join(', ')} and 1,234,547 more`);
  });
});
