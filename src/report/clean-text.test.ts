import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CleanGroup, CleanReport } from '../clean/types.js';
import { renderCleanText } from './clean-text.js';

const dryRun = (groups: CleanGroup[], fixTtlS: number | null = null): CleanReport => ({
  schema: 'sessctl-clean/1',
  complete: true,
  applied: false,
  store: { kind: 'redis', url: 'redis://127.0.0.1:6379', version: 'redis 7.0.15' },
  method: { kind: 'lua', checks: ['ttl', 'value', 'dump'] },
  policy: {
    classes: ['empty', 'no-ttl'],
    minAgeS: 300,
    match: null,
    layouts: [],
    fixTtlS,
    maxDelete: null,
    rate: null,
  },
  durationMs: 12,
  scanned: { keys: 10, bytes: 1000 },
  selected: { count: groups.reduce((n, g) => n + g.count, 0), bytes: groups.reduce((n, g) => n + g.bytes, 0), groups },
  result: null,
  backup: null,
  problems: [],
  warnings: [],
});

describe('renderCleanText dry run', () => {
  it('says --apply deletes when every selected key would be deleted', () => {
    const text = renderCleanText(
      dryRun([{ prefix: 'sess:', class: 'empty', action: 'delete', count: 3, bytes: 300 }]),
      { color: false },
    );
    expect(text).toContain('run again with --apply to delete them (each batch is backed up first)');
  });

  it('says --apply sets an expiry when --fix-ttl selected only never-expiring keys', () => {
    const text = renderCleanText(
      dryRun([{ prefix: 'sess:', class: 'no-ttl', action: 'fix-ttl', count: 3, bytes: 300 }], 86_400),
      { color: false },
    );
    expect(text).toContain('run again with --apply to give them the expiry');
    expect(text).not.toContain('to delete them');
  });

  it('names both when the selection mixes deletes and expiries', () => {
    const text = renderCleanText(
      dryRun(
        [
          { prefix: 'sess:', class: 'empty', action: 'delete', count: 2, bytes: 200 },
          { prefix: 'sess:', class: 'no-ttl', action: 'fix-ttl', count: 3, bytes: 300 },
        ],
        86_400,
      ),
      { color: false, width: 200 },
    );
    expect(text).toContain('run again with --apply to delete them or, where they never expire, give them the expiry');
  });
});

describe('renderCleanText at 80 columns (issue 20 §6)', () => {
  it('wraps prose at word boundaries and keeps the undo command whole on its own line', () => {
    const path = './sessctl-backup-cache.internal.example.com_6379-20261204T193000Z.ndjson';
    const applied: CleanReport = {
      ...dryRun([{ prefix: 'sess:', class: 'empty', action: 'delete', count: 240_000, bytes: 24_000_000 }]),
      applied: true,
      result: {
        deleted: 240_000,
        fixed: 0,
        bytesFreed: 24_000_000,
        skipped: { changed: 12, gone: 3, error: 0, limit: 0 },
        resumedDeleted: 0,
      },
      backup: { path, entries: 240_000, resumed: false, key: `${path}.key` },
      warnings: [
        'this dry run read payloads on a server without CLIENT NO-TOUCH (Redis < 7.2), which resets their idle times: wait at least --min-age before --apply',
      ],
    };
    const lines = renderCleanText(applied, { color: false, width: 80 }).split('\n');
    const undo = `sessctl restore ${path}`;
    expect(lines).toContain(`    ${undo}`);
    // only a word that cannot be broken (the undo command, a path) may stand past the edge
    expect(lines.filter((l) => l.length > 80 && !l.includes(undo) && /\S\s+\S/.test(l.trim()))).toEqual([]);
    expect(lines.some((l) => l.startsWith('  warning: this dry run read payloads'))).toBe(true);
    // wide enough: one line
    expect(renderCleanText(applied, { color: false, width: 160 })).toContain(`  undo with: ${undo}\n`);
  });
});

describe('renderCleanText selection table', () => {
  it('fits 80 columns with a long prefix and big numbers, the figures right-aligned under their headers', () => {
    const prefix = 'myapp:production:eu-west-1:sessions:with-a-very-long-tail:';
    const report = dryRun([
      { prefix, class: 'never-read', action: 'delete', count: 12_345_678_901, bytes: 3 * 1024 ** 4 },
      { prefix: 'sess:', class: 'no-ttl', action: 'fix-ttl', count: 7, bytes: 700 },
    ]);
    const lines = renderCleanText(report, { color: true, width: 80 }).split('\n').map(plain);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    const at = lines.findIndex((l) => /^ {2}prefix +class +action +keys +bytes$/.test(l));
    const rows = lines.slice(at, at + 4);
    expect(rows[1]).toMatch(/^ {2}myapp:production:\S*… +never-read +delete +12,345,678,901 +3\.0 TiB$/);
    expect(rows[3]).toMatch(/^ {2}total +12,345,678,908 +3\.0 TiB$/);
    // keys and bytes end where their headers end; class and action start where theirs start
    for (const h of ['keys', 'bytes']) {
      const end = rows[0]!.indexOf(h) + h.length;
      for (const r of rows.slice(1)) expect(r[end - 1]).not.toBe(' ');
      for (const r of rows.slice(1)) expect(r[end] ?? ' ').toBe(' ');
    }
    expect(rows[2]!.indexOf('no-ttl')).toBe(rows[0]!.indexOf('class'));
    expect(rows[2]!.indexOf('expire')).toBe(rows[0]!.indexOf('action'));
  });
});
