import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sessctl-allow-empty-'));
const config = (name: string, scan: Record<string, unknown>) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ scans: [{ store: 'memory://nothing-here', name: 'sessions', ...scan }] }));
  return file;
};

describe('sessctl check: a scan that matches nothing (issue 20 §2)', () => {
  it('is UNKNOWN and exits 3, never "PASS · 0 sessions in 0 keys"', async () => {
    const r = await sessctl([
      '--format',
      'text',
      'check',
      '--config',
      config('empty.json', { maxShare: { orphan: 0.1 } }),
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/scan {2}sessions {2}memory:\/\/nothing-here {2}UNKNOWN \(0 sessions\)/);
    expect(r.stdout).toMatch(/\? +SCAN-EMPTY +0 sessions in 0 keys/);
    expect(r.stdout).not.toMatch(/PASS/);
    const json = JSON.parse(
      (await sessctl(['--format', 'json', 'check', '--config', config('empty2.json', {})])).stdout,
    );
    expect(json.targets[0]).toMatchObject({ complete: false, items: [{ id: 'SCAN-EMPTY', status: 'unknown' }] });
    expect(json.summary.exitCode).toBe(3);
  });

  it('passes with "allowEmpty": true', async () => {
    const r = await sessctl(['--format', 'text', 'check', '--config', config('allowed.json', { allowEmpty: true })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS/);
  });
});
