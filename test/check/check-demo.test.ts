import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN } from '../../src/demo/demo-routes.js';
import { startDemo, type RunningDemo } from '../../src/demo/start-demo.js';
import { traffic } from '../../src/demo/traffic.js';
import { sessctl } from '../harness/cli.js';
import { findAll, parseXml } from './xml.js';

// The demo apps are real apps with a real session layer each: the naive one has the preflight bug.
let demo: RunningDemo;
const dir = mkdtempSync(join(tmpdir(), 'sessctl-check-demo-'));

beforeAll(async () => {
  demo = await startDemo();
  for (const app of [demo.naive, demo.sessctl]) {
    const t = traffic(app.url);
    await t.arrive();
    await t.close();
  }
});
afterAll(() => demo?.close());

const writeConfig = (name: string, config: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
};
const probeOf = (url: string, name: string) => ({ name, url: `${url}/api/me`, origin: DEMO_ORIGIN });

describe('sessctl check against the demo apps', () => {
  it('fails the naive app (exit 1) and writes JUnit and SARIF naming SESS-PREFLIGHT-MINT', async () => {
    const config = writeConfig('naive.json', {
      failOn: 'low',
      probes: [probeOf(demo.naive.url, 'naive-app')],
      scans: [
        { name: 'naive-store', store: demo.naive.storeUrl, minAge: '0s', maxShare: { empty: 0.05, 'no-ttl': 0 } },
      ],
    });
    const junitFile = join(dir, 'naive.xml');
    const sarifFile = join(dir, 'naive.sarif');
    const r = await sessctl([
      'check',
      '--config',
      config,
      '--output',
      `junit=${junitFile}`,
      '--output',
      `sarif=${sarifFile}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('SESS-PREFLIGHT-MINT');
    expect(r.stdout).toMatch(/result: [^]*→ exit 1/);

    const junit = parseXml(readFileSync(junitFile, 'utf8'));
    expect(junit.name).toBe('testsuites');
    const suites = findAll(junit, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['sessctl naive-app', 'sessctl naive-store']);
    const mint = findAll(suites[0]!, 'testcase').find((c) => c.attrs.name === 'SESS-PREFLIGHT-MINT naive-app');
    expect(mint?.attrs.classname).toBe('session');
    const failure = mint?.children.find((c) => c.name === 'failure');
    expect(failure?.attrs.type).toBe('medium');
    expect(failure?.text).toMatch(/preflight/i);
    const share = findAll(suites[1]!, 'testcase').find((c) => c.attrs.name === 'SCAN-SHARE-EMPTY naive-store');
    expect(share?.children.map((c) => c.name)).toContain('failure');
    // The scan's own findings are reported, but the thresholds decide: no failure for SCAN-ORPHANS.
    const orphans = findAll(suites[1]!, 'testcase').find((c) => c.attrs.name === 'SCAN-ORPHANS naive-store');
    expect(orphans?.children.map((c) => c.name)).toEqual(['system-out']);
    expect(Number(junit.attrs.failures)).toBe(findAll(junit, 'failure').length);

    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'SESS-PREFLIGHT-MINT');
    expect(result).toBeDefined();
    expect(result.level).toBe('warning');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/naive\.json$/);
    // anchored at the line of the probe's url in the config
    const line = readFileSync(config, 'utf8').split('\n')[result.locations[0].physicalLocation.region.startLine - 1];
    expect(line).toContain(`"url": "${demo.naive.url}/api/me"`);
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'SESS-PREFLIGHT-MINT');
    expect(rule.properties['security-severity']).toBe('5.0');
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it('passes the sessctl app (exit 0) with the same config', async () => {
    const config = writeConfig('sessctl.json', {
      failOn: 'low',
      probes: [probeOf(demo.sessctl.url, 'sessctl-app')],
      scans: [
        { name: 'sessctl-store', store: demo.sessctl.storeUrl, minAge: '0s', maxShare: { empty: 0.05, 'no-ttl': 0 } },
      ],
    });
    const junitFile = join(dir, 'sessctl.xml');
    const r = await sessctl(['check', '--config', config, '--format', 'json', '--output', `junit=${junitFile}`]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe('sessctl-check/1');
    expect(report.summary).toMatchObject({ targets: 2, incomplete: 0, failing: 0, exitCode: 0 });
    expect(report.targets[0].report.findings).toEqual([]);
    expect(report.targets[1].thresholds.map((t: { id: string; pass: boolean }) => [t.id, t.pass])).toEqual([
      ['SCAN-SHARE-EMPTY', true],
      ['SCAN-SHARE-NO-TTL', true],
    ]);
    const junit = parseXml(readFileSync(junitFile, 'utf8'));
    expect(findAll(junit, 'failure')).toEqual([]);
    expect(findAll(junit, 'testcase').length).toBeGreaterThan(10);
  });

  it('the command line --fail-on wins over the config, and an ignored check never fails', async () => {
    const config = writeConfig('naive-probe.json', { failOn: 'low', probes: [probeOf(demo.naive.url, 'naive-app')] });
    expect((await sessctl(['check', '--config', config])).code).toBe(1);
    expect((await sessctl(['--fail-on', 'high', 'check', '--config', config])).code).toBe(0);
    const ignoring = writeConfig('naive-ignore.json', {
      failOn: 'low',
      probes: [{ ...probeOf(demo.naive.url, 'naive-app'), ignore: ['SESS-PREFLIGHT-MINT', 'COOKIE-SAMESITE-MISSING'] }],
    });
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await sessctl(['check', '--config', ignoring, '--format', 'github'], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n### ✅ sessctl check: passed')).toBe(true);
    expect(md).toMatch(
      /^\| naive-app \| probe \| • not gating \| `SESS-PREFLIGHT-MINT` \| medium \| .*\(ignored by the config\)\. Fix: Mount cors\(\) before session\(\).*checks\.md#sess-preflight-mint\)\) \|$/m,
    );
    expect(r.stdout).toMatch(
      /^::notice file=.*naive-ignore\.json,line=\d+,title=SESS-PREFLIGHT-MINT \(medium\)%3A CORS preflight mints a session::.*\[ignored by the config\] Fix: Mount cors.*#sess-preflight-mint\)$/m,
    );
    expect(r.stdout).not.toMatch(/^::error/m);
  });

  it('an unreachable target outranks findings: exit 3, and the reports are still written', async () => {
    const config = writeConfig('unreachable.json', {
      failOn: 'low',
      probes: [probeOf(demo.naive.url, 'naive-app')],
      scans: [{ name: 'gone', store: 'redis://127.0.0.1:1', timeout: '5s' }],
    });
    const junitFile = join(dir, 'unreachable.xml');
    const r = await sessctl(['check', '--config', config, '--output', `junit=${junitFile}`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/scan\s+gone\s+redis:\/\/127\.0\.0\.1:1\s+INCOMPLETE/);
    const junit = parseXml(readFileSync(junitFile, 'utf8'));
    expect(findAll(junit, 'failure').length).toBeGreaterThan(0);
    const errors = findAll(junit, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.attrs.message).toMatch(/127\.0\.0\.1:1/);
  });
});
