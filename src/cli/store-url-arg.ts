import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { fsReason } from '../fs-reason.js';
import { registerSecret } from '../redact.js';
import { parseStoreUrl, withPassword } from '../stores/store-url.js';
import type { CliContext } from './context.js';

const ENV_URL = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The store URL a command was given, with the password from somewhere `ps` and shell history do
 * not show: `env:NAME` takes the whole URL from an environment variable, and a Redis URL without a
 * password takes one from `--password-file FILE` or, as redis-cli does, `REDISCLI_AUTH`.
 *
 * @example
 * // REDISCLI_AUTH=s3cret sessctl scan redis://cache:6379
 * const url = await storeUrlArg(ctx, 'redis://cache:6379'); // 'redis://:s3cret@cache:6379'
 */
export async function storeUrlArg(ctx: CliContext, given: string): Promise<string> {
  let url = given;
  const named = ENV_URL.exec(given);
  if (named) {
    const value = ctx.env[named[1]!];
    if (!value)
      throw new UsageError(`${given}: the environment variable ${named[1]} is not set`, {
        hint: `export ${named[1]}=redis://:PASSWORD@host:6379`,
      });
    url = value.trim();
  }
  const fromFile = ctx.globals.passwordFile !== undefined;
  const password = await storePassword(ctx);
  if (password === undefined) return url;
  registerSecret(password);
  const parsed = parseStoreUrl(url);
  if (parsed.kind !== 'redis' && parsed.kind !== 'redis-cluster' && parsed.kind !== 'redis-sentinel') {
    if (fromFile)
      throw new UsageError(`--password-file is for Redis/Valkey URLs; ${parsed.redacted} takes no password`);
    return url;
  }
  if (parsed.password !== undefined) {
    if (fromFile)
      throw new UsageError('the store URL has a password and --password-file gives another: give one of them');
    return url;
  }
  return withPassword(url, password);
}

/** `--password-file` or `REDISCLI_AUTH`, for a URL the command did not get on its command line. */
export async function storePassword(ctx: CliContext): Promise<string | undefined> {
  return ctx.globals.passwordFile !== undefined
    ? readPasswordFile(ctx.globals.passwordFile)
    : ctx.env.REDISCLI_AUTH || undefined;
}

async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`cannot read --password-file ${file}: ${fsReason(cause)}`, { cause });
  }
  // One trailing newline is the file's, not the password's (echo, editors).
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new UsageError(`--password-file ${file} is empty`);
  return password;
}
