import { Chalk } from 'chalk';
import { DEFAULT_WIDTH, wrap } from './wrap.js';
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
  // Values wrap under their column (12 wide), so a long note stays readable on a narrow terminal.
  const row = (label: string, text: string) =>
    `${c.dim(label.padEnd(11))} ${wrap(text, width, { first: ' '.repeat(12), indent: ' '.repeat(12) }).slice(12)}`;
  const lines: string[] = [];
  if (r.key !== null) lines.push(row('key', r.key));
  lines.push(
    row('format', `${r.format}${r.wrappers.length ? ` inside ${r.wrappers.join(' + ')}` : ''} (${r.bytes} bytes)`),
  );
  lines.push(row('framework', `${r.framework} (confidence ${r.confidence})`));
  if (!r.decoded) {
    lines.push(row('state', c.yellow(`undecodable: ${r.reason ?? 'unknown reason'}`)));
    return `${lines.join('\n')}\n`;
  }
  const stateColor = r.state === 'empty' ? c.yellow : r.state === 'authenticated' ? c.green : c.cyan;
  lines.push(row('state', stateColor(STATE_TEXT[r.state])));
  lines.push(row('user keys', r.userKeys.length ? r.userKeys.join(', ') : '—'));
  lines.push(
    row(
      'created at',
      r.createdAt === null
        ? 'not recorded in the payload'
        : `${r.createdAt} (${CREATED_TEXT[r.createdAtKind ?? 'exact']})`,
    ),
  );
  if (r.rewritesOnRequest) lines.push(row('rewrites', 'on every request: idle time cannot prove never-read'));
  lines.push(c.dim(r.valuesShown ? 'value:' : 'value (strings redacted; --show-values to show them):'));
  lines.push(JSON.stringify(r.value, null, 2));
  return `${lines.join('\n')}\n`;
}

export function renderDecodeJson(r: DecodeReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
