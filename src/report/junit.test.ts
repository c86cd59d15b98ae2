import { describe, expect, it } from 'vitest';
import type { CiRun } from './ci-item.js';
import { escapeData, escapeProperty, renderGithub } from './github.js';
import { esc, renderJunit } from './junit.js';

const run: CiRun = {
  tool: { name: 'sessctl', version: '0.0.0' },
  subject: 'http://x/',
  failOn: 'medium',
  rules: [],
  items: [
    { id: 'A-ONE', severity: 'high', title: 'T <1>', status: 'fail', message: 'bad & "worse"' },
    { id: 'A-TWO', severity: 'low', title: 'T2', status: 'fail', message: 'minor' },
    { id: 'B-ONE', severity: 'info', title: 'T3', status: 'unknown', message: 'no signal' },
    { id: 'B-TWO', severity: 'info', title: 'T4', status: 'error', message: 'timeout' },
  ],
};

describe('CI renderers', () => {
  it('JUnit counts failures only at or above --fail-on, skips unknown, escapes XML', () => {
    const xml = renderJunit(run);
    expect(xml).toContain('tests="4" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('bad &amp; &quot;worse&quot;');
    expect(xml).toContain('<skipped message="unknown: no signal"/>');
    expect(esc('\x01<')).toBe('\ufffd&lt;');
  });

  it('GitHub annotations: checks that could not run first, then findings worst first, escaped per actions/toolkit', () => {
    const lines = renderGithub(run).split('\n');
    expect(lines[0]).toBe('::error title=B-TWO could not run::timeout');
    expect(lines[1]).toMatch(/^::error title=A-ONE \(high\)%3A T <1>::bad & "worse"/);
    expect(lines[2]).toMatch(/^::notice title=A-TWO/);
    expect(escapeData('50%\r\n')).toBe('50%25%0D%0A');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
});
