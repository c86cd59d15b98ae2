import { meetsFailOn } from '../severity.js';
import type { CiItem, CiRun } from './ci-item.js';

/**
 * JUnit XML in the subset GitLab, Jenkins and the GitHub test-report actions all read
 * (research §7.1): one testsuite per subject, one testcase per check. A failure only for findings
 * at or above --fail-on; findings below it stay visible in system-out; skip and unknown are skipped.
 */
export function renderJunit(run: CiRun): string {
  const counted = run.items.map((item) => ({ item, kind: kindOf(item, run) }));
  const n = (k: string) => counted.filter((c) => c.kind === k).length;
  const time = ((run.durationMs ?? 0) / 1000).toFixed(3);
  const attrs = `tests="${run.items.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}" time="${time}"`;
  const cases = counted.map(({ item, kind }) => testcase(item, kind, run.subject));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(run.tool.name)}" ${attrs}>`,
    `  <testsuite name="${esc(`${run.tool.name} ${run.subject}`)}" ${attrs} timestamp="${new Date().toISOString()}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

type Kind = 'failure' | 'error' | 'skipped' | 'passed';

function kindOf(item: CiItem, run: CiRun): Kind {
  if (item.status === 'error') return 'error';
  if (item.status === 'skip' || item.status === 'unknown') return 'skipped';
  if (item.status === 'fail' && meetsFailOn(item.severity, run.failOn)) return 'failure';
  return 'passed';
}

function testcase(item: CiItem, kind: Kind, subject: string): string {
  const open = `    <testcase classname="${esc(item.group ?? item.id.split('-')[0]!)}" name="${esc(`${item.id} ${subject}`)}" time="0">`;
  const msg = `${item.severity}: ${item.title}: ${item.message}`;
  const body: string[] = [];
  if (kind === 'failure') body.push(`      <failure message="${esc(msg)}" type="${esc(item.severity)}">${esc(msg)}</failure>`);
  if (kind === 'error') body.push(`      <error message="${esc(item.message)}" type="error">${esc(item.message)}</error>`);
  if (kind === 'skipped') body.push(`      <skipped message="${esc(`${item.status}: ${item.message}`)}"/>`);
  const out = item.status === 'fail' && kind === 'passed' ? `below --fail-on: ${msg}` : item.message;
  const evidence = item.evidence === undefined ? '' : `\n${JSON.stringify(item.evidence, null, 2)}`;
  body.push(`      <system-out>${esc(`${item.status}: ${out}${evidence}`)}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

/** XML 1.0 text and attribute escaping; characters XML cannot carry at all are replaced. */
export function esc(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
