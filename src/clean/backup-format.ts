import type { BackupEntry, MemcachedEntry, MemoryEntryLine, RedisEntry } from '../stores/writer.js';

// The entries are what each store kind's writer snapshots (stores/writer.ts).
export type { BackupEntry, MemcachedEntry, MemoryEntryLine, RedisEntry };

/**
 * The backup file: NDJSON, one header line, then per batch the session prefixes it adds, the
 * entries (written and fsynced before the batch is deleted) and a mark saying which of them were
 * kept (not deleted). Keys and payloads are base64 so binary keys survive. Times are absolute (ms
 * since the epoch), so a restore puts back the expiry the key had, not a fresh one. From
 * `sessctl-backup/2` on every line ends in a sequence number `n` and an HMAC `mac` (backup-signature.ts);
 * `sessctl-backup/1` files are unsigned and restored only with --trust-unsigned.
 */
export const BACKUP_SCHEMA = 'sessctl-backup/2';
export const UNSIGNED_BACKUP_SCHEMA = 'sessctl-backup/1';

export interface BackupHeader {
  type: 'header';
  schema: typeof BACKUP_SCHEMA | typeof UNSIGNED_BACKUP_SCHEMA;
  /** Random per file (v2), signed into every line: lines of another backup never verify in this one. */
  id?: string;
  /** The store URL without credentials; `hadCredentials` says whether restore must be given the URL. */
  store: { kind: string; url: string; version: string; hadCredentials: boolean };
  createdAt: string;
  /** v2: which key signed the file (a hash of it, not the key). */
  keyId?: string;
  /** v2: the clean's --match glob, if any. */
  match?: string | null;
}

/** v2: session prefixes (backup-prefix.ts) of the entries that follow; restore writes no key outside them. */
export interface PrefixesLine {
  type: 'prefixes';
  prefixes: string[];
}

/** Written after a batch's deletes: the batch's keys (base64) that were not deleted. */
export interface BatchMark {
  type: 'batch';
  seq: number;
  deleted: number;
  kept: string[];
}

export type BackupLine = BackupHeader | PrefixesLine | BackupEntry | BatchMark;

const ENTRY_TYPES = new Set(['redis', 'memcached', 'memory']);
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isEntry(line: BackupLine): line is BackupEntry {
  return ENTRY_TYPES.has(line.type);
}

/** Parses one line; returns the reason as a string when it is not a well-formed backup line. */
export function parseBackupLine(text: string): BackupLine | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not valid JSON (truncated or corrupt)';
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const str = (f: string) => typeof o[f] === 'string' && B64.test(o[f] as string);
  const expiry = o.expireAt === null || Number.isFinite(o.expireAt);
  switch (o.type) {
    case 'header':
      return (o.schema === BACKUP_SCHEMA || o.schema === UNSIGNED_BACKUP_SCHEMA) &&
        typeof o.store === 'object' &&
        o.store !== null &&
        typeof (o.store as { url?: unknown }).url === 'string'
        ? (o as unknown as BackupHeader)
        : `unknown backup schema ${JSON.stringify(o.schema)}`;
    case 'prefixes':
      return Array.isArray(o.prefixes) && o.prefixes.every((p) => typeof p === 'string')
        ? (o as unknown as PrefixesLine)
        : 'prefixes line without "prefixes"';
    case 'batch':
      return Array.isArray(o.kept) && o.kept.every((k) => typeof k === 'string')
        ? (o as unknown as BatchMark)
        : 'batch mark without "kept"';
    case 'redis':
      return str('key') && str('dump') && expiry && Number.isFinite(o.idleS)
        ? (o as unknown as RedisEntry)
        : 'incomplete redis entry';
    case 'memcached':
      return str('key') && str('value') && expiry && Number.isInteger(o.flags)
        ? (o as unknown as MemcachedEntry)
        : 'incomplete memcached entry';
    case 'memory':
      return str('key') && str('value') && expiry ? (o as unknown as MemoryEntryLine) : 'incomplete memory entry';
    default:
      return `unknown line type ${JSON.stringify(o.type)}`;
  }
}
