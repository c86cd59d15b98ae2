import { Chalk } from 'chalk';
import { DEFAULT_WIDTH, wrap } from './wrap.js';
import type { InspectReport } from '../scan/inspect.js';
import { renderDecodeText } from './decode-text.js';
import { dumpLine } from './dump-line.js';
import { fmtSeconds } from './format-number.js';

/** Text for `sessctl inspect`: the store's view of the key, then the decoded payload as `decode` prints it. */
export function renderInspectText(
  r: InspectReport,
  { color, width = DEFAULT_WIDTH }: { color: boolean; width?: number },
): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  // Values wrap under their column (12 wide), so a long note stays readable on a narrow terminal.
  const row = (label: string, text: string) =>
    `${c.dim(label.padEnd(11))} ${wrap(text, width, { first: ' '.repeat(12), indent: ' '.repeat(12) }).slice(12)}`;
  const lines = [
    row('store', `${r.store.url} · ${r.store.version} · node ${r.node}`),
    row('classes', `${r.classes.join(', ')}${r.orphan ? c.red(' (orphan)') : ''}`),
    row('ttl', r.ttlMs === null ? 'none (never expires)' : fmtSeconds(r.ttlMs / 1000)),
    row(
      'idle',
      r.idleS === null
        ? 'unknown'
        : `${fmtSeconds(r.idleS)}${r.store.dump ? ' (from the dump)' : r.store.noTouch ? ' (read without touching)' : ' (read before the payload; reading the payload reset it)'}`,
    ),
    row(
      'age',
      r.ageS === null
        ? 'unknown'
        : `${fmtSeconds(r.ageS)} (from ${r.evidence.ageFrom === 'ttl' ? 'initial TTL − remaining TTL' : 'the payload'})`,
    ),
  ];
  if (r.store.dump) lines.splice(1, 0, row('dump', dumpLine(r.store.dump)));
  if (r.fetched !== null)
    lines.push(row('fetched', r.fetched ? 'yes, read since the last write' : 'no, not read since the last write'));
  if (!r.store.idleTrust.usable) lines.push(row('idle trust', c.yellow(r.store.idleTrust.reasons.join('; '))));
  if (r.layoutHint)
    lines.push(
      row(
        'layout',
        `looks like a custom session layer's key: sessctl scan detects ${r.layoutHint} over its prefix's keys; read it as one with --layout '${r.layoutHint}'`,
      ),
    );
  return `${lines.join('\n')}\n${renderDecodeText({ ...r, schema: 'sessctl-decode/1' }, { color, width })}`;
}

export function renderInspectJson(r: InspectReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
