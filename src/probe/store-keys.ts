import type { ProbeClient } from './probe-client.js';
import type { Exchange } from './http-client.js';
import { parseCookieHeader } from '../http-cookie.js';
import { keyTemplate } from './store-tracker.js';
import type { ProbeModel, StoreKeys } from './types.js';

/**
 * The key layout of each persisting mechanism, from the keys the learning steps created. A key is
 * related only to what the request that created it carried or was given, as a cookie id or as a
 * token: the cookie's ids for the cookie, the tokens sent (and, when the kind is issued, the tokens
 * handed out) for the tokens. A token is any mechanism's token here, so a session the header
 * created and the body shares is still placed for the body.
 */
export function storeKeys(model: ProbeModel, client: ProbeClient): StoreKeys {
  const steps = client.exchanges
    .filter((ex) => ex.newKeys?.length)
    .map((ex) => {
      const cookies = [client.sessionSetCookie(ex)?.value, sentCookie(ex, model.sessionCookie)].filter(
        (v): v is string => !!v,
      );
      const tokens = [
        client.sentToken(ex)?.token,
        model.tokenKind === 'issued' ? client.tokenOf(ex) : undefined,
      ].filter((v): v is string => !!v);
      return { keys: ex.newKeys!, cookies, tokens };
    });
  const sentBy = (m: 'headerToken' | 'bodyToken') => {
    const out = new Set<string>();
    for (const ex of client.exchanges) {
      const sent = client.sentToken(ex);
      if (sent && (sent.via === 'header') === (m === 'headerToken')) out.add(sent.token);
      const given = model.tokenKind === 'issued' ? client.tokenOf(ex) : undefined;
      if (given) out.add(given);
    }
    return out;
  };
  const out: StoreKeys = {};
  const place = (m: keyof StoreKeys, pick: (s: (typeof steps)[number]) => string[], allowed?: Set<string>) => {
    for (const s of steps) {
      for (const key of s.keys) {
        const t = pick(s)
          .filter((v) => !allowed || allowed.has(v))
          .map((v) => keyTemplate(key, v, m === 'cookie' ? 'id' : 'token'))
          .find((x) => x !== undefined);
        if (t !== undefined) return (out[m] = t);
      }
    }
    return undefined;
  };
  if (model.cookie === 'persists') place('cookie', (s) => s.cookies);
  for (const m of ['headerToken', 'bodyToken'] as const)
    if (model[m] === 'persists') place(m, (s) => s.tokens, sentBy(m));
  return out;
}

function sentCookie(ex: Exchange, name: string | null): string | undefined {
  return name === null ? undefined : parseCookieHeader(ex.request.headers.cookie).get(name);
}
