import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';

const errorOf = (config: unknown, env: NodeJS.ProcessEnv = {}): string => {
  try {
    parseConfig(typeof config === 'string' ? config : JSON.stringify(config, null, 2), { env });
  } catch (err) {
    expect((err as { code?: string }).code).toBe('SESSCTL_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected a config error');
};

const scan = { store: 'redis://localhost:6379' };

describe('parseConfig', () => {
  it('names the path of a bad threshold', () => {
    expect(errorOf({ scans: [{ ...scan, maxShare: { 'never-read': 5 } }] })).toBe(
      'config error: scans[0].maxShare.never-read must be a number between 0 and 1',
    );
    expect(errorOf({ scans: [scan, { ...scan, name: 'b', maxCount: { empty: -1 } }] })).toBe(
      'config error: scans[1].maxCount.empty must be a whole number of 0 or more',
    );
    expect(errorOf({ scans: [{ ...scan, maxCount: { empty: 1.5 } }] })).toMatch(
      /^config error: scans\[0\]\.maxCount\.empty must be a whole number/,
    );
  });

  it('names unknown keys, with a suggestion when one is close', () => {
    expect(errorOf({ scans: [{ ...scan, maxshare: {} }] })).toBe(
      'config error: scans[0].maxshare is not a known field: did you mean "maxShare"?',
    );
    expect(errorOf({ scans: [{ ...scan, maxShare: { orphans: 0.1 } }] })).toBe(
      'config error: scans[0].maxShare.orphans is not a known field: did you mean "orphan"?',
    );
    expect(errorOf({ probe: [] })).toBe('config error: probe is not a known field: did you mean "probes"?');
  });

  it('takes no key from Object.prototype for a known field: constructor, toString, __proto__ (issue 21)', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(errorOf({ scans: [scan], [key]: 1 })).toMatch(new RegExp(`^config error: ${key} is not a known field`));
      expect(errorOf({ scans: [{ ...scan, [key]: 'x' }] })).toMatch(
        new RegExp(`^config error: scans\\[0\\]\\.${key} is not a known field`),
      );
    }
    expect(errorOf('{ "scans": [{ "store": "redis://localhost:6379" }], "__proto__": { "failOn": "none" } }')).toMatch(
      /^config error: __proto__ is not a known field/,
    );
    expect(errorOf('{ "scans": [{ "store": "redis://localhost:6379", "__proto__": {} }] }')).toMatch(
      /^config error: scans\[0\]\.__proto__ is not a known field/,
    );
  });

  it('requires fields and checks enums, durations and URLs', () => {
    expect(errorOf({ probes: [{ name: 'x' }] })).toBe('config error: probes[0].url is required');
    expect(errorOf({ failOn: 'severe', scans: [scan] })).toBe(
      'config error: failOn must be one of "info", "low", "medium", "high", "critical", "none"',
    );
    expect(errorOf({ scans: [{ ...scan, minAge: '5' }] })).toBe(
      'config error: scans[0].minAge must be a duration, e.g. "30s" or "10m"',
    );
    expect(errorOf({ probes: [{ url: 'localhost:3000' }] })).toMatch(
      /^config error: probes\[0\]\.url must be an http\(s\) URL/,
    );
    expect(errorOf({ scans: [{ store: 'mongodb://x' }] })).toMatch(
      /^config error: scans\[0\]\.store is not a valid store URL: unsupported store URL scheme/,
    );
    expect(errorOf({ scans: 'all' })).toBe('config error: scans must be an array');
    expect(errorOf([])).toBe('config error: config must be a JSON object');
    expect(errorOf({})).toBe('config error: config must name at least one probe or scan');
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(errorOf('{\n  "scans": [\n  }')).toBe(
      'config error: config is not valid JSON: unexpected "}" (line 3, column 3)',
    );
    expect(errorOf('{"scans": [],}')).toBe(
      'config error: config is not valid JSON: expected a "quoted" key but found "}" (line 1, column 14)',
    );
    expect(errorOf('')).toBe('config error: config is not valid JSON: unexpected end of file (line 1, column 1)');
  });

  it('refuses check ids the probe does not have', () => {
    expect(errorOf({ probes: [{ url: 'http://a/me', ignore: ['COOKIE-SECURE', 'SESS-PREFLIGHT-MNT'] }] })).toBe(
      'config error: probes[0].ignore[1] is not a probe check id: "SESS-PREFLIGHT-MNT"; did you mean "SESS-PREFLIGHT-MINT"?',
    );
  });

  it('refuses duplicate names', () => {
    expect(
      errorOf({
        scans: [
          { ...scan, name: 'a' },
          { ...scan, name: 'a' },
        ],
      }),
    ).toBe(
      'config error: scans[1].name "a" is already used by scans[0]; names must be unique (they become JUnit suites)',
    );
  });

  it('expands environment variables, and names the field of an unset one', () => {
    const config = parseConfig(JSON.stringify({ scans: [{ store: 'redis://:${PW}@h:6379/${DB:-2}' }] }), {
      env: { PW: 'hunter22' },
    });
    expect(config.scans[0]!.store).toBe('redis://:hunter22@h:6379/2');
    expect(config.scans[0]!.name).toBe('redis://:***@h:6379/2');
    expect(errorOf({ scans: [{ store: 'redis://${HOST}' }] })).toBe(
      'config error: scans[0].store uses ${HOST}, which is not set',
    );
  });

  it('applies defaults and records the line of each target', () => {
    const text = JSON.stringify(
      {
        failOn: 'low',
        timeout: '5s',
        probes: [{ url: 'http://a/me' }],
        scans: [{ ...scan, maxShare: { 'no-ttl': 0 } }],
      },
      null,
      2,
    );
    const c = parseConfig(text, { file: '/x/sessctl.config.json' });
    expect(c.failOn).toBe('low');
    expect(c.probes[0]).toMatchObject({ name: 'http://a/me', timeoutMs: 5000, expect: [], ignore: [], line: 6 });
    expect(c.scans[0]).toMatchObject({
      name: 'redis://localhost:6379',
      severity: 'medium',
      maxShare: { 'no-ttl': 0 },
      maxCount: {},
    });
    expect(text.split('\n')[c.scans[0]!.line! - 1]).toContain('"store"');
  });

  it('anchors each target at its own line when entries share a literal (one store URL for a probe and two scans)', () => {
    const store = '${REDIS_URL:-redis://localhost:6379}';
    const text = JSON.stringify(
      {
        probes: [{ name: 'api', url: 'http://a/me', store }],
        scans: [
          { name: 'sessions', store, match: 'sess:*' },
          { name: 'koa', store, match: 'koa:sess:*' },
        ],
      },
      null,
      2,
    );
    const c = parseConfig(text, { env: {} });
    const lines = text.split('\n');
    expect(lines[c.probes[0]!.line! - 1]).toContain('"url": "http://a/me"');
    const [first, second] = c.scans.map((s) => s.line!);
    expect(lines[first! - 1]).toContain('"store"');
    expect(lines[second! - 1]).toContain('"store"');
    // each scan's own store line, after the probe's and after the previous scan's name
    expect(first).toBe(lines.findIndex((l) => l.includes('"sessions"')) + 2);
    expect(second).toBe(lines.findIndex((l) => l.includes('"koa"')) + 2);
  });

  it("reads layouts as templates or objects, the probe's storeKeys included, and names a bad one", () => {
    const c = parseConfig(
      JSON.stringify({
        scans: [
          {
            ...scan,
            layouts: [
              'session_{id}',
              { template: 'session_{md5(token)}', userKeys: ['user_id'], metadataKeys: ['identifier'] },
            ],
          },
        ],
      }),
    );
    expect(c.scans[0]!.layouts).toEqual([
      { template: 'session_{id}' },
      { template: 'session_{md5(token)}', userKeys: ['user_id'], metadataKeys: ['identifier'] },
    ]);
    expect(parseConfig(JSON.stringify({ scans: [scan] })).scans[0]!.layouts).toEqual([]);
    expect(errorOf({ scans: [{ ...scan, layouts: ['session_'] }] })).toBe(
      'config error: scans[0].layouts[0] must be a key layout with one placeholder for the id, e.g. "session_{id}" or "session_{md5(token)}"',
    );
    expect(errorOf({ scans: [{ ...scan, layouts: ['s_{uuid}'] }] })).toBe(
      'config error: scans[0].layouts[0] is not a usable layout: layout "s_{uuid}": unknown placeholder {uuid}; use {id}, {md5(token)}, {sha1(token)}, {sha256(token)} or {sha512(token)}',
    );
    expect(errorOf({ scans: [{ ...scan, layouts: [{ template: '{id}' }] }] })).toMatch(
      /^config error: scans\[0\]\.layouts\[0\]\.template is not a usable layout: layout "\{id\}" has no fixed text before the id/,
    );
    expect(errorOf({ scans: [{ ...scan, layouts: [{ template: 's_{id}', userkeys: [] }] }] })).toBe(
      'config error: scans[0].layouts[0].userkeys is not a known field: did you mean "userKeys"?',
    );
    expect(errorOf({ scans: [{ ...scan, layouts: [{ template: 's_{id}', metadataKeys: [''] }] }] })).toBe(
      'config error: scans[0].layouts[0].metadataKeys[0] must be a non-empty string',
    );
    expect(errorOf({ scans: [{ ...scan, layouts: [42] }] })).toBe(
      'config error: scans[0].layouts[0] must be a key layout with one placeholder for the id, e.g. "session_{id}" or "session_{md5(token)}" or a JSON object',
    );
  });

  it('takes a scan rate in keys/s or "max"; absent, the scan paces itself', () => {
    const entry = { name: 's', store: 'memory://x' };
    expect(parseConfig(JSON.stringify({ scans: [{ ...entry, rate: 'max' }] })).scans[0]!.rate).toBe('max');
    expect(parseConfig(JSON.stringify({ scans: [{ ...entry, rate: 5000 }] })).scans[0]!.rate).toBe(5000);
    expect(parseConfig(JSON.stringify({ scans: [entry] })).scans[0]!.rate).toBeUndefined();
    expect(errorOf({ scans: [{ ...entry, rate: 'fast' }] })).toBe(
      'config error: scans[0].rate must be a number greater than 0 or one of "max"',
    );
  });
});
