import type { CheckItem, CheckReport } from '../check/check-report.js';
import { whyNotFailing } from './check-github.js';

/**
 * JUnit XML in the subset GitLab, Jenkins and the common GitHub reporters all read
 * (research/probe-and-ci.md §7.1): one testsuite per probe or scan, one testcase per check id or
 * threshold. Only failing items are <failure>s; findings below failOn pass with a note, so the
 * test report agrees with the exit code.
 */
export function renderCheckJunit(report: CheckReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.targets.flatMap((t) => t.items);
  const n = (items: CheckItem[]) => ({
    tests: items.length,
    failures: items.filter((i) => i.failing).length,
    errors: items.filter((i) => i.status === 'error').length,
    skipped: items.filter((i) => i.status === 'skip' || i.status === 'unknown').length,
  });
  const attrs = (o: Record<string, string | number | undefined>) =>
    Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${xml(String(v))}"`).join('');
  const total = n(all);
  out.push(`<testsuites${attrs({ name: 'sessctl check', ...total, time: secs(report.durationMs) })}>`);
  for (const t of report.targets) {
    out.push(`  <testsuite${attrs({ name: t.name, ...n(t.items), time: secs(t.durationMs), file: report.config })}>`);
    for (const item of t.items) {
      const head = `    <testcase${attrs({ classname: t.name, name: item.id, file: report.config, line: t.line, time: 0 })}`;
      const body = caseBody(item);
      out.push(body ? `${head}>\n${body}\n    </testcase>` : `${head}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function caseBody(i: CheckItem): string {
  const text = `${i.title}: ${i.message}`;
  if (i.status === 'error') return `      <error${a('message', i.message)} type="incomplete">${xml(text)}</error>`;
  if (i.failing) return `      <failure${a('message', `${i.title} (${i.severity})`)}${a('type', i.severity ?? 'fail')}>${xml(text)}</failure>`;
  if (i.status === 'skip' || i.status === 'unknown') return `      <skipped${a('message', i.message)}/>`;
  if (i.status === 'fail') {
    const why = whyNotFailing(i);
    return `      <system-out>${xml(`finding (${i.severity}, ${why}): ${text}`)}</system-out>`;
  }
  return '';
}

const a = (k: string, v: string) => ` ${k}="${xml(v)}"`;
const secs = (ms: number) => (ms / 1000).toFixed(3);

/** XML 1.0 text: escape markup and drop the control characters XML cannot carry at all. */
export function xml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
