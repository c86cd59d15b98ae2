import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SessctlError } from '../errors.js';
import { fsReason } from '../fs-reason.js';
import type { CheckConfig } from './config.js';
import { parseConfig } from './parse-config.js';

export const CONFIG_FILE_NAME = 'sessctl.config.json';

/**
 * Where `sessctl check` looks when no `--config` is given: the working directory, then the root
 * of the git repository it is in (CI jobs often run from a subdirectory).
 */
export function findConfigFile(cwd: string): string | undefined {
  const here = join(cwd, CONFIG_FILE_NAME);
  if (existsSync(here)) return here;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const atRoot = join(dir, CONFIG_FILE_NAME);
      return existsSync(atRoot) ? atRoot : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Finds, reads and validates the config; every failure is SESSCTL_CONFIG (exit 2). */
export async function readConfig(options: {
  config?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<CheckConfig> {
  const file = options.config ? resolve(options.cwd, options.config) : findConfigFile(options.cwd);
  if (!file) {
    throw new SessctlError(
      'SESSCTL_CONFIG',
      `config error: no ${CONFIG_FILE_NAME} in ${options.cwd} or at the repository root`,
      {
        hint: `pass --config FILE, or create ${CONFIG_FILE_NAME} (run \`sessctl check --help\` for an example)`,
      },
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SessctlError('SESSCTL_CONFIG', `config error: cannot read ${file}: ${fsReason(cause)}`, { cause });
  }
  return parseConfig(text, { file, env: options.env });
}
