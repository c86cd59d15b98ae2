import { Chalk } from 'chalk';
import { fieldLines, type Field } from './field-lines.js';
import { DEFAULT_WIDTH } from './wrap.js';
import type { DecodeReport } from '../frameworks/decode-report.js';

const STATE_TEXT: Record<DecodeReport['state'], string> = {
  empty: 'empty: only framework metadata, no user data',
  anonymous: 'anonymous: user data, no user identity',
  authenticated: 'authenticated: carries a user identity',
  undecodable: 'undecodable',
};

const CREATED_TEXT: Record<NonNullable<DecodeReport['createdAtKind']>, string> = {
  exact: 'recorded at creation',
  'last-write': 'time of the last full write: creation only if never re-saved, so a lower bound on age',
};

/** Human rendering of one decoded payload. */
export function renderDecodeText(
  r: DecodeReport,
  { color, width = DEFAULT_WIDTH }: { color: boolean; width?: number },
): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const fields: Field[] = [];
  if (r.key !== null) fields.push({ label: 'key', value: r.key });
  fields.push({
    label: 'format',
    value: `${r.format}${r.wrappers.length ? ` inside ${r.wrappers.join(' + ')}` : ''} (${r.bytes} bytes)`,
  });
  fields.push({ label: 'framework', value: `${r.framework} (confidence ${r.confidence})` });
  if (!r.decoded) {
    fields.push({ label: 'state', value: `undecodable: ${r.reason ?? 'unknown reason'}`, color: c.yellow });
    return `${fieldLines(fields, c, width).join('\n')}\n`;
  }
  const stateColor = r.state === 'empty' ? c.yellow : r.state === 'authenticated' ? c.green : c.cyan;
  fields.push({ label: 'state', value: STATE_TEXT[r.state], color: stateColor });
  fields.push({ label: 'user keys', value: r.userKeys.length ? r.userKeys.join(', ') : '—' });
  fields.push({
    label: 'created at',
    value:
      r.createdAt === null
        ? 'not recorded in the payload'
        : `${r.createdAt} (${CREATED_TEXT[r.createdAtKind ?? 'exact']})`,
  });
  if (r.rewritesOnRequest)
    fields.push({ label: 'rewrites', value: 'on every request: idle time cannot prove never-read' });
  const lines = fieldLines(fields, c, width);
  lines.push(c.dim(r.valuesShown ? 'value:' : 'value (strings redacted; --show-values to show them):'));
  lines.push(JSON.stringify(r.value, null, 2));
  return `${lines.join('\n')}\n`;
}

export function renderDecodeJson(r: DecodeReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
