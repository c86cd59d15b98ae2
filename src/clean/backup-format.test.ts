import { describe, expect, it } from 'vitest';
import { parseBackupLine } from './backup-format.js';

describe('parseBackupLine', () => {
  const entry = {
    type: 'redis',
    key: Buffer.from('sess:a').toString('base64'),
    node: 'h:1',
    dump: 'AAAA',
    expireAt: 1,
    idleS: 3,
  };
  it('accepts each line type', () => {
    expect(parseBackupLine(JSON.stringify(entry))).toEqual(entry);
    expect(parseBackupLine('{"type":"batch","seq":1,"deleted":2,"kept":[]}')).toMatchObject({ type: 'batch' });
    expect(
      parseBackupLine(
        JSON.stringify({ type: 'memcached', key: 'YQ==', node: 'h:1', value: 'eA==', flags: 2, expireAt: null }),
      ),
    ).toMatchObject({ type: 'memcached' });
  });
  it('says why a line is unusable instead of throwing', () => {
    expect(parseBackupLine(JSON.stringify(entry).slice(0, 30))).toBe('not valid JSON (truncated or corrupt)');
    expect(parseBackupLine('[1]')).toBe('not a JSON object');
    expect(parseBackupLine(JSON.stringify({ ...entry, dump: 'not base64!' }))).toBe('incomplete redis entry');
    expect(parseBackupLine(JSON.stringify({ ...entry, type: 'zzz' }))).toBe('unknown line type "zzz"');
    expect(parseBackupLine('{"type":"header","schema":"other/9","store":{}}')).toMatch(/unknown backup schema/);
  });
});
