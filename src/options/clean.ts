import { parseCount, parseDuration } from '../parse.js';
import { defaulted, option } from './option-spec.js';
import { parseList } from './parsers.js';
import { MIN_AGE, paceOption, SCAN_SPEC, STALE } from './scan.js';

/**
 * `sessctl clean`'s options, keyed as `clean()` takes them (`CleanOptions`); `yes` and the
 * `--backup`/`--no-backup` pair are the command's (it turns them into `confirm` and `backup`).
 */
export const CLEAN_SPEC = {
  apply: option<boolean>({ flags: '--apply', help: 'delete (default: dry run, nothing is changed)' }),
  planFrom: option<string>({
    flags: '--plan-from <dump>',
    help: 'select from this RDB dump (./dump.rdb, .rdb.gz) instead of walking the server; keys changed since the dump are kept',
  }),
  yes: option<boolean>({
    flags: '-y, --yes',
    help: 'do not ask for confirmation (needed when stdin is not a terminal)',
  }),
  classes: defaulted<string[]>({
    flags: '--class <list>',
    help: 'classes to remove, comma separated: empty, never-read, stale, no-ttl, anonymous, undecodable',
    parse: parseList,
    default: ['empty'],
    defaultLabel: 'empty',
  }),
  match: option<string>({
    ...SCAN_SPEC.match,
    help: 'only keys matching this glob (Redis MATCH syntax); then keys not recognised as sessions are eligible too',
  }),
  minAgeMs: defaulted<number>({ ...MIN_AGE, help: 'only sessions at least this old (age or idle time)' }),
  staleMs: STALE,
  fixTtlMs: option<number>({
    flags: '--fix-ttl <duration>',
    help: 'give never-expiring selected sessions this expiry (EXPIRE … NX) instead of deleting them',
    parse: (v) => parseDuration(v),
  }),
  backup: option<string | false>({
    flags: '--backup <file>',
    help: 'backup file (NDJSON, mode 0600); an existing one is resumed (default: ./sessctl-backup-<store>-<time>.ndjson)',
  }),
  backupKey: option<string>({
    flags: '--backup-key <file>',
    help: 'the HMAC key that signs the backup, created 0600 when missing (default: the backup path + .key, or $SESSCTL_BACKUP_KEY)',
  }),
  /** Sets `backup` to false (commander keeps one value for the pair). */
  noBackup: option<string | false>({
    flags: '--no-backup',
    help: 'delete without a backup (only with --apply --yes)',
  }),
  maxDelete: option<number>({
    flags: '--max-delete <n>',
    help: 'delete at most this many keys (over resumed runs too)',
    parse: (v) => parseCount(v),
  }),
  rate: paceOption('deletes per second (e.g. 2k/s), or max; default: adaptive, backs off when the server slows'),
};
