import { describe, expect, it } from 'vitest';
import { orphanEvidence } from './orphan-evidence.js';
import type { SignalStatement } from './types.js';

const sig = (signal: SignalStatement['signal'], holds: boolean): SignalStatement => ({ signal, holds, why: '' });
const read = [sig('payload', true), sig('never-read', false)];

describe('orphanEvidence', () => {
  it('is provable where never-read is, whatever the payloads hold', () => {
    expect(
      orphanEvidence({ sessions: 10, classes: { anonymous: { count: 10, bytes: 1 } } }, [
        sig('payload', true),
        sig('never-read', true),
      ]),
    ).toBe('provable');
  });
  it('is provable where every payload decides: empty or authenticated, nothing anonymous', () => {
    expect(
      orphanEvidence({ sessions: 10, classes: { empty: { count: 7, bytes: 1 }, live: { count: 3, bytes: 1 } } }, read),
    ).toBe('provable');
  });
  it('is unprovable where anonymous data meets no never-read proof (Django visit flags, the seed layer)', () => {
    expect(
      orphanEvidence(
        { sessions: 4, classes: { anonymous: { count: 3, bytes: 1 }, live: { count: 1, bytes: 1 } } },
        read,
      ),
    ).toBe('unprovable');
  });
  it('is unprovable without payloads, and where there are no sessions', () => {
    expect(orphanEvidence({ sessions: 4, classes: {} }, [sig('payload', false), sig('never-read', false)])).toBe(
      'unprovable',
    );
    expect(orphanEvidence({ sessions: 0, classes: {} }, read)).toBe('unprovable');
  });
});
