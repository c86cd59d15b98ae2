import { Chalk } from 'chalk';
import type { PrefixReport, ScanReport } from '../scan/types.js';
import { CLASS_IDS } from '../scan/types.js';
import { hbar, sparklineCells } from './bar-chart.js';
import { fmtBytes, fmtInt, fmtSeconds, fmtShare } from './format-number.js';
import { dumpLine } from './dump-line.js';
import { verdict } from './scan-verdict.js';
import { columnStart, fitColumns, tableLines, type ColumnSpec } from './table.js';
import { afterTitle, DEFAULT_WIDTH, wrap } from './wrap.js';

const SEVERITY_COLOR = { info: 'gray', low: 'cyan', medium: 'yellow', high: 'red', critical: 'magenta' } as const;

/** Findings: severity, id, prefix (cut when long), what it counts (wraps); lower floors when narrow. */
const findingColumns = (width: number): ColumnSpec[] => [
  {},
  {},
  { shrink: 'truncate', shrinkTo: Math.min(12, Math.floor(width / 8)) },
  { shrink: 'wrap', shrinkTo: Math.min(20, Math.floor(width / 4)) },
];
/** Class rows: name, count and share right-aligned (as wide as before at least), bar, bytes. */
const CLASS_COLUMNS: ColumnSpec[] = [
  { minWidth: 12 },
  { align: 'right', minWidth: 10 },
  { align: 'right', minWidth: 6 },
  {},
  {},
];
/** The bars' width at full scale; narrower only when the terminal is. */
const BAR = 24;

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
  for (const p of report.problems) out.push(c.red(wrap(p, width, { first: '  ! ', indent: '    ' })));

  const sessions = report.prefixes.filter((p) => p.sessions > 0);
  const others = report.prefixes.filter((p) => p.sessions === 0);
  for (const p of sessions) out.push('', ...prefixBlock(p, c, s.url, width));
  if (others.length) {
    const shown = others.slice(0, 6).map((p) => `${p.prefix || '(no prefix)'} ${fmtInt(p.count)}`);
    out.push(
      '',
      c.dim(
        wrap(
          `other keys (not sessions): ${shown.join(', ')}${others.length > 6 ? `, … ${others.length - 6} more prefixes` : ''}`,
          width,
          { indent: '  ' },
        ),
      ),
    );
  }
  if (!sessions.length)
    out.push('', 'no sessions found' + (report.options.match ? ` matching ${report.options.match}` : ''));

  out.push('');
  if (report.findings.length) {
    out.push(c.bold('findings'));
    const rows = report.findings.map((f) => [
      c[SEVERITY_COLOR[f.severity]](f.severity),
      f.id,
      f.prefix !== undefined ? f.prefix || '(no prefix)' : '',
      f.prefix !== undefined ? `${fmtInt(f.count ?? 0)} of its sessions (${fmtShare(f.share ?? 0, 1)})` : '',
    ]);
    out.push(...tableLines(rows, { width, columns: findingColumns(width), gap: 2 }));
  } else out.push(c.green('no findings'));
  return `${out.join('\n')}\n`;
}

function prefixBlock(p: PrefixReport, c: InstanceType<typeof Chalk>, storeUrl: string, width: number): string[] {
  const lines: string[] = [];
  const name = p.prefix || '(no prefix)';
  const head = afterTitle(
    name,
    `${p.framework} (${p.format}) · ${fmtInt(p.sessions)} session${p.sessions === 1 ? '' : 's'} · ${fmtBytes(p.bytes)}` +
      (p.initialTtlS ? ` · initial TTL ${fmtSeconds(p.initialTtlS)}` : ''),
    width,
  );
  lines.push(c.bold(name) + head);
  if (p.layout)
    lines.push(
      wrap(`${p.layout.templates.join(', ')} (${p.layout.source}, ${p.layout.confidence} confidence)`, width, {
        first: '  layout  ',
        indent: '          ',
      }),
    );
  const classRows = (bar: number) => [
    ...CLASS_IDS.flatMap((id) => {
      const cc = p.classes[id];
      if (!cc) return [];
      return [
        [
          id,
          fmtInt(cc.count),
          fmtShare(cc.count, p.sessions),
          c.cyan(hbar(cc.count / p.sessions, bar)),
          fmtBytes(cc.bytes),
        ],
      ];
    }),
    [
      'orphans',
      fmtInt(p.orphans.count),
      fmtShare(p.orphans.count, p.sessions),
      c.red(hbar(p.orphans.count / p.sessions, bar)),
      fmtBytes(p.orphans.bytes),
    ],
  ];
  // The bars give way first on a narrow terminal: the figures beside them are what is read.
  const full = fitColumns(classRows(BAR), { width, columns: CLASS_COLUMNS });
  const over = columnStart(full, 4) + full[4]! - width;
  const bar = over > 0 ? Math.max(8, BAR - over) : BAR;
  const classLayout = { width, columns: CLASS_COLUMNS };
  const widths = fitColumns(classRows(bar), classLayout);
  lines.push(...tableLines(classRows(bar), { ...classLayout, widths }));
  if (p.orphanEvidence === 'unprovable') {
    const under = ' '.repeat(columnStart(widths, 3));
    lines.push(c.yellow(wrap('(unprovable here: a lower bound)', width, { indent: under })));
  }
  // One table per histogram (their buckets differ); the name column keeps them in line.
  for (const [name, buckets] of [
    ['TTL', p.histograms.ttl],
    ['idle', p.histograms.idle],
    ['age', p.histograms.age],
    ['size', p.histograms.size],
  ] as const) {
    const [labels, sparks] = sparklineCells(buckets);
    const columns: ColumnSpec[] = [{ minWidth: 6 }, ...labels.map(() => ({}))];
    lines.push(
      ...tableLines(
        [
          [name, ...labels.map((l) => c.dim(l))],
          ['', ...sparks],
        ],
        { width, columns },
      ),
    );
  }
  lines.push(...signalLines(p, c, width));
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

/** `signals ✓ idle-time  ✗ payload …`, packed to the width (a mark stays with its signal), then why each failing one fails. */
function signalLines(p: PrefixReport, c: InstanceType<typeof Chalk>, width: number): string[] {
  const lines: string[] = [];
  let line = '  signals';
  let shown = line.length;
  for (const s of p.signals) {
    const item = `${s.holds ? c.green('✓') : c.yellow('✗')} ${s.signal}`;
    const len = 2 + s.signal.length;
    if (shown > 9 && shown + 2 + len > width) {
      lines.push(line);
      line = `${' '.repeat(10)}${item}`;
      shown = 10 + len;
    } else {
      line += `${shown > 9 ? '  ' : ' '}${item}`;
      shown += (shown > 9 ? 2 : 1) + len;
    }
  }
  lines.push(line);
  for (const s of p.signals.filter((x) => !x.holds))
    lines.push(c.dim(wrap(`${s.signal}: ${s.why}`, width, { first: ' '.repeat(10), indent: ' '.repeat(12) })));
  return lines;
}
