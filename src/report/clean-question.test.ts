import { describe, expect, it } from 'vitest';
import type { CleanSelection } from '../clean/clean.js';
import { cleanQuestion } from './clean-question.js';

const selection = (partial: boolean): CleanSelection => ({
  store: 'redis://cache:6379',
  count: 240_000,
  bytes: 24 * 1024 * 1024,
  groups: [{ prefix: 'sess:', class: 'empty', action: 'delete', count: 240_000, bytes: 24 * 1024 * 1024 }],
  backup: './b.ndjson',
  partial,
});

describe('cleanQuestion', () => {
  it('names the count, the size, the store and the backup', () => {
    expect(cleanQuestion(selection(false))).toBe(
      'Delete 240,000 empty sessions (24 MiB) from redis://cache:6379; backup: ./b.ndjson? [y/N] ',
    );
  });

  it('says when the walk goes on past what it names (--yes on a large selection)', () => {
    expect(cleanQuestion(selection(true))).toBe(
      'Delete 240,000 empty sessions (24 MiB) found so far, and the rest the walk selects, from redis://cache:6379; backup: ./b.ndjson? [y/N] ',
    );
  });
});
