import type { ScanReport } from '../../scan/types.js';
import { dumpLine } from '../dump-line.js';
import { fmtBytes, fmtInt, fmtShare } from '../format-number.js';
import { classFigure } from './class-figure.js';
import { dataTable } from './data-table.js';
import { findingList } from './finding-list.js';
import { html, type Html } from './html.js';
import { fact, page } from './page.js';
import { prefixSection } from './prefix-section.js';

/** `--format html` for scan: a summary, the findings, then one section per session prefix. */
export function renderScanHtml(report: ScanReport): string {
  const s = report.store;
  return page({
    title: `sessctl scan — ${s.url}`,
    subtitle: `${s.kind} · ${s.version} · ${s.nodes.length} node${s.nodes.length === 1 ? '' : 's'} · ${(report.durationMs / 1000).toFixed(1)}s${report.complete ? '' : ' · INCOMPLETE'}`,
    body: scanBody(report),
  });
}

/** The scan's content without the page around it (the demo puts two side by side). */
export function scanBody(report: ScanReport): Html {
  const sessions = report.prefixes.filter((p) => p.sessions > 0);
  const others = report.prefixes.filter((p) => p.sessions === 0);
  return html`${scanSummary(report)} ${findingList(report.findings)}
  ${
    sessions.length > 1
      ? html`<section class="block">
          <h2>all sessions</h2>
          ${classFigure('all prefixes', { classes: report.classes, sessions: report.totals.sessions, orphans: report.totals.orphans })}
        </section>`
      : null
  }
  ${sessions.map((p) => prefixSection(p, report.store.url))}
  ${sessions.length ? null : html`<p>no sessions found${report.options.match ? ` matching ${report.options.match}` : ''}</p>`}
  ${
    others.length
      ? html`<section class="block">
          <h2>other keys (not sessions)</h2>
          ${dataTable(
            'prefixes that hold no sessions',
            [{ head: 'prefix' }, { head: 'keys', numeric: true }, { head: 'bytes', numeric: true }],
            others.map((p) => [html`<code>${p.prefix || '(no prefix)'}</code>`, fmtInt(p.count), fmtBytes(p.bytes)]),
          )}
        </section>`
      : null
  }`;
}

function scanSummary(report: ScanReport): Html {
  const s = report.store;
  const t = report.totals;
  const trust = !s.idleTrust.usable ? 'not usable' : s.idleTrust.reasons.length ? 'usable, with caveats' : 'usable';
  return html`<section class="summary" aria-label="summary">
    <div class="facts">
      ${fact(html`<code>${s.url}</code>`, `${s.kind} store`)}${fact(s.version, 'version')}${fact(fmtInt(t.keys), 'keys scanned')}${fact(fmtInt(t.sessions), 'sessions')}${fact(
        `${fmtInt(t.orphans.count)} (${fmtShare(t.orphans.count, t.sessions)})`,
        `orphans · ${fmtBytes(t.orphans.bytes)}`,
      )}${fact(fmtBytes(t.bytes), 'session bytes')}
    </div>
    ${s.dump ? html`<p>dump: ${dumpLine(s.dump)}</p>` : null}
    <p>
      idle times:
      <b>${trust}</b>${s.idleTrust.from ? ` (${s.idleTrust.from})` : s.noTouch ? ' (read without touching)' : ''}
    </p>
    ${
      s.idleTrust.reasons.length
        ? html`<ul class="trust">
            ${s.idleTrust.reasons.map((r) => html`<li>${r}</li>`)}
          </ul>`
        : null
    }
    ${
      report.problems.length
        ? html`<ul class="problems">
            ${report.problems.map((p) => html`<li>${p}</li>`)}
          </ul>`
        : null
    }
    <p class="muted">
      estimate before the walk: ${fmtInt(report.estimate.keys)} keys · options: match
      ${report.options.match ?? '(all)'}, min age ${report.options.minAgeS}s, stale
      ${report.options.staleS}s${report.options.values ? '' : ', payloads not read'}
    </p>
  </section>`;
}
