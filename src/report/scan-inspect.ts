import { Chalk } from 'chalk';
import { fieldLines, type Field } from './field-lines.js';
import { DEFAULT_WIDTH } from './wrap.js';
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
  const fields: Field[] = [
    { label: 'store', value: `${r.store.url} · ${r.store.version} · node ${r.node}` },
    ...(r.store.dump ? [{ label: 'dump', value: dumpLine(r.store.dump) }] : []),
    { label: 'classes', value: `${r.classes.join(', ')}${r.orphan ? ' (orphan)' : ''}` },
    { label: 'ttl', value: r.ttlMs === null ? 'none (never expires)' : fmtSeconds(r.ttlMs / 1000) },
    {
      label: 'idle',
      value:
        r.idleS === null
          ? 'unknown'
          : `${fmtSeconds(r.idleS)}${r.store.dump ? ' (from the dump)' : r.store.noTouch ? ' (read without touching)' : ' (read before the payload; reading the payload reset it)'}`,
    },
    {
      label: 'age',
      value:
        r.ageS === null
          ? 'unknown'
          : `${fmtSeconds(r.ageS)} (from ${r.evidence.ageFrom === 'ttl' ? 'initial TTL − remaining TTL' : 'the payload'})`,
    },
  ];
  if (r.fetched !== null)
    fields.push({
      label: 'fetched',
      value: r.fetched ? 'yes, read since the last write' : 'no, not read since the last write',
    });
  if (!r.store.idleTrust.usable)
    fields.push({ label: 'idle trust', value: r.store.idleTrust.reasons.join('; '), color: c.yellow });
  if (r.layoutHint)
    fields.push({
      label: 'layout',
      value: `looks like a custom session layer's key: sessctl scan detects ${r.layoutHint} over its prefix's keys; read it as one with --layout '${r.layoutHint}'`,
    });
  // The orphan mark is red: painted once the line is laid out.
  const lines = fieldLines(fields, c, width).map((l) => (r.orphan ? l.replace(' (orphan)', c.red(' (orphan)')) : l));
  return `${lines.join('\n')}\n${renderDecodeText({ ...r, schema: 'sessctl-decode/1' }, { color, width })}`;
}

export function renderInspectJson(r: InspectReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
