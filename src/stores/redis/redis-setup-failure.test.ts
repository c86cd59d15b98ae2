import { describe, expect, it } from 'vitest';
import { exitCodeFor, SessctlError } from '../../errors.js';
import { scrub } from '../../redact.js';
import { redisSetupFailure } from './redis-setup-failure.js';

describe('redisSetupFailure', () => {
  it('makes a database the server lacks a bad URL (exit 2)', () => {
    const f = redisSetupFailure('ERR DB index is out of range')!;
    expect(f.code).toBe('SESSCTL_STORE_URL');
    expect(exitCodeFor(new SessctlError(f.code, f.reason))).toBe(2);
    expect(f.reason).toContain('database number');
  });

  it('tells a missing password from a wrong one, both with the URL form as the hint', () => {
    expect(redisSetupFailure('NOAUTH Authentication required.')).toMatchObject({
      code: 'SESSCTL_STORE_UNREACHABLE',
      reason: 'the server wants a password',
      hint: expect.stringContaining('redis://:PASSWORD@host'),
    });
    expect(redisSetupFailure('WRONGPASS invalid username-password pair or user is disabled.')).toMatchObject({
      reason: 'authentication failed',
    });
  });

  it('keeps its hints intact through the output scrubber, which still hides real passwords', () => {
    for (const m of ['NOAUTH Authentication required.', 'WRONGPASS x', 'ERR DB index is out of range']) {
      const hint = redisSetupFailure(m)!.hint;
      expect(scrub(hint)).toBe(hint);
    }
    expect(scrub('redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379');
  });

  it('leaves other errors alone', () => {
    expect(redisSetupFailure('ERR unknown command')).toBeUndefined();
  });
});
