import type { CleanReport } from '../../clean/types.js';
import { fmtBytes, fmtInt, fmtSeconds } from '../format-number.js';
import { resultBars, selectionBars, type CleanBar } from './clean-bars.js';
import { dataTable } from './data-table.js';
import { hbarChartSvg } from './hbar-chart-svg.js';
import { html, type Html } from './html.js';
import { fact, page } from './page.js';

/** `--format html` for clean: the plan of a dry run, or what an applied run deleted and kept, and how to undo it. */
export function renderCleanHtml(r: CleanReport): string {
  const p = r.policy;
  const selection =
    `${p.classes.join(', ')} sessions older than ${fmtSeconds(p.minAgeS)}` +
    (p.match ? ` matching ${p.match}` : '') +
    (p.layouts.length ? ` · custom layers ${p.layouts.join(', ')}` : '') +
    (p.fixTtlS !== null ? ` · no-TTL sessions get a ${fmtSeconds(p.fixTtlS)} expiry instead` : '') +
    (p.maxDelete !== null ? ` · at most ${fmtInt(p.maxDelete)} deletes` : '');
  return page({
    title: `sessctl clean — ${r.store.url}`,
    subtitle: `${r.store.version} · ${r.applied ? 'APPLIED' : 'DRY RUN (nothing changed)'} · ${(r.durationMs / 1000).toFixed(1)}s${r.complete ? '' : ' · INCOMPLETE'}`,
    body: html`<section class="summary" aria-label="summary">
        <div class="facts">
          ${fact(fmtInt(r.scanned.keys), r.planFrom ? `keys in ${r.planFrom.url}` : 'keys scanned')}${fact(
            fmtInt(r.selected.count),
            `selected · ${fmtBytes(r.selected.bytes)}`,
          )}${
            r.result
              ? html`${fact(fmtInt(r.result.deleted), `deleted · ${fmtBytes(r.result.bytesFreed)} freed`)}${fact(
                  fmtInt(
                    r.result.skipped.changed + r.result.skipped.gone + r.result.skipped.error + r.result.skipped.limit,
                  ),
                  'kept',
                )}`
              : fact('none', 'changed (dry run)')
          }
        </div>
        <p>selection: ${selection}</p>
        ${
          r.warnings.length
            ? html`<ul class="trust">
                ${r.warnings.map((w) => html`<li>${w}</li>`)}
              </ul>`
            : null
        }
        ${
          r.problems.length
            ? html`<ul class="problems">
                ${r.problems.map((w) => html`<li>${w}</li>`)}
              </ul>`
            : null
        }
      </section>
      <section class="block plan">
        <h2>${r.applied ? 'selected' : 'the plan'}</h2>
        ${
          r.selected.count === 0
            ? html`<p>nothing selected</p>`
            : figure('selection', 'selected keys per prefix and class', selectionBars(r), [
                { head: 'prefix' },
                { head: 'class' },
                { head: 'action' },
              ])
        }
        ${
          !r.applied && r.selected.count
            ? html`<p>run again with <code>--apply</code> to act on them (each batch is backed up first)</p>`
            : null
        }
      </section>
      ${
        r.result
          ? html`<section class="block result">
              <h2>result</h2>
              ${figure('result', 'what the run did with the selected keys', resultBars(r))}
              ${
                r.result.resumedDeleted
                  ? html`<p>resumed: ${fmtInt(r.result.resumedDeleted)} deleted by earlier runs on this backup</p>`
                  : null
              }
              <p>deletes were conditional on: ${r.method.checks.join(', ')} (${r.method.kind})</p>
            </section>`
          : null
      }
      ${
        r.backup
          ? html`<section class="block backup">
              <h2>backup</h2>
              <p>
                <code>${r.backup.path}</code> · ${fmtInt(r.backup.entries)} entries · signed with
                <code>${r.backup.key}</code>
              </p>
              <p>undo with: <code>sessctl restore ${r.backup.path}${undoKey(r.backup)}</code></p>
            </section>`
          : null
      }`,
  });
}

/** A bar chart and its table; `heads` name the cells each bar's label splits into. */
function figure(chart: string, label: string, bars: CleanBar[], heads = [{ head: 'what' }]): Html {
  const svg = hbarChartSvg(
    chart,
    label,
    bars.map((b) => ({
      label: b.label,
      share: b.share,
      count: b.count,
      value: b.bytes ? `${fmtInt(b.count)} · ${fmtBytes(b.bytes)}` : fmtInt(b.count),
      tone: b.tone,
    })),
  );
  const table = dataTable(
    label,
    [...heads, { head: 'keys', numeric: true }, { head: 'bytes', numeric: true }],
    bars.map((b) => {
      return [...b.cells, fmtInt(b.count), b.bytes ? fmtBytes(b.bytes) : ''];
    }),
  );
  return html`<div class="pair">${svg}${table}</div>`;
}

/** restore finds the key beside the backup, or in SESSCTL_BACKUP_KEY, on its own; any other one must be named. */
function undoKey(b: NonNullable<CleanReport['backup']>): string {
  return b.key === `${b.path}.key` || b.key === 'SESSCTL_BACKUP_KEY' ? '' : ` --backup-key ${b.key}`;
}
