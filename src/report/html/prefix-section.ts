import type { PrefixReport } from '../../scan/types.js';
import { fmtBytes, fmtInt, fmtSeconds, fmtShare } from '../format-number.js';
import { verdict } from '../scan-verdict.js';
import { classFigure } from './class-figure.js';
import { histogramFigure } from './histogram-figure.js';
import { html, type Html } from './html.js';

/**
 * One session prefix: its verdict (with the fix for the framework found), class breakdown,
 * histograms, the signals that hold and why the others do not, and example keys.
 */
export function prefixSection(p: PrefixReport, storeUrl: string): Html {
  const name = p.prefix || '(no prefix)';
  const v = verdict(p, { storeUrl });
  const tone = p.orphans.count / Math.max(1, p.sessions) >= 0.1 ? 'bad' : v.startsWith('healthy') ? 'ok' : '';
  return html`<section class="block prefix" data-prefix="${p.prefix}">
    <h2>
      <code>${name}</code>
      <span class="muted"
        >${p.framework} (${p.format}) · ${fmtInt(p.sessions)} sessions of ${fmtInt(p.count)} keys ·
        ${fmtBytes(p.bytes)}${p.initialTtlS ? ` · initial TTL ${fmtSeconds(p.initialTtlS)}` : ''}</span
      >
    </h2>
    <p class="verdict ${tone}"><b>verdict</b> ${v}</p>
    <p>
      orphans: <b>${fmtInt(p.orphans.count)}</b> (${fmtShare(p.orphans.count, p.sessions)},
      ${fmtBytes(p.orphans.bytes)})${p.orphanEvidence === 'unprovable' ? ' — a lower bound: orphans cannot be proven here' : ''}${p.young ? ` · ${fmtInt(p.young)} too young to judge` : ''}
    </p>
    ${p.layout ? html`<p>layout <code>${p.layout.templates.join(', ')}</code> (${p.layout.source}, ${p.layout.confidence} confidence)</p>` : null}
    ${classFigure(name, p)}
    <div class="hists">
      ${histogramFigure('TTL', p.histograms.ttl)}${histogramFigure('idle', p.histograms.idle)}${histogramFigure('age', p.histograms.age)}${histogramFigure('size', p.histograms.size)}
    </div>
    <h3>signals</h3>
    <ul class="signals">
      ${p.signals.map(
        (s) =>
          html`<li>
            <span class="${s.holds ? 'holds' : 'fails'}">${s.holds ? '✓ holds' : '✗ does not hold'}</span>
            <b>${s.signal}</b>: ${s.why}
          </li>`,
      )}
    </ul>
    ${
      p.examples.length
        ? html`<h3>example keys</h3>
            <ul class="examples">
              ${p.examples.map((e) => html`<li><code>${e.key}</code> <span class="muted">${e.classes.join(', ')}</span></li>`)}
            </ul>`
        : null
    }
  </section>`;
}
