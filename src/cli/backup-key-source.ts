import type { BackupKeySource } from '../clean/backup-key.js';

/** `--backup-key FILE` wins over `SESSCTL_BACKUP_KEY`; neither means the key file beside the backup. */
export function backupKeySource(flag: string | undefined, env: NodeJS.ProcessEnv): BackupKeySource | undefined {
  if (flag) return { file: flag };
  const secret = env.SESSCTL_BACKUP_KEY;
  return secret ? { secret } : undefined;
}
