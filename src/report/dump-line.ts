import type { DumpFacts } from '../stores/types.js';

/** One line on where a dump came from and when: every TTL, idle time and age of the report is as of its ctime. */
export function dumpLine(d: DumpFacts): string {
  const from = `RDB ${d.rdbVersion}${d.serverVersion ? ` written by ${d.serverVersion}` : ''}`;
  const when = d.ctime
    ? `taken ${d.ctime} (TTLs, idle times and ages are as of then)`
    : 'no ctime in the dump: dated by its file';
  const dbs = d.databases.length ? `db ${d.databases.map((x) => x.db).join(', ')}` : 'no keys';
  const check = d.checksum === null ? 'end not reached' : d.checksum === 'disabled' ? 'no checksum' : 'checksum ok';
  const expired = d.expired ? ` · ${d.expired} already expired, left out` : '';
  return `${from} · ${when} · ${dbs} · ${check}${expired}`;
}
