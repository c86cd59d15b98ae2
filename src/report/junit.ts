import { meetsFailOn } from '../severity.js';
import type { CiItem, CiRun } from './ci-item.js';

/**
 * JUnit XML in the subset GitLab, Jenkins and the GitHub test-report actions all read
 * (research §7.1): one testsuite per subject, one testcase per check. A failure only for findings
 * at or above --fail-on; findings below it stay visible in system-out; skip and unknown are skipped.
 * Several runs (`sessctl check`: one per probe or scan) become several testsuites in one document.
 */
export function renderJunit(input: CiRun | readonly CiRun[]): string {
  const runs: readonly CiRun[] = Array.isArray(input) ? input : [input as CiRun];
  const suites = runs.map((run) => {
    const counted = run.items.map((item) => ({ item, kind: kindOf(item, run) }));
    const n = (k: Kind) => counted.filter((c) => c.kind === k).length;
    return {
      run,
      counted,
      n: { tests: run.items.length, failure: n('failure'), error: n('error'), skipped: n('skipped') },
      ms: run.durationMs ?? 0,
    };
  });
  const sum = (k: 'tests' | 'failure' | 'error' | 'skipped') => suites.reduce((a, s) => a + s.n[k], 0);
  const attrs = (n: { tests: number; failure: number; error: number; skipped: number }, ms: number) =>
    `tests="${n.tests}" failures="${n.failure}" errors="${n.error}" skipped="${n.skipped}" time="${(ms / 1000).toFixed(3)}"`;
  const total = { tests: sum('tests'), failure: sum('failure'), error: sum('error'), skipped: sum('skipped') };
  const name = runs[0]?.tool.name ?? 'sessctl';
  const timestamp = new Date().toISOString();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" ${attrs(
      total,
      suites.reduce((a, s) => a + s.ms, 0),
    )}>`,
    ...suites.flatMap(({ run, counted, n, ms }) => [
      `  <testsuite name="${esc(`${run.tool.name} ${run.subject}`)}" ${attrs(n, ms)} timestamp="${timestamp}">`,
      ...counted.map(({ item, kind }) => testcase(item, kind, run.subject)),
      '  </testsuite>',
    ]),
    '</testsuites>',
    '',
  ].join('\n');
}

type Kind = 'failure' | 'error' | 'skipped' | 'passed';

function kindOf(item: CiItem, run: CiRun): Kind {
  if (item.status === 'error') return 'error';
  if (item.status === 'skip' || item.status === 'unknown') return 'skipped';
  if (item.status === 'fail' && (item.failing ?? meetsFailOn(item.severity, run.failOn))) return 'failure';
  return 'passed';
}

function testcase(item: CiItem, kind: Kind, subject: string): string {
  const open = `    <testcase classname="${esc(item.group ?? item.id.split('-')[0]!)}" name="${esc(`${item.id} ${subject}`)}" time="0">`;
  const msg = `${item.severity}: ${item.title}: ${item.message}`;
  const fix = item.fix ? `\nfix: ${item.fix}${item.docs ? `\ndocs: ${item.docs}` : ''}` : '';
  const body: string[] = [];
  if (kind === 'failure')
    body.push(`      <failure message="${esc(msg)}" type="${esc(item.severity)}">${esc(msg + fix)}</failure>`);
  if (kind === 'error')
    body.push(`      <error message="${esc(item.message)}" type="error">${esc(item.message)}</error>`);
  if (kind === 'skipped') body.push(`      <skipped message="${esc(`${item.status}: ${item.message}`)}"/>`);
  const out = item.status === 'fail' && kind === 'passed' ? `${item.note ?? 'below --fail-on'}: ${msg}` : item.message;
  const evidence = item.evidence === undefined ? '' : `\n${JSON.stringify(item.evidence, null, 2)}`;
  body.push(`      <system-out>${esc(`${item.status}: ${out}${fix}${evidence}`)}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

/** XML 1.0 text and attribute escaping; characters XML cannot carry at all are replaced. */
export function esc(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
