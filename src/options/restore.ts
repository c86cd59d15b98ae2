import { option } from './option-spec.js';

/** `sessctl restore`'s options, keyed as `restore()` takes them (`yes` is the command's). */
export const RESTORE_SPEC = {
  replace: option<boolean>({
    flags: '--replace',
    help: 'overwrite keys that exist (RESTORE … REPLACE / memcached set)',
  }),
  showKeys: option<boolean>({ flags: '--show-keys', help: 'print full keys instead of redacted ones' }),
  yes: option<boolean>({
    flags: '-y, --yes',
    help: 'do not ask for confirmation (needed when stdin is not a terminal)',
  }),
  backupKey: option<string>({
    flags: '--backup-key <file>',
    help: 'the key the clean signed the backup with (default: the backup path + .key, or $SESSCTL_BACKUP_KEY)',
  }),
  trustUnsigned: option<boolean>({
    flags: '--trust-unsigned',
    help: 'restore a backup that is unsigned (sessctl-backup/1) or whose key is lost, without checking it',
  }),
};
