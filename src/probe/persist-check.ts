import { defineCheck, fail, pass, skip, unknown, type Check } from './define-check.js';
import { judge } from './learn-model.js';
import type { Mechanism } from './options.js';
import type { CheckId } from './types.js';

const modelKey = { cookie: 'cookie', header: 'headerToken', body: 'bodyToken' } as const satisfies Record<
  Mechanism,
  string
>;
const describe = {
  cookie: 'the session cookie',
  header: 'the token header',
  body: 'the JSON body token',
} satisfies Record<Mechanism, string>;

/**
 * The three "does it persist" checks share one shape: the learner already replayed the mechanism;
 * not persisting is a finding only when the app is meant to support it (--expect), otherwise it is
 * what the app does and the check is skipped with the reason.
 */
export function persistCheck(id: CheckId, mechanism: Mechanism): Check {
  return defineCheck({
    id,
    async run(learned, client) {
      const state = learned.model[modelKey[mechanism]];
      const ex = learned.steps[mechanism];
      const a = learned.a;
      // Nothing to replay means the responses never showed a session: unknown, not "not applicable".
      if (!ex || !a)
        return unknown(
          mechanism === 'cookie'
            ? 'no session cookie was issued to replay'
            : 'no session id or token was issued to replay',
        );
      const why =
        learned.why[mechanism] ?? judge(learned, client, ex, a, mechanism === 'cookie' ? a.cookie : undefined).why;
      const what =
        mechanism !== 'cookie' && learned.model.tokenKind === 'client-chosen'
          ? `${describe[mechanism]} (a token the probe chose)`
          : describe[mechanism];
      const expected = client.options.expect?.includes(mechanism) ?? false;
      if (state === 'persists') return pass(`replaying ${what} returned the same session: ${why}`);
      if (state === 'unknown') return unknown(`replaying ${what}: ${why}`);
      if (expected)
        return fail({ ex, message: `replaying ${describe[mechanism]} did not return the same session: ${why}` });
      return skip(
        `the target does not keep sessions by ${describe[mechanism]} (${why}); pass --expect ${mechanism} to require it`,
      );
    },
  });
}
