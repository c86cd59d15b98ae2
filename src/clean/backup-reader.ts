import { createReadStream } from 'node:fs';
import { SessctlError } from '../errors.js';
import { fsReason } from '../fs-reason.js';
import { LineVerifier } from './backup-signature.js';
import { parseBackupLine, type BackupLine } from './backup-format.js';

/** A parsed line keeps its text: the HMAC chain is checked over the bytes as written. */
export type BackupRead = { lineNo: number; line: BackupLine; text: string } | { lineNo: number; error: string };

/**
 * Streams a backup file line by line with 1-based line numbers. A line that does not parse (a torn
 * last line after a kill, a hand edit) comes back as an error for that line; reading goes on.
 */
export async function* readBackup(path: string): AsyncGenerator<BackupRead> {
  const stream = createReadStream(path);
  let rest = Buffer.alloc(0);
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let nl: number;
      while ((nl = buf.indexOf(10)) >= 0) {
        const text = buf.toString('utf8', 0, nl).trim();
        buf = buf.subarray(nl + 1);
        lineNo++;
        if (text) yield parsed(lineNo, text);
      }
      rest = Buffer.from(buf);
    }
  } catch (cause) {
    throw new SessctlError('SESSCTL_FILE', `cannot read backup ${path}: ${fsReason(cause)}`, { cause });
  }
  const text = rest.toString('utf8').trim();
  if (text) yield parsed(++lineNo, text);
}

function parsed(lineNo: number, text: string): BackupRead {
  const line = parseBackupLine(text);
  return typeof line === 'string' ? { lineNo, error: line } : { lineNo, line, text };
}

/** What a previous run left in a backup file: its header, entries and deletes so far, and where its chain ends. */
export interface BackupState {
  header: Extract<BackupLine, { type: 'header' }> | undefined;
  entries: number;
  deleted: number;
  batches: number;
  prefixes: Set<string>;
  /** The sequence number of the last line that verified, for the resumed run to go on from. */
  lastN: number;
}

/**
 * Reads the state a resumed clean goes on from. With a key, every whole line must verify: a run
 * never appends to a file it could not have written.
 */
export async function readBackupState(path: string, key?: Buffer): Promise<BackupState> {
  const state: BackupState = { header: undefined, entries: 0, deleted: 0, batches: 0, prefixes: new Set(), lastN: -1 };
  let verifier: LineVerifier | undefined;
  for await (const r of readBackup(path)) {
    if ('error' in r) continue;
    if (key && !verifier) verifier = new LineVerifier(key, r.line.type === 'header' ? (r.line.id ?? '') : '');
    if (verifier && !verifier.check(r.text).ok) {
      throw new SessctlError(
        'SESSCTL_BACKUP_UNTRUSTED',
        `backup ${path} line ${r.lineNo} does not verify with the backup key: it was not written by this key, or was changed since`,
        {
          hint: 'give another --backup file, or the --backup-key that wrote this one',
        },
      );
    }
    const l = r.line;
    if (l.type === 'header') state.header ??= l;
    else if (l.type === 'prefixes') for (const p of l.prefixes) state.prefixes.add(p);
    else if (l.type === 'batch') {
      state.batches = Math.max(state.batches, l.seq);
      state.deleted += l.deleted;
    } else state.entries++;
  }
  state.lastN = verifier?.n ?? -1;
  return state;
}
