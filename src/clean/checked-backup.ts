import { SessctlError } from '../errors.js';
import { registerSecret } from '../redact.js';
import { globToRegExp } from '../stores/glob.js';
import { parseStoreUrl, withPassword } from '../stores/store-url.js';
import { BACKUP_SCHEMA, UNSIGNED_BACKUP_SCHEMA, type BackupEntry, type BackupHeader } from './backup-format.js';
import { keyFileFor, loadBackupKey, type BackupKeySource } from './backup-key.js';
import { backupPrefixOf } from './backup-prefix.js';
import { readBackup } from './backup-reader.js';
import { isSigned, LineVerifier } from './backup-signature.js';

/** What the first pass of a restore learned from a backup it checked. */
export interface CheckedBackup {
  header: BackupHeader | undefined;
  /** Per key (base64): the line of its last entry, whether the clean kept the key, and why it must not be written. */
  last: Map<string, { line: number; kept: boolean; refused?: string }>;
  totalEntries: number;
  corrupt: Array<{ line: number; reason: string }>;
  /** A fresh verifier for the second pass, or undefined when the file was not verified (trustUnsigned). */
  recheck: () => LineVerifier | undefined;
}

/**
 * Reads a backup once and decides what a restore may write: every whole line must verify with the
 * backup key (unless `trustUnsigned`), lines the sequence skips are reported, and each key's last
 * entry is judged against the session prefixes the clean recorded and the value types sessions use.
 * Throws SESSCTL_BACKUP_UNTRUSTED (exit 2) for an unsigned, changed or foreign file.
 */
export async function readCheckedBackup(
  file: string,
  options: { backupKey?: BackupKeySource; trustUnsigned?: boolean },
): Promise<CheckedBackup> {
  const corrupt: CheckedBackup['corrupt'] = [];
  const trust = options.trustUnsigned === true;
  let recheck: () => LineVerifier | undefined = () => undefined;
  let header: BackupHeader | undefined;
  let verifier: LineVerifier | undefined;
  let seenLine = false;
  let corruptSinceGood = 0;
  const declared = new Set<string>();
  let match: RegExp | undefined;
  const last = new Map<string, { line: number; kept: boolean; refused?: string }>();
  let totalEntries = 0;
  for await (const r of readBackup(file)) {
    if ('error' in r) {
      corrupt.push({ line: r.lineNo, reason: r.error });
      corruptSinceGood++;
      continue;
    }
    if (!seenLine) {
      seenLine = true;
      const signedHeader = r.line.type === 'header' && r.line.schema === BACKUP_SCHEMA && isSigned(r.text);
      if (!signedHeader && !trust) {
        throw untrustedBackup(
          r.line.type === 'header' && r.line.schema === UNSIGNED_BACKUP_SCHEMA
            ? `${file} is an unsigned backup (${UNSIGNED_BACKUP_SCHEMA}, written before sessctl signed backups): refusing to restore it`
            : `${file} is not a signed sessctl backup (line ${r.lineNo} is not a signed header): refusing to restore it`,
        );
      }
      if (signedHeader && !trust) {
        const k = await loadBackupKey(options.backupKey ?? { file: keyFileFor(file) });
        const h = r.line as BackupHeader;
        if (h.keyId && h.keyId !== k.id)
          throw untrustedBackup(
            `${file} was signed with another key than ${k.from}: refusing to restore it`,
            'give the key the clean used with --backup-key FILE',
          );
        verifier = new LineVerifier(k.bytes, h.id ?? '');
        recheck = () => new LineVerifier(k.bytes, h.id ?? '');
      }
    }
    if (verifier) {
      const c = verifier.check(r.text);
      if (!c.ok)
        throw untrustedBackup(
          `${file} line ${r.lineNo} ${c.why === 'unsigned' ? 'carries no signature' : c.why === 'mismatch' ? 'does not match its signature' : 'is out of order'}: the file was changed after sessctl wrote it; refusing to restore it`,
        );
      // Lines the sequence skips beyond the corrupt ones seen were removed: say so, restore the rest.
      const removed = c.missing - corruptSinceGood;
      if (removed > 0)
        corrupt.push({
          line: r.lineNo,
          reason: `${removed} signed line${removed > 1 ? 's' : ''} before this one ${removed > 1 ? 'are' : 'is'} missing`,
        });
      corruptSinceGood = 0;
    }
    const l = r.line;
    if (l.type === 'header') {
      if (!header) {
        header = l;
        if (typeof l.match === 'string') match = globToRegExp(l.match);
      }
    } else if (l.type === 'prefixes') for (const p of l.prefixes) declared.add(p);
    else if (l.type === 'batch') {
      for (const k of l.kept) {
        const e = last.get(k);
        if (e) e.kept = true;
      }
    } else {
      totalEntries++;
      last.set(l.key, {
        line: r.lineNo,
        kept: false,
        refused: refusal(l, header?.schema === BACKUP_SCHEMA ? declared : undefined, match),
      });
    }
  }
  return { header, last, totalEntries, corrupt, recheck };
}

/**
 * RDB value types a session can have (the first byte of a DUMP payload): a string, or a hash in
 * any of its encodings (plain, zipmap, ziplist, listpack, and the field-expiry forms of Redis 7.4+).
 * Lists, sets, streams and module types are never sessions.
 */
const SESSION_RDB_TYPES: ReadonlySet<number> = new Set([0, 4, 9, 13, 16, 22, 23, 24, 25]);

export function untrustedBackup(
  message: string,
  hint = 'restore only backups sessctl clean wrote with your key; pass --trust-unsigned to restore this file anyway',
): SessctlError {
  return new SessctlError('SESSCTL_BACKUP_UNTRUSTED', message, { hint });
}

/**
 * The store URL a header names, with `password` put in. sessctl writes a URL whose password was
 * redacted (`redis://:***@host`); any other credential in a header was put there by someone else.
 */
export function headerUrl(url: string, password: string | undefined, file: string): string {
  const named = parseStoreUrl(url);
  if (!('password' in named) || (named.password === undefined && named.username === undefined))
    return password === undefined ? url : withPassword(url, password);
  if (named.password !== '***') {
    throw untrustedBackup(
      `${file} names a store URL with credentials in its header, which sessctl never writes: refusing to restore it`,
      `give the store URL yourself: sessctl restore ${file} <store-url>`,
    );
  }
  const bare = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?]*@/i, '$1');
  if (password === undefined) return bare;
  const at = bare.indexOf('://') + 3;
  registerSecret(password);
  return `${bare.slice(0, at)}${named.username ? encodeURIComponent(named.username) : ''}:${encodeURIComponent(password)}@${bare.slice(at)}`;
}

/**
 * Why an entry is not written, or undefined. `declared` is the prefix set of a v2 file (unsigned v1
 * files recorded none); `match` the clean's --match glob.
 */
function refusal(
  e: BackupEntry,
  declared: ReadonlySet<string> | undefined,
  match: RegExp | undefined,
): string | undefined {
  const key = Buffer.from(e.key, 'base64').toString('utf8');
  if (declared && !declared.has(backupPrefixOf(key)))
    return `prefix ${JSON.stringify(backupPrefixOf(key))} is not one the clean recorded`;
  if (match && !match.test(key)) return "outside the clean's --match";
  if (e.type === 'redis') {
    const t = Buffer.from(e.dump.slice(0, 4), 'base64')[0];
    if (t === undefined || !SESSION_RDB_TYPES.has(t))
      return `value type ${t ?? 'none'} (RDB) is neither a string nor a hash`;
  }
  return undefined;
}
