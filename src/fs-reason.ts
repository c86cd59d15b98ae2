/** Why a file could not be read or written, in words (`no such file`), not an errno code. */
const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/**
 * @example
 * fsReason(Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' })) // → 'no such file'
 */
export function fsReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && WHY[code]) return WHY[code];
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!;
}
