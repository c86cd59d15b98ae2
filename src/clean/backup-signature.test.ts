import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LineSigner, LineVerifier } from './backup-signature.js';

describe('backup line signatures', () => {
  const key = randomBytes(32);
  const signer = new LineSigner(key, 'file-a');
  const lines = [
    { type: 'header', id: 'file-a' },
    { type: 'memory', key: 'YQ==' },
    { type: 'batch', kept: [] },
  ].map((l) => signer.sign(l));

  it('verifies lines in order, and a file cut short up to its last whole line', () => {
    const v = new LineVerifier(key, 'file-a');
    expect(lines.map((l) => v.check(l))).toEqual([0, 1, 2].map((n) => ({ ok: true, n, missing: 0 })));
    expect(JSON.parse(lines[1]!)).toMatchObject({
      type: 'memory',
      key: 'YQ==',
      n: 1,
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('tells a changed, repeated, moved, foreign or unsigned line, and counts a removed one', () => {
    const v = new LineVerifier(key, 'file-a');
    expect(v.check(lines[1]!.replace('YQ==', 'Yg=='))).toEqual({ ok: false, why: 'mismatch' });
    expect(new LineVerifier(key, 'file-b').check(lines[0]!)).toEqual({ ok: false, why: 'mismatch' });
    expect(new LineVerifier(randomBytes(32), 'file-a').check(lines[0]!)).toEqual({ ok: false, why: 'mismatch' });
    expect(v.check('{"type":"memory","key":"YQ=="}')).toEqual({ ok: false, why: 'unsigned' });
    expect(v.check(lines[0]!)).toMatchObject({ ok: true });
    expect(v.check(lines[2]!)).toEqual({ ok: true, n: 2, missing: 1 });
    expect(v.check(lines[1]!)).toEqual({ ok: false, why: 'out of order' });
  });
});
