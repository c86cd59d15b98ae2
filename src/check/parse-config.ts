import { SessctlError } from '../errors.js';
import { parseLayout, type LayoutSpec } from '../frameworks/layout.js';
import { parseDuration, parseSize } from '../parse.js';
import { readRecipe } from '../probe/request-recipe.js';
import { CHECK_IDS } from '../probe/types.js';
import type { FailOn, Severity } from '../severity.js';
import { parseStoreUrl } from '../stores/store-url.js';
import { DEFAULT_TIMEOUT_MS, type CheckConfig, type ProbeTarget, type ScanTarget } from './config.js';
import { EnvExpansionError, expandEnv } from './expand-env.js';
import { lineOfPath } from './json-locate.js';
import { formatJsonPath, type JsonPath } from './json-path.js';
import { jsonSyntaxError } from './json-syntax-error.js';
import { closest, validateSchema } from './validate-schema.js';

const SCHEMA_HINT = 'the format is described by schema/sessctl.config.schema.json in the sessctl package';

function configError(message: string, file: string | undefined, cause?: unknown): SessctlError {
  return new SessctlError('SESSCTL_CONFIG', `config error: ${message}`, {
    cause,
    hint: file ? `in ${file}; ${SCHEMA_HINT}` : SCHEMA_HINT,
  });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the value has passed the schema */
/**
 * Parses and validates a config's text. Every problem is one SESSCTL_CONFIG error (exit 2) whose
 * message starts with the JSON path of the bad field, e.g.
 * `config error: scans[0].maxShare.never-read must be a number between 0 and 1`.
 */
export function parseConfig(text: string, options: { file?: string; env?: NodeJS.ProcessEnv } = {}): CheckConfig {
  const { file, env = {} } = options;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw configError(`${file ?? 'config'} is not valid JSON: ${jsonSyntaxError(text)}`, file, cause);
  }
  let value: any;
  try {
    value = expandEnv(raw, env);
  } catch (err) {
    if (err instanceof EnvExpansionError) throw configError(err.message, file);
    throw err;
  }
  const violation = validateSchema(value);
  if (violation) throw configError(violation.message, file);

  const probes: any[] = value.probes ?? [];
  const scans: any[] = value.scans ?? [];
  if (probes.length + scans.length === 0) throw configError('config must name at least one probe or scan', file);

  const fail = (path: JsonPath, what: string): never => {
    throw configError(`${formatJsonPath(path)} ${what}`, file);
  };
  const defaultTimeout = value.timeout ? parseDuration(value.timeout) : DEFAULT_TIMEOUT_MS;
  const names = new Map<string, string>();
  const claimName = (name: string, path: JsonPath) => {
    const other = names.get(name);
    if (other)
      fail([...path, 'name'], `"${name}" is already used by ${other}; names must be unique (they become JUnit suites)`);
    names.set(name, formatJsonPath(path));
  };
  const size = (v: string, path: JsonPath): number => {
    try {
      return parseSize(v);
    } catch {
      return fail(path, `is not a size: ${JSON.stringify(v)}; use bytes or a unit, e.g. 256kb or 1mb`);
    }
  };
  const checkStore = (url: string, path: JsonPath) => {
    try {
      parseStoreUrl(url);
    } catch (err) {
      fail(path, `is not a valid store URL: ${(err as Error).message}`);
    }
  };

  const probeTargets = probes.map((p, index): ProbeTarget => {
    const path = ['probes', index];
    for (const key of ['url', 'stateUrl', 'origin'] as const) {
      if (p[key] !== undefined && !URL.canParse(p[key]))
        fail([...path, key], `is not a valid URL: ${JSON.stringify(p[key])}`);
    }
    if (p.store !== undefined) checkStore(p.store, [...path, 'store']);
    if (p.logout !== undefined) {
      const r = readRecipe(p.logout, new URL(p.url));
      if ('problem' in r) fail([...path, 'logout'], `is not a logout request: ${r.problem}`);
    }
    if (p.login !== undefined) {
      const r = readRecipe(p.login, new URL(p.url), { body: true });
      if ('problem' in r) fail([...path, 'login'], `is not a login request: ${r.problem}`);
    }
    (p.ignore ?? []).forEach((id: string, i: number) => {
      if ((CHECK_IDS as readonly string[]).includes(id)) return;
      const close = closest(id, CHECK_IDS);
      fail(
        [...path, 'ignore', i],
        `is not a probe check id: "${id}"${close ? `; did you mean "${close}"?` : ' (see the check ids in `sessctl probe --help`)'}`,
      );
    });
    if (p.showSecrets && !p.saveHar)
      fail([...path, 'showSecrets'], 'only applies with saveHar (reports always redact secrets)');
    if (p.har !== undefined && (p.login !== undefined || p.logout !== undefined))
      fail([...path, 'har'], 'replays only the recorded requests: drop login/logout, or har');
    const name = p.name ?? p.url;
    claimName(name, path);
    return {
      kind: 'probe',
      index,
      name,
      line: lineOfPath(text, [...path, 'url']),
      failOn: p.failOn as FailOn | undefined,
      timeoutMs: p.timeout ? parseDuration(p.timeout) : defaultTimeout,
      url: p.url,
      stateUrl: p.stateUrl,
      origin: p.origin,
      store: p.store,
      logout: p.logout,
      login: p.login,
      sessionCookie: p.sessionCookie,
      tokenHeader: p.tokenHeader,
      tokenField: p.tokenField,
      expect: p.expect ?? [],
      ignore: p.ignore ?? [],
      tokenScheme: p.tokenScheme,
      storePrefix: p.storePrefix,
      har: p.har,
      ttlMs: p.ttl ? parseDuration(p.ttl) : undefined,
      requestTimeoutMs: p.requestTimeout ? parseDuration(p.requestTimeout) : undefined,
      maxRequests: p.maxRequests,
      maxBodyBytes:
        p.maxBody === undefined
          ? undefined
          : typeof p.maxBody === 'number'
            ? p.maxBody
            : size(p.maxBody, [...path, 'maxBody']),
      insecure: p.insecure === true,
      saveHar: p.saveHar,
      showSecrets: p.showSecrets === true,
    };
  });

  const scanTargets = scans.map((s, index): ScanTarget => {
    const path = ['scans', index];
    checkStore(s.store, [...path, 'store']);
    const layouts: LayoutSpec[] = (s.layouts ?? []).map((l: string | LayoutSpec, i: number) => {
      const spec = typeof l === 'string' ? { template: l } : l;
      const r = parseLayout(spec);
      if (!r.ok)
        fail(
          typeof l === 'string' ? [...path, 'layouts', i] : [...path, 'layouts', i, 'template'],
          `is not a usable layout: ${r.problem}`,
        );
      return spec;
    });
    const name = s.name ?? parseStoreUrl(s.store).redacted;
    claimName(name, path);
    return {
      kind: 'scan',
      index,
      name,
      line: lineOfPath(text, [...path, 'store']),
      failOn: s.failOn as FailOn | undefined,
      timeoutMs: s.timeout ? parseDuration(s.timeout) : defaultTimeout,
      store: s.store,
      match: s.match,
      layouts,
      minAgeMs: s.minAge ? parseDuration(s.minAge) : undefined,
      staleMs: s.stale ? parseDuration(s.stale) : undefined,
      rate: s.rate,
      count: s.count,
      values: s.values !== false,
      showKeys: s.showKeys === true,
      allowEmpty: s.allowEmpty === true,
      maxShare: s.maxShare ?? {},
      maxCount: s.maxCount ?? {},
      severity: (s.severity ?? 'medium') as Severity,
    };
  });

  return { file, failOn: value.failOn as FailOn | undefined, probes: probeTargets, scans: scanTargets };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
