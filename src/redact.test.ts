import { describe, expect, it } from 'vitest';
import { publicTags } from '../test/harness/dictionary.js';
import { redactKey, redactValue } from './redact.js';

describe('redaction tags', () => {
  it('keep the shape, and equal values get equal tags within a run', () => {
    expect(redactValue('hunter2')).toMatch(/^<redacted 7 chars #[0-9a-f]{6}>$/);
    expect(redactValue('hunter2')).toBe(redactValue('hunter2'));
    expect(redactValue('hunter2')).not.toBe(redactValue('hunter3'));
    expect(redactKey('sess:vHOoFdQ1xAbCdEf', 'sess:')).toMatch(/^sess:vHOoFd…#[0-9a-f]{6}$/);
  });

  it('cannot be computed from a guess: no unkeyed hash of the value gives the tag', () => {
    for (const word of ['hunter2', 'password', 'correct horse battery staple', 'sess:123456789012']) {
      const tag = /#([0-9a-f]{6})>$/.exec(redactValue(word))![1]!;
      expect(publicTags(word)).not.toContain(tag);
    }
  });
});
