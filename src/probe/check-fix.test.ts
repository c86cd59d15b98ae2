import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THRESHOLD_CLASSES } from '../check/config.js';
import { thresholdId } from '../check/thresholds.js';
import { docsUrl } from '../docs-url.js';
import { checkInfo } from './check-info.js';
import { fixFor } from './check-fix.js';
import { frameworkHint } from './framework-hint.js';
import { CHECK_IDS } from './types.js';

const docs = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');

describe('fixFor', () => {
  it('words the fix for the framework the cookie name gives away', () => {
    const cases = [
      ['connect.sid', 'SESS-PREFLIGHT-MINT', /cors\(\) before session\(\).*saveUninitialized: false/],
      ['PHPSESSID', 'SESS-FIXATION', /session\.use_strict_mode=1/],
      ['sessionid', 'COOKIE-SECURE', /SESSION_COOKIE_SECURE = True/],
      ['session', 'SESS-LOGOUT', /session\.clear\(\)/],
      ['rack.session', 'SESS-FIXATION', /reset_session/],
      ['JSESSIONID', 'SESS-ID-IN-URL', /tracking-mode/],
      ['SESSION', 'SESS-FIXATION', /changeSessionId/],
    ] as const;
    for (const [cookie, id, fix] of cases) {
      const hint = frameworkHint({ sessionCookie: cookie, storeKeys: null });
      expect(fixFor(id, hint?.framework), cookie).toMatch(fix);
    }
  });

  it('falls back to the learned store key prefix, then to the generic help', () => {
    expect(frameworkHint({ sessionCookie: 'my_sid', storeKeys: { cookie: 'sess:{id}' } })).toEqual({
      framework: 'express-session',
      from: 'store keys sess:{id}',
    });
    expect(frameworkHint({ sessionCookie: 'my_sid', storeKeys: { cookie: 'PHPREDIS_SESSION:{id}' } })?.framework).toBe(
      'php',
    );
    expect(frameworkHint({ sessionCookie: 'my_sid', storeKeys: null })).toBeNull();
    expect(fixFor('CORS-VARY', 'express-session')).toBe(checkInfo['CORS-VARY'].help);
    expect(fixFor('SESS-FIXATION', null)).toBe(checkInfo['SESS-FIXATION'].help);
  });
});

describe('docs/checks.md', () => {
  it('has an entry (a heading whose anchor is the lower-case id) for every id a report links to', () => {
    const ids = [
      ...CHECK_IDS,
      'SCAN-ORPHANS',
      'SCAN-NO-TTL',
      'SCAN-STALE',
      'SCAN-UNDECODABLE',
      'SCAN-IDLE-UNTRUSTED',
      'SCAN-INCOMPLETE',
      'SCAN-EMPTY',
      'PROBE-INCOMPLETE',
      ...THRESHOLD_CLASSES.flatMap((c) => [thresholdId('maxShare', c), thresholdId('maxCount', c)]),
    ];
    for (const id of ids) {
      expect(docs, id).toContain(`\n### ${id}\n`);
      expect(docsUrl(id)).toMatch(new RegExp(`/docs/checks\\.md#${id.toLowerCase()}$`));
    }
  });
});
