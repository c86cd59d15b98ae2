import type { SessctlErrorCode } from '../../errors.js';

export interface SetupFailure {
  code: SessctlErrorCode;
  reason: string;
  hint: string;
}

const AUTH_HINT = 'give the password as redis://:PASSWORD@host, or redis://USER:PASSWORD@host for an ACL user';

/**
 * What a refused AUTH or SELECT means for the user, from the server's error text: a database the
 * server does not have is a wrong URL (exit 2), a refused login a store that cannot be used (exit 3).
 * Undefined for anything else.
 */
export function redisSetupFailure(message: string | undefined): SetupFailure | undefined {
  const m = message ?? '';
  if (/DB index is out of range|invalid DB index/i.test(m)) {
    return {
      code: 'SESSCTL_STORE_URL',
      reason: `the database number in the URL does not exist there (${m.split('\n')[0]})`,
      hint: "use a database the server has (its 'databases' setting, 16 by default; a cluster has only /0)",
    };
  }
  if (/NOAUTH/i.test(m))
    return { code: 'SESSCTL_STORE_UNREACHABLE', reason: 'the server wants a password', hint: AUTH_HINT };
  if (/WRONGPASS|invalid password|invalid username/i.test(m))
    return { code: 'SESSCTL_STORE_UNREACHABLE', reason: 'authentication failed', hint: AUTH_HINT };
  return undefined;
}
