import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile } from '../../src/check/read-config.js';
import { sessctl } from '../harness/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sessctl-check-config-'));
const write = (name: string, config: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
};

describe('sessctl check: a bad config exits 2 with one line naming the field', () => {
  it('names the JSON path of a bad threshold', async () => {
    const file = write('bad-share.json', {
      scans: [{ store: 'memory://check-config', maxShare: { 'never-read': 1.5 } }],
    });
    const r = await sessctl(['check', '--config', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('sessctl: config error: scans[0].maxShare.never-read must be a number between 0 and 1');
    expect(lines.slice(1).every((l) => l.startsWith('  hint: '))).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('names an unknown field, a missing one and a bad severity', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { probes: [{ url: 'http://127.0.0.1:1/api/me', origins: 'x' }] },
        'config error: probes[0].origins is not a known field: did you mean "origin"?',
      ],
      [{ scans: [{ match: 'sess:*' }] }, 'config error: scans[0].store is required'],
      [
        { failOn: 'warning', scans: [{ store: 'memory://x' }] },
        'config error: failOn must be one of "info", "low", "medium", "high", "critical", "none"',
      ],
      [
        { scans: [{ store: 'memory://x', severity: 'hi' }] },
        'config error: scans[0].severity must be one of "info", "low", "medium", "high", "critical"',
      ],
    ];
    for (const [config, message] of cases) {
      const r = await sessctl(['check', '--config', write('case.json', config)]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`sessctl: ${message}`);
    }
  });

  it('exits 2 for invalid JSON and a missing file, and never prints a password from the config', async () => {
    const broken = await sessctl(['check', '--config', write('broken.json', '{ "scans": [ { "store": "redis://x" } ')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^sessctl: config error: .*broken\.json is not valid JSON: expected "," or "]" but found end of file \(line 1, column \d+\)/,
    );

    const missing = await sessctl(['check', '--config', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sessctl: config error: cannot read .*nope\.json: no such file$/m);

    const secret = await sessctl([
      'check',
      '--config',
      write('secret.json', { scans: [{ store: 'redis://:s3cretpw@h:99999' }] }),
    ]);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/^sessctl: config error: scans\[0\]\.store is not a valid store URL: invalid port/);
    expect(secret.stderr).not.toContain('s3cretpw');
  });

  it('finds sessctl.config.json in the working directory, then at the repository root', () => {
    const repo = mkdtempSync(join(tmpdir(), 'sessctl-check-repo-'));
    const sub = join(repo, 'packages', 'api');
    writeFileSync(join(repo, 'placeholder'), '');
    expect(findConfigFile(repo)).toBeUndefined();
    // a .git directory marks the root
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(repo, 'sessctl.config.json'), '{}');
    expect(findConfigFile(sub)).toBe(join(repo, 'sessctl.config.json'));
    writeFileSync(join(sub, 'sessctl.config.json'), '{}');
    expect(findConfigFile(sub)).toBe(join(sub, 'sessctl.config.json'));
  });
});

describe('sessctl check: ${VAR} values are secrets', () => {
  it('a value expanded into a name or a store URL appears in no report format (issue 21)', async () => {
    const env = { CHECK_ENTRY_NAME: 'tenant-acme-s3cret', CHECK_STORE_DB: 'check-env-s3cretdb' };
    const file = write('env.json', {
      scans: [{ name: '${CHECK_ENTRY_NAME}', store: 'memory://${CHECK_STORE_DB}', allowEmpty: true }],
    });
    const reports = join(dir, 'env-reports');
    mkdirSync(reports, { recursive: true });
    const outputs = ['json', 'junit', 'sarif', 'github'].flatMap((f) => ['--output', `${f}=${join(reports, f)}`]);
    const r = await sessctl(['check', '--config', file, ...outputs, '--format', 'text'], { env });
    expect(r.code).toBe(0);
    const texts = [
      r.stdout,
      r.stderr,
      ...['json', 'junit', 'sarif', 'github'].map((f) => readFileSync(join(reports, f), 'utf8')),
    ];
    expect(texts[3]).toContain('<testsuite');
    for (const text of texts) for (const v of Object.values(env)) expect(text).not.toContain(v);
    expect(readFileSync(join(reports, 'junit'), 'utf8')).toContain('***');
  });
});
