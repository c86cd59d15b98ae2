import { describe, expect, it } from 'vitest';
import { backupPrefixOf } from './backup-prefix.js';

describe('backupPrefixOf', () => {
  it('records namespaces and framework prefixes, and one "" for bare ids however many', () => {
    expect(backupPrefixOf('sess:vHOoFdQ1xAbCdEfGhIjKlMnOpQrStUv')).toBe('sess:');
    expect(backupPrefixOf('myapp:prod:sess:abc')).toBe('myapp:prod:sess:');
    expect(backupPrefixOf('spring:session:sessions:0f3c')).toBe('spring:session:sessions:');
    expect(backupPrefixOf('config:admin')).toBe('config:');
    const bare = ['Zx9_qAbCdEfGh-IjKlMnOp', 'aQ_rT9xYzWvU-sPoNmLk', 'session_e53941b4-0000-4000-8000-000000000000'];
    expect(new Set(bare.map(backupPrefixOf))).toEqual(new Set(['']));
  });
});
