import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/probe/types.js';
import { sessctl } from '../harness/cli.js';
import { startMemcached, type RunningServer } from '../harness/servers.js';
import { startCookieTokenServer, type Target } from './targets/index.js';
import { parseJunit } from './xml.js';

let mc: RunningServer;
let target: Target;
beforeAll(async () => {
  mc = await startMemcached();
  target = await startCookieTokenServer({ memcached: `127.0.0.1:${mc.port}` });
});
afterAll(async () => {
  await target?.close();
  await mc?.stop();
});

describe('sessctl probe (CLI)', () => {
  it('writes sessctl-probe/1 JSON with exactly the contract fields and exits 1 on a high finding', async () => {
    const r = await sessctl(['probe', target.url, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe('sessctl-probe/1');
    expect(report).toMatchObject({ target: target.url, complete: true });
    expect(Object.keys(report.model)).toEqual(
      expect.arrayContaining(['sessionCookie', 'cookie', 'headerToken', 'bodyToken', 'precedence', 'ttlS']),
    );
    // the extension of issue 13: the token kind, and the key layout (null without --store)
    expect(report.model).toMatchObject({ tokenKind: 'issued', storeKeys: null });
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of report.checks) expect(['pass', 'fail', 'skip', 'unknown', 'error']).toContain(c.status);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'evidence']));
      expect(f.evidence).toHaveProperty('request');
      expect(f.evidence).toHaveProperty('response');
    }
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('SESS-FIXATION');
  });

  it("every format says each finding's fix and links its docs entry", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-fix-'));
    const files = { json: join(dir, 'p.json'), junit: join(dir, 'p.xml'), sarif: join(dir, 'p.sarif') };
    const r = await sessctl([
      '--format',
      'github',
      ...Object.entries(files).flatMap(([f, file]) => ['--output', `${f}=${file}`]),
      'probe',
      target.url,
    ]);
    expect(r.code).toBe(1);
    const fix = 'Reject unknown ids (PHP: session.use_strict_mode=1) and regenerate the id on login.';
    const docs = 'https://unpkg.com/sessctl/docs/checks.md#sess-fixation';
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json.findings.find((f: { id: string }) => f.id === 'SESS-FIXATION')).toMatchObject({ fix, docs });
    for (const f of json.findings)
      expect(f).toMatchObject({ fix: expect.any(String), docs: expect.stringMatching(/#[a-z-]+$/) });
    expect(r.stdout.split('\n').find((l) => l.includes('title=SESS-FIXATION'))).toContain(`Fix: ${fix} (${docs})`);
    expect(readFileSync(files.junit, 'utf8')).toMatch(
      /<failure [^>]*>high: [^<]*\nfix: Reject unknown ids \(PHP: session\.use_strict_mode=1\)[^<]*\ndocs: https:\/\/unpkg\.com\/sessctl\/docs\/checks\.md#sess-fixation<\/failure>/,
    );
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8')).runs[0];
    expect(sarif.tool.driver.rules.find((x: { id: string }) => x.id === 'SESS-FIXATION').helpUri).toBe(docs);
    expect(sarif.results.find((x: { ruleId: string }) => x.ruleId === 'SESS-FIXATION')).toMatchObject({
      message: { text: expect.stringContaining(`Fix: ${fix}`) },
      properties: { fix, docs },
    });
    const text = await sessctl(['--format', 'text', 'probe', target.url]);
    expect(text.stdout).toMatch(/SESS-FIXATION[^\n]*\n(.*\n)+? {11}fix: Reject unknown ids/);
    expect(text.stdout).toContain(`docs: ${docs}`);
  });

  it('honours --fail-on: none and critical pass, high fails', async () => {
    expect((await sessctl(['--fail-on', 'none', 'probe', target.url])).code).toBe(0);
    expect((await sessctl(['--fail-on', 'critical', 'probe', target.url])).code).toBe(0);
    expect((await sessctl(['--fail-on', 'high', 'probe', target.url])).code).toBe(1);
  });

  it('writes github annotations to stdout and valid JUnit and SARIF files in one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessctl-probe-'));
    const junitFile = join(dir, 'probe.xml');
    const sarifFile = join(dir, 'probe.sarif');
    const r = await sessctl([
      '--format',
      'github',
      '--output',
      `junit=${junitFile}`,
      '--output',
      `sarif=${sarifFile}`,
      'probe',
      target.url,
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^::error title=SESS-FIXATION \(high\)%3A Server adopts an attacker-chosen session id::/);
    expect(lines.some((l) => l.startsWith('::warning title=SESS-PREFLIGHT-MINT'))).toBe(true);

    const junit = parseJunit(readFileSync(junitFile, 'utf8'));
    expect(junit.cases.map((c) => c.name.split(' ')[0])).toEqual([...CHECK_IDS]);
    expect(junit.cases.find((c) => c.name.startsWith('SESS-FIXATION '))?.failure).toMatch(/^high: /);
    // a low finding below the default --fail-on medium is not a failure
    expect(junit.cases.find((c) => c.name.startsWith('SESS-PREFLIGHT-MINT '))?.failure).toMatch(/^medium: /);
    expect(junit.cases.find((c) => c.name.startsWith('SESS-LOGOUT '))?.skipped).toMatch(/^skip: /);
    expect(junit.root).toMatchObject({ tests: String(CHECK_IDS.length), failures: '2', errors: '0' });

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const rules = sarif.runs[0].tool.driver.rules as Array<{
      id: string;
      shortDescription: { text: string };
      help: { text: string };
      properties: Record<string, unknown>;
    }>;
    expect(rules.map((x) => x.id)).toEqual([...CHECK_IDS]);
    for (const rule of rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    const results = sarif.runs[0].results as Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: unknown[];
    }>;
    expect(results.length).toBeGreaterThan(0);
    for (const res of results) {
      expect(rules.map((x) => x.id)).toContain(res.ruleId);
      expect(['note', 'warning', 'error']).toContain(res.level);
      expect(res.locations).toHaveLength(1);
    }
    expect(results.find((x) => x.ruleId === 'SESS-FIXATION')?.level).toBe('error');
    expect(results.find((x) => x.ruleId === 'SESS-PREFLIGHT-MINT')?.level).toBe('warning');
  });

  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY in github mode', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sessctl-summary-')), 'summary.md');
    const r = await sessctl(['--format', 'github', 'probe', target.url], { env: { GITHUB_STEP_SUMMARY: file } });
    expect(r.code).toBe(1);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^### sessctl: \d+ findings for `http:/);
    expect(md.split('\n').find((l) => l.startsWith('| high |'))).toMatch(/`SESS-FIXATION`/);
  });

  it('prints the text report with the learned model', async () => {
    const r = await sessctl(['--format', 'text', 'probe', target.url]);
    expect(r.stdout).toMatch(/Session model\n {2}session cookie {2}sid\n {2}cookie {10}persists/);
    expect(r.stdout).toMatch(/HIGH +SESS-FIXATION/);
    expect(r.stdout).not.toMatch(/sid=[A-Za-z0-9_-]{20,}/);
  });

  it('exits 3 with one line when the target is unreachable', async () => {
    const r = await sessctl(['probe', 'http://127.0.0.1:1/api/me']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('sessctl: cannot reach http://127.0.0.1:1: connection refused');
  });

  it('exits 3 when the --store is unreachable, before probing', async () => {
    const before = target.received!.length;
    const r = await sessctl(['probe', target.url, '--store', 'redis://127.0.0.1:1']);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(/^sessctl: cannot connect to redis:\/\/127\.0\.0\.1:1/);
    expect(target.received!.length).toBe(before);
  });

  it('exits 2 on bad arguments before sending anything', async () => {
    const before = target.received!.length;
    expect((await sessctl(['probe'])).code).toBe(2);
    expect((await sessctl(['probe', 'ftp://x/'])).code).toBe(2);
    expect((await sessctl(['probe', target.url, '--origin', 'not an origin'])).code).toBe(2);
    expect((await sessctl(['probe', target.url, '--expect', 'carrier-pigeon'])).code).toBe(2);
    expect((await sessctl(['probe', target.url, '--ttl', '30'])).code).toBe(2);
    expect(target.received!.length).toBe(before);
  });
});
