import { Chalk } from 'chalk';
import type { PrefixReport, ScanReport } from '../scan/types.js';
import { CLASS_IDS } from '../scan/types.js';
import { hbar, labelledSparkline } from './bar-chart.js';
import { fmtBytes, fmtInt, fmtSeconds, fmtShare } from './format-number.js';
import { dumpLine } from './dump-line.js';
import { verdict } from './scan-verdict.js';
import { DEFAULT_WIDTH, wrap } from './wrap.js';

const SEVERITY_COLOR = { info: 'gray', low: 'cyan', medium: 'yellow', high: 'red', critical: 'magenta' } as const;

/** The TTY report: a header, one block per session prefix, other keys in one line, findings. */
export function renderScanTable(report: ScanReport, options: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const s = report.store;
  const width = options.width ?? DEFAULT_WIDTH;
  out.push(
    c.bold('sessctl scan') +
      wrap(
        `${s.url} · ${s.version} · ${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'} · ` +
          `${fmtInt(report.totals.keys)} keys, ${fmtInt(report.totals.sessions)} sessions in ${(report.durationMs / 1000).toFixed(1)}s` +
          (report.complete ? '' : ` · ${c.red('INCOMPLETE')}`),
        width,
        { first: 'sessctl scan ', indent: '  ' },
      ).slice('sessctl scan'.length),
  );
  out.push(
    `  estimate before the walk: ${fmtInt(report.estimate.keys)} keys${report.estimate.withoutTtl !== undefined ? `, ${fmtInt(report.estimate.withoutTtl)} without TTL` : ''}`,
  );
  if (s.dump) out.push(`  dump: ${dumpLine(s.dump)}`);
  // Usable with reasons beside it is a qualified yes: yellow, never a green above caveats.
  const usable = s.idleTrust.reasons.length ? c.yellow('usable, with caveats') : c.green('usable');
  out.push(
    `  idle times ${s.idleTrust.usable ? usable : c.red('not usable')}${s.idleTrust.from ? ` (${s.idleTrust.from})` : s.noTouch ? ' (read without touching)' : ''}`,
  );
  for (const r of s.idleTrust.reasons) out.push(wrap(r, width, { first: '    · ', indent: '      ' }));
  for (const p of report.problems) out.push(c.red(`  ! ${p}`));

  const sessions = report.prefixes.filter((p) => p.sessions > 0);
  const others = report.prefixes.filter((p) => p.sessions === 0);
  for (const p of sessions) out.push('', ...prefixBlock(p, c, s.url, options.width ?? DEFAULT_WIDTH));
  if (others.length) {
    const shown = others.slice(0, 6).map((p) => `${p.prefix || '(no prefix)'} ${fmtInt(p.count)}`);
    out.push(
      '',
      c.dim(
        `other keys (not sessions): ${shown.join(', ')}${others.length > 6 ? `, … ${others.length - 6} more prefixes` : ''}`,
      ),
    );
  }
  if (!sessions.length)
    out.push('', 'no sessions found' + (report.options.match ? ` matching ${report.options.match}` : ''));

  out.push('');
  if (report.findings.length) {
    out.push(c.bold('findings'));
    for (const f of report.findings) {
      const sev = c[SEVERITY_COLOR[f.severity]](f.severity.padEnd(6));
      const what =
        f.prefix !== undefined
          ? `  ${f.prefix || '(no prefix)'}  ${fmtInt(f.count ?? 0)} of its sessions (${fmtShare(f.share ?? 0, 1)})`
          : '';
      out.push(`  ${sev} ${f.id.padEnd(19)}${what}`);
    }
  } else out.push(c.green('no findings'));
  return `${out.join('\n')}\n`;
}

function prefixBlock(p: PrefixReport, c: InstanceType<typeof Chalk>, storeUrl: string, width: number): string[] {
  const lines: string[] = [];
  lines.push(
    `${c.bold(p.prefix || '(no prefix)')}  ${p.framework} (${p.format}) · ${fmtInt(p.sessions)} session${p.sessions === 1 ? '' : 's'} · ${fmtBytes(p.bytes)}` +
      (p.initialTtlS ? ` · initial TTL ${fmtSeconds(p.initialTtlS)}` : ''),
  );
  if (p.layout)
    lines.push(`  layout  ${p.layout.templates.join(', ')} (${p.layout.source}, ${p.layout.confidence} confidence)`);
  for (const id of CLASS_IDS) {
    const cc = p.classes[id];
    if (!cc) continue;
    const share = cc.count / p.sessions;
    lines.push(
      `  ${id.padEnd(12)} ${fmtInt(cc.count).padStart(10)} ${fmtShare(cc.count, p.sessions).padStart(6)} ${c.cyan(hbar(share, 24))} ${fmtBytes(cc.bytes)}`,
    );
  }
  lines.push(
    `  ${'orphans'.padEnd(12)} ${fmtInt(p.orphans.count).padStart(10)} ${fmtShare(p.orphans.count, p.sessions).padStart(6)} ${c.red(hbar(p.orphans.count / p.sessions, 24))} ${fmtBytes(p.orphans.bytes)}` +
      (p.orphanEvidence === 'unprovable' ? c.yellow('  (unprovable here: a lower bound)') : ''),
  );
  for (const [name, buckets] of [
    ['TTL', p.histograms.ttl],
    ['idle', p.histograms.idle],
    ['age', p.histograms.age],
    ['size', p.histograms.size],
  ] as const) {
    const [top, bottom] = labelledSparkline(buckets);
    lines.push(`  ${name.padEnd(6)} ${c.dim(top)}`, `  ${''.padEnd(6)} ${bottom}`);
  }
  lines.push(`  signals ${p.signals.map((s) => `${s.holds ? c.green('✓') : c.yellow('✗')} ${s.signal}`).join('  ')}`);
  for (const s of p.signals.filter((x) => !x.holds)) lines.push(c.dim(`          ${s.signal}: ${s.why}`));
  if (p.examples.length)
    lines.push(
      wrap(p.examples.map((e) => `${e.key} [${e.classes.join(',')}]`).join(' '), width, {
        first: '  examples ',
        indent: '           ',
      }),
    );
  lines.push(
    wrap(verdict(p, { storeUrl }), width, { first: '  verdict ', indent: '          ' }).replace(
      'verdict',
      c.bold('verdict'),
    ),
  );
  return lines;
}
