import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SessctlError } from '../errors.js';
import { fsReason } from '../fs-reason.js';
import { registerSecret } from '../redact.js';

/**
 * Where the HMAC key of a backup comes from: a file (`--backup-key FILE`, default the backup's
 * path + `.key`, created 0600 by the clean that writes the backup) or the key itself
 * (`SESSCTL_BACKUP_KEY`, for CI secret stores).
 */
export type BackupKeySource = { file: string } | { secret: string };

export interface BackupKey {
  bytes: Buffer;
  /** Names the key in the backup header without revealing it: which key signed which file. */
  id: string;
  /** Where it came from, for messages. */
  from: string;
}

const MIN_SECRET = 32;

export function keyFileFor(backupPath: string): string {
  return `${backupPath}.key`;
}

function keyOf(bytes: Buffer, from: string): BackupKey {
  const id = createHash('sha256').update('sessctl-backup-key-id\n').update(bytes).digest('hex').slice(0, 16);
  return { bytes, id, from };
}

function keyError(message: string, hint?: string, cause?: unknown): SessctlError {
  return new SessctlError('SESSCTL_BACKUP_UNTRUSTED', message, { hint, cause });
}

/**
 * Reads a key. A key file must belong to the user running sessctl and be closed to group and
 * others (as ssh demands of private keys): anyone who can write it can forge backups, anyone who
 * can read it can sign them.
 */
export async function loadBackupKey(source: BackupKeySource): Promise<BackupKey> {
  if ('secret' in source) {
    if (source.secret.length < MIN_SECRET)
      throw keyError(
        `SESSCTL_BACKUP_KEY is ${source.secret.length} characters: a backup key needs at least ${MIN_SECRET}`,
        'e.g. SESSCTL_BACKUP_KEY=$(openssl rand -hex 32)',
      );
    registerSecret(source.secret);
    return keyOf(Buffer.from(source.secret, 'utf8'), 'SESSCTL_BACKUP_KEY');
  }
  const { file } = source;
  let text: string;
  try {
    const fh = await open(file, 'r');
    try {
      const st = await fh.stat();
      const uid = process.getuid?.();
      if (uid !== undefined && st.uid !== uid)
        throw keyError(
          `backup key ${file} belongs to another user (uid ${st.uid}): it cannot vouch for a backup`,
          `use a key file you own, mode 0600`,
        );
      if ((st.mode & 0o077) !== 0)
        throw keyError(
          `backup key ${file} is open to others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): it cannot vouch for a backup`,
          `chmod 600 ${file}`,
        );
      text = (await fh.readFile('utf8')).trim();
    } finally {
      await fh.close();
    }
  } catch (cause) {
    if (cause instanceof SessctlError) throw cause;
    throw keyError(
      `cannot read backup key ${file}: ${fsReason(cause)}`,
      'give the key the clean wrote with --backup-key FILE (default: the backup path + .key), or --trust-unsigned to restore without checking',
      cause,
    );
  }
  if (!/^[0-9a-f]{64,}$/i.test(text))
    throw keyError(
      `backup key ${file} is not a key sessctl wrote (64+ hex characters expected)`,
      'e.g. openssl rand -hex 32 > FILE; chmod 600 FILE',
    );
  return keyOf(Buffer.from(text, 'hex'), file);
}

/** Reads the key, or creates a random 256-bit one (mode 0600, never overwriting) when the file does not exist. */
export async function loadOrCreateBackupKey(source: BackupKeySource): Promise<BackupKey> {
  if ('file' in source) {
    try {
      const fh = await open(source.file, 'wx', 0o600);
      try {
        await fh.writeFile(`${randomBytes(32).toString('hex')}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new SessctlError('SESSCTL_FILE', `cannot create backup key ${source.file}: ${fsReason(cause)}`, {
          cause,
        });
    }
  }
  return loadBackupKey(source);
}
