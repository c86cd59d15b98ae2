import { parseTree } from 'jsonc-parser';
import { SessctlError } from '../errors.js';
import { parseLayout } from '../frameworks/layout.js';
import { readRecipe } from '../probe/request-recipe.js';
import { CHECK_IDS } from '../probe/types.js';
import { CHECK_SPEC, SCAN_TARGET_SPEC, TARGET_SPEC } from '../options/check.js';
import { specDefaults } from '../options/option-spec.js';
import { PROBE_SPEC } from '../options/probe.js';
import { SCAN_SPEC } from '../options/scan.js';
import { parseStoreUrl } from '../stores/store-url.js';
import type { CheckConfig, ProbeTarget, ScanTarget } from './config.js';
import { readConfigValues } from './config-values.js';
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
  const check = { ...specDefaults(CHECK_SPEC), ...readConfigValues(CHECK_SPEC, value, [], fail) };
  const targetBase = (t: Record<string, unknown>, path: JsonPath) => {
    const own = readConfigValues(TARGET_SPEC, t, path, fail);
    return { failOn: own.failOn, timeoutMs: own.timeoutMs ?? check.timeoutMs };
  };
  // Parsed once for the line of every target (SARIF and annotations point there).
  const tree = parseTree(text);
  const names = new Map<string, string>();
  const claimName = (name: string, path: JsonPath) => {
    const other = names.get(name);
    if (other)
      fail([...path, 'name'], `"${name}" is already used by ${other}; names must be unique (they become JUnit suites)`);
    names.set(name, formatJsonPath(path));
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
    const options = readConfigValues(PROBE_SPEC, p, path, fail);
    return {
      kind: 'probe',
      index,
      name,
      line: lineOfPath(text, [...path, 'url'], tree),
      ...targetBase(p, path),
      url: p.url,
      ignore: p.ignore ?? [],
      expect: options.expect ?? PROBE_SPEC.expect.default,
      saveHar: options.saveHar,
      showSecrets: options.showSecrets ?? PROBE_SPEC.showSecrets.default,
      options,
    };
  });

  const scanTargets = scans.map((s, index): ScanTarget => {
    const path = ['scans', index];
    checkStore(s.store, [...path, 'store']);
    const options = readConfigValues(SCAN_SPEC, s, path, fail);
    (options.layouts ?? []).forEach((spec, i) => {
      const r = parseLayout(spec);
      if (!r.ok)
        fail(
          typeof s.layouts[i] === 'string' ? [...path, 'layouts', i] : [...path, 'layouts', i, 'template'],
          `is not a usable layout: ${r.problem}`,
        );
    });
    const name = s.name ?? parseStoreUrl(s.store).redacted;
    claimName(name, path);
    return {
      kind: 'scan',
      index,
      name,
      line: lineOfPath(text, [...path, 'store'], tree),
      ...targetBase(s, path),
      store: s.store,
      ...options,
      layouts: options.layouts ?? SCAN_SPEC.layouts.default,
      ...specDefaults(SCAN_TARGET_SPEC),
      ...readConfigValues(SCAN_TARGET_SPEC, s, path, fail),
    };
  });

  return { file, failOn: check.failOn, probes: probeTargets, scans: scanTargets };
}
/* eslint-enable @typescript-eslint/no-explicit-any */
