import { registerSecret } from '../redact.js';
import { formatJsonPath, type JsonPath } from './json-path.js';

export class EnvExpansionError extends Error {
  constructor(
    readonly path: JsonPath,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed config, so committed
 * configs can take store passwords from CI secrets. An unset variable without a default is an
 * error naming the field: an empty store URL would otherwise fail far from its cause. Every value
 * taken from the environment is registered as a secret, so it is scrubbed from every report and
 * message wherever it lands (a name, a URL, a login body), not only where a password is expected.
 * Defaults are part of the committed config and stay visible. Keys are never expanded.
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, path: JsonPath = []): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_m, name: string, fallback: string | undefined) => {
        const v = env[name];
        if (v !== undefined && v !== '') {
          registerSecret(v);
          return v;
        }
        if (fallback !== undefined) return fallback;
        throw new EnvExpansionError(path, `${formatJsonPath(path)} uses \${${name}}, which is not set`);
      },
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, [...path, k])]));
  }
  return value;
}
