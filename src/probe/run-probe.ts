import { SessctlError, UsageError } from '../errors.js';
import { scrub } from '../redact.js';
import { fixFor } from './check-fix.js';
import { checksById, runOrder } from './checks/index.js';
import { frameworkHint } from './framework-hint.js';
import { settle, type CheckLearned } from './define-check.js';
import { loadHar } from './har-file.js';
import { replayHar } from './har-replay.js';
import { learnModel } from './learn-model.js';
import { loginHint } from './login-hint.js';
import { emptyDraft, type LearnedModel } from './learned-model.js';
import { ProbeClient } from './probe-client.js';
import { parseRecipe } from './request-recipe.js';
import type { ProbeOptions } from './options.js';
import { CHECK_IDS, type CheckResult, type Finding, type ProbeModel, type ProbeReport } from './types.js';

/**
 * Probes a live target and returns the report. A target that cannot be reached at all throws
 * (SESSCTL_TARGET_UNREACHABLE, exit 3); a failure after the model was learned marks the failing
 * check `error` and the report `complete: false`, so partial results are still written.
 */
export async function probe(options: ProbeOptions, signal: AbortSignal): Promise<ProbeReport> {
  const harDoc = options.har ? await loadHar(options.har) : undefined;
  // A HAR names its own target: the origin of its first entry, unless a URL is given.
  if (harDoc && !options.url) options = { ...options, url: harDoc.entries[0]!.request.url };
  validate(options);
  const started = performance.now();
  const client = await ProbeClient.open(options, signal);
  const results = new Map<string, CheckResult>();
  const findings: Finding[] = [];
  const errors: string[] = [];
  let har: ProbeReport['har'];
  // What the model learner fills in; frozen once learned (a failed learning reports what it got).
  const draft = emptyDraft();
  let model: ProbeModel = draft.model;
  try {
    if (harDoc && options.har) {
      const replay = await replayHar(client, harDoc, options.har, results, findings);
      har = replay.har;
      model = replay.learned.model;
    } else {
      let learned: LearnedModel | undefined;
      try {
        learned = await learnModel(client, draft);
      } catch (err) {
        // Nothing answered at all: there is no partial result to write, only the error (exit 3).
        if (!(err instanceof SessctlError) || client.exchanges.length === 0) throw err;
        errors.push(`model: ${withHint(err)}`);
      }
      // Checks may add what they verified (SESS-TTL: the TTL) to the report's model, never to the learned one.
      const added: CheckLearned = {};
      for (const id of runOrder) {
        if (signal.aborted || !learned) {
          results.set(id, {
            id,
            status: 'error',
            reason: signal.aborted ? 'aborted' : 'not run: the model could not be learned',
          });
          continue;
        }
        try {
          const outcome = await checksById[id].run(learned, client);
          if (outcome.status !== 'fail' && outcome.learned) Object.assign(added, outcome.learned);
          const { result, findings: f } = settle(client, id, outcome);
          results.set(id, result);
          findings.push(...f);
        } catch (err) {
          if (!(err instanceof SessctlError)) throw err;
          results.set(id, { id, status: 'error', reason: scrub(err.message) });
          errors.push(`${id}: ${withHint(err)}`);
        }
      }
      model = { ...(learned?.model ?? draft.model), ...added };
    }
  } finally {
    await client.close();
    options.onRequests?.({ sent: client.http.sent, secrets: client.secrets, tokenHeader: client.tokenHeader });
  }
  if (signal.aborted && !errors.some((e) => /abort/.test(e))) errors.push('aborted');
  // Fixes are worded for the framework once the whole model (cookie name, store keys) is known.
  const framework = frameworkHint(model);
  model = { ...model, framework };
  const fixed = findings.map((f) => ({ ...f, fix: fixFor(f.id, framework?.framework) }));
  // No session from anywhere: the session checks could not run; say what would let them.
  const hints: string[] = [];
  if (model.sessionsFrom === 'none' && !options.login && !harDoc) {
    hints.push(
      loginHint(client.exchanges, client.target) ??
        'if the app makes sessions only at login, give the probe that request: --login \'POST /login {"user":"…","password":"…"}\'',
    );
  }
  return {
    schema: 'sessctl-probe/1',
    target: client.target.href,
    complete: errors.length === 0,
    model,
    checks: CHECK_IDS.map((id) => results.get(id) ?? { id, status: 'skip', reason: 'not run in this mode' }),
    findings: fixed,
    steps: client.stepRecords(),
    requests: client.http.count,
    durationMs: Math.round(performance.now() - started),
    ...(client.store
      ? {
          store: {
            url: client.store.redacted,
            prefix: client.store.prefix,
            keysCreated: client.store.keysCreated,
            ...(Object.keys(client.store.keysRemoved).length ? { keysRemoved: client.store.keysRemoved } : {}),
          },
        }
      : {}),
    ...(har ? { har } : {}),
    errors,
    hints,
  };
}

function validate(o: ProbeOptions): void {
  for (const [flag, value] of [
    ['url', o.url],
    ['--state-url', o.stateUrl],
  ] as const) {
    if (value === undefined) continue;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new UsageError(
        `invalid ${flag} "${value}": use an absolute http(s) URL, e.g. http://localhost:3000/api/me`,
      );
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new UsageError(`invalid ${flag} "${value}": only http and https are supported`);
  }
  if (o.stateUrl && new URL(o.stateUrl).origin !== new URL(o.url).origin)
    throw new UsageError('--state-url must be on the same origin as the target');
  if (o.logout !== undefined) parseRecipe(o.logout, new URL(o.url), '--logout');
  if (o.login !== undefined) parseRecipe(o.login, new URL(o.url), '--login');
  if (o.origin !== undefined && o.origin !== 'null' && !/^https?:\/\/[^/\s]+$/.test(o.origin))
    throw new UsageError(`invalid --origin "${o.origin}": use scheme://host[:port], e.g. https://app.example.com`);
  if (o.tokenScheme !== undefined && o.tokenScheme !== '' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(o.tokenScheme))
    throw new UsageError(`invalid --token-scheme "${o.tokenScheme}": one word, e.g. Bearer or Token ('' for none)`);
  for (const [flag, name] of [
    ['--token-header', o.tokenHeader],
    ['--session-cookie', o.sessionCookie],
  ] as const) {
    if (name !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new UsageError(`invalid ${flag} "${name}": not a valid header/cookie name`);
  }
}

/** A report error says what to do about it too: the report may be all the user reads. */
function withHint(err: SessctlError): string {
  return scrub(err.hint ? `${err.message}; ${err.hint}` : err.message);
}
