import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { matchLayout, parseLayout, parseLayouts } from './layout.js';

describe('parseLayout', () => {
  it('reads {id} and the hashed placeholders the probe reports in storeKeys', () => {
    expect(parseLayout('session_{id}')).toMatchObject({
      ok: true,
      layout: { prefix: 'session_', head: 'session_', tail: '', hexLength: 0, rules: undefined },
    });
    expect(parseLayout('session_{md5(token)}')).toMatchObject({
      ok: true,
      layout: { prefix: 'session_', hexLength: 32 },
    });
    expect(parseLayout('s:{sha1(id)}')).toMatchObject({ ok: true, layout: { hexLength: 40 } });
    expect(parseLayout('s:{sha256(token)}')).toMatchObject({ ok: true, layout: { hexLength: 64 } });
    expect(parseLayout('{md5(token)}')).toMatchObject({ ok: true, layout: { prefix: '', hexLength: 32 } });
    expect(parseLayout('app:{id}:data')).toMatchObject({
      ok: true,
      layout: { prefix: 'app:*:data', head: 'app:', tail: ':data' },
    });
  });

  it('keeps userKeys and metadataKeys as the rules for the payload', () => {
    const r = parseLayout({
      template: 'session_{id}',
      userKeys: ['user_id', 'owner.id'],
      metadataKeys: ['identifier'],
    });
    expect(r.ok && r.layout.rules).toEqual({ metadata: new Set(['identifier']), identity: ['user_id', 'owner.id'] });
  });

  it('names what is wrong with a bad template', () => {
    const problem = (t: string) => {
      const r = parseLayout(t);
      return r.ok ? undefined : r.problem;
    };
    expect(problem('session_')).toMatch(/exactly one placeholder.*e\.g\. session_\{id\}/);
    expect(problem('s_{id}_{id}')).toMatch(/exactly one placeholder/);
    expect(problem('s_{uuid}')).toMatch(/unknown placeholder \{uuid\}; use \{id\}, \{md5\(token\)\}/);
    expect(problem('s_{crc32(token)}')).toMatch(/unknown placeholder/);
    expect(problem('{id}')).toMatch(/no fixed text before the id/);
    expect(problem('s_{id}}')).toMatch(/unmatched brace/);
    expect(parseLayout({ template: 's_{id}', userKeys: [''] })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/userKeys must be non-empty/),
    });
  });

  it('parseLayouts throws a UsageError (exit 2) for the first bad one', () => {
    expect(() => parseLayouts(['session_{id}', 'bad'])).toThrow(UsageError);
    expect(parseLayouts(undefined)).toEqual([]);
  });
});

describe('matchLayout', () => {
  const layouts = parseLayouts(['session_{id}', 'session_{md5(token)}', 'app:{id}:data']);
  const md5 = '5f4dcc3b5aa765d61d8327deb882cf99';

  it('tries a hashed id before any id, so the probe-learned token layout wins for its keys', () => {
    expect(matchLayout(layouts, `session_${md5}`)?.template).toBe('session_{md5(token)}');
    expect(matchLayout(layouts, 'session_e53941b4-dc32-4e30-902a-a197cd1140b5')?.template).toBe('session_{id}');
    expect(matchLayout(layouts, `session_${md5.toUpperCase()}`)?.template).toBe('session_{md5(token)}');
  });

  it('needs the fixed text on both sides and a non-empty id', () => {
    expect(matchLayout(layouts, 'app:42:data')?.template).toBe('app:{id}:data');
    expect(matchLayout(layouts, 'app::data')).toBeUndefined();
    expect(matchLayout(layouts, 'app:42:meta')).toBeUndefined();
    expect(matchLayout(layouts, 'session_')).toBeUndefined();
    expect(matchLayout(layouts, 'user:42')).toBeUndefined();
  });

  it('a hashed id must be exactly that many hex digits', () => {
    const only = parseLayouts(['t:{md5(token)}']);
    expect(matchLayout(only, `t:${md5}`)).toBeDefined();
    expect(matchLayout(only, `t:${md5}0`)).toBeUndefined();
    expect(matchLayout(only, `t:${md5.slice(0, 31)}g`)).toBeUndefined();
  });
});
