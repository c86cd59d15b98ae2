import type { DemoReport, DemoSide } from '../../demo/run-demo.js';
import { fmtInt, fmtShare } from '../format-number.js';
import { classFigure } from './class-figure.js';
import { dataTable } from './data-table.js';
import { html, type Html } from './html.js';
import { page } from './page.js';

const TITLE = { naive: 'naive (express-session style)', sessctl: 'sessctl/middleware' } as const;

/**
 * `--format html` for demo: the two apps side by side. The same traffic went to each; the page
 * shows what reached each store as two class charts next to each other, the figures in one table,
 * and what the probe found in each.
 */
export function renderDemoHtml(report: DemoReport): string {
  const { naive, sessctl } = report.apps;
  const store = report.store === 'embedded' ? 'embedded in-process store' : report.store;
  const t = naive.traffic;
  const n = naive.summary;
  const s = sessctl.summary;
  const share = (x: number, of: number) => (x === 0 ? '0' : `${fmtInt(x)} (${fmtShare(x, of)})`);
  return page({
    title: 'sessctl demo — the same app, two session layers',
    subtitle: `${store} · ${(report.durationMs / 1000).toFixed(1)}s · to each: ${fmtInt(t.requests)} requests from ${fmtInt(t.visitors.users)} users who log in (${fmtInt(t.preflights)} preflights), ${fmtInt(t.visitors.anonymous)} anonymous visitors, ${fmtInt(t.visitors.monitors)} health checks`,
    body: html`<section class="block">
        <h2>what reached the store</h2>
        <div class="side">${[naive, sessctl].map((side) => sideColumn(side))}</div>
      </section>
      <section class="block">
        <h2>side by side</h2>
        ${dataTable(
          'the figures each verdict rests on',
          [{ head: '' }, { head: TITLE.naive, numeric: true }, { head: TITLE.sessctl, numeric: true }],
          [
            [
              'Set-Cookie sent (on preflights)',
              `${fmtInt(naive.traffic.setCookies)} (${fmtInt(naive.traffic.preflightCookies)})`,
              `${fmtInt(sessctl.traffic.setCookies)} (${fmtInt(sessctl.traffic.preflightCookies)})`,
            ],
            ['sessions in the store', fmtInt(n.sessions), fmtInt(s.sessions)],
            ['… created by the probe', fmtInt(n.byProbe), fmtInt(s.byProbe)],
            ['live', share(n.live, n.sessions), share(s.live, s.sessions)],
            ['empty', share(n.empty, n.sessions), share(s.empty, s.sessions)],
            ['never read again', share(n.neverRead, n.sessions), share(s.neverRead, s.sessions)],
            ['orphans (scan)', share(n.orphans, n.sessions), share(s.orphans, s.sessions)],
            ['keys one preflight wrote', fmtInt(n.preflightKeys), fmtInt(s.preflightKeys)],
            ['probe findings', fmtInt(n.findings.length), fmtInt(s.findings.length)],
          ],
        )}
      </section>`,
  });
}

function sideColumn(side: DemoSide): Html {
  const scan = side.scan;
  return html`<div class="app" data-app="${side.name}">
    <h3>${TITLE[side.name]}</h3>
    <p class="muted"><code>${side.url}</code> · store <code>${scan.store.url}</code></p>
    ${classFigure(side.name, { classes: scan.classes, sessions: scan.totals.sessions, orphans: scan.totals.orphans })}
    <h3>probe findings</h3>
    ${
      side.probe.findings.length === 0
        ? html`<p class="holds">none</p>`
        : html`<ul>
            ${side.probe.findings.map(
              (f) =>
                html`<li>
                  <span class="sev sev-${f.severity}">${f.severity}</span> <a href="${f.docs}"><code>${f.id}</code></a>
                  ${f.title}
                </li>`,
            )}
          </ul>`
    }
  </div>`;
}
