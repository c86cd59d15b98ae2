import { randomBytes } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { SessctlError } from '../errors.js';
import { backupPrefixOf } from './backup-prefix.js';
import { LineSigner } from './backup-signature.js';
import { BACKUP_SCHEMA, type BackupEntry, type BackupHeader } from './backup-format.js';
import type { BackupKey } from './backup-key.js';
import { readBackupState, type BackupState } from './backup-reader.js';

export interface BackupWriterOptions {
  key: BackupKey;
  /** The clean's --match glob, recorded in the header. */
  match?: string | null;
}

/**
 * The append-only backup of a clean run. Each batch's entries are written and fsynced before the
 * batch is deleted, so a kill at any instant leaves every deleted key in the file. Opening an
 * existing file resumes it: the header must name the same store, and a torn last line is closed
 * with a newline so the next line parses. Every line is signed (backup-signature.ts)
 * and each batch's entries follow a line naming the session prefixes they add, so a restore can
 * tell the file is ours and write only session keys.
 *
 * @example
 * const backup = await BackupWriter.open('./b.ndjson', { kind: 'redis', url, version, hadCredentials: false }, { key });
 * await backup.append(entries); // durable from here on
 * await backup.mark(deleted, keptKeys);
 */
export class BackupWriter {
  #seq: number;
  readonly #signer: LineSigner;
  readonly #prefixes: Set<string>;
  entries: number;
  readonly fileId: string;
  /** Where the signing key is, for the report (never the key). */
  readonly keyFrom: string;

  private constructor(
    readonly path: string,
    readonly previous: BackupState | undefined,
    readonly fh: FileHandle,
    key: BackupKey,
  ) {
    this.#seq = previous?.batches ?? 0;
    this.entries = previous?.entries ?? 0;
    this.#signer = new LineSigner(
      key.bytes,
      previous?.header?.id ?? randomBytes(16).toString('hex'),
      previous?.lastN ?? -1,
    );
    this.#prefixes = new Set(previous?.prefixes);
    this.keyFrom = key.from;
    this.fileId = this.#signer.fileId;
  }

  static async open(path: string, store: BackupHeader['store'], options: BackupWriterOptions): Promise<BackupWriter> {
    const { key } = options;
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    let previous: BackupState | undefined;
    if (exists) {
      previous = await readBackupState(path, key.bytes);
      if (previous.header && previous.header.schema !== BACKUP_SCHEMA) {
        throw new SessctlError(
          'SESSCTL_FILE',
          `backup ${path} was written by an older sessctl (${previous.header.schema}, unsigned): a signed run cannot resume it`,
          {
            hint: 'give another --backup file',
          },
        );
      }
      // A restore writes only keys under the header's --match: a resumed run must not go beyond it.
      if (previous.header && (previous.header.match ?? null) !== (options.match ?? null)) {
        const was = previous.header.match ? `--match ${previous.header.match}` : 'no --match';
        throw new SessctlError(
          'SESSCTL_FILE',
          `backup ${path} was made with ${was}: resume it with the same, or give another --backup file`,
        );
      }
      if (previous.header && (previous.header.store.kind !== store.kind || previous.header.store.url !== store.url)) {
        throw new SessctlError(
          'SESSCTL_FILE',
          `backup ${path} belongs to ${previous.header.store.url}, not ${store.url}`,
          {
            hint: 'give another --backup file, or run against the store the backup was made from',
          },
        );
      }
    }
    let fh: FileHandle;
    try {
      fh = await open(path, 'a+', 0o600);
      await fh.chmod(0o600);
    } catch (cause) {
      throw new SessctlError('SESSCTL_FILE', `cannot open backup ${path}: ${(cause as Error).message}`, { cause });
    }
    const w = new BackupWriter(path, previous, fh, key);
    const head: string[] = [];
    if (exists && !(await endsWithNewline(fh))) head.push('');
    if (!previous?.header) {
      const header: BackupHeader = {
        type: 'header',
        schema: BACKUP_SCHEMA,
        id: w.fileId,
        store,
        createdAt: new Date().toISOString(),
        keyId: key.id,
        match: options.match ?? null,
      };
      head.push(w.#signer.sign(header));
    }
    if (head.length) await w.#write(`${head.join('\n')}\n`);
    return w;
  }

  /** Resuming a file an earlier run wrote. */
  get resumed(): boolean {
    return this.previous?.header !== undefined;
  }

  /** Writes the entries of one batch and fsyncs: only then may the batch be deleted. */
  async append(entries: BackupEntry[]): Promise<void> {
    if (!entries.length) return;
    const added = [
      ...new Set(entries.map((e) => backupPrefixOf(Buffer.from(e.key, 'base64').toString('utf8')))),
    ].filter((p) => !this.#prefixes.has(p));
    const lines: string[] = [];
    if (added.length) lines.push(this.#signer.sign({ type: 'prefixes', prefixes: added }));
    for (const e of entries) lines.push(this.#signer.sign(e));
    await this.#write(lines.join('\n') + '\n');
    for (const p of added) this.#prefixes.add(p);
    this.entries += entries.length;
  }

  /**
   * Records how the batch went: how many were deleted and which keys (base64) stayed. Not fsynced on
   * its own: the next batch's fsync (or close) makes it durable; only an OS crash in between can lose
   * it, and then a restore without --replace reports the kept key as existing.
   */
  async mark(deleted: number, kept: string[]): Promise<void> {
    await this.#write(`${this.#signer.sign({ type: 'batch', seq: ++this.#seq, deleted, kept })}\n`, false);
  }

  async #write(text: string, sync = true): Promise<void> {
    try {
      await this.fh.write(text);
      if (sync) await this.fh.sync();
    } catch (cause) {
      throw new SessctlError(
        'SESSCTL_BACKUP',
        `cannot write backup ${this.path}: ${(cause as Error).message}; nothing more is deleted`,
        { cause },
      );
    }
  }

  async close(): Promise<void> {
    await this.fh.sync().catch(() => undefined);
    await this.fh.close();
  }
}

async function endsWithNewline(fh: FileHandle): Promise<boolean> {
  const { size } = await fh.stat();
  if (size === 0) return true;
  const b = Buffer.alloc(1);
  await fh.read(b, 0, 1, size - 1);
  return b[0] === 10;
}
