import { randomBytes } from 'node:crypto';
import type { Severity } from '../severity.js';
import type { LearnedModel } from './learned-model.js';
import type { ProbeClient } from './probe-client.js';
import { defineCheck, fail, pass, skip, type Check } from './define-check.js';
import type { Exchange } from './http-client.js';
import { header } from './preflight.js';
import type { CheckId } from './types.js';

/** One random label per probe run, so origins can't collide with a real allowlist entry. */
const rand = randomBytes(4).toString('hex');

/**
 * A credentialed GET with a crafted Origin (CORScanner / ZAP 40040 style), shared per origin. The
 * session cookie goes along, as a browser would send it with `credentials: 'include'`.
 */
export function corsRequest(learned: LearnedModel, client: ProbeClient, origin: string): Promise<Exchange> {
  return client.once(`cors:${origin}`, () => {
    const headers: Record<string, string> = { origin };
    const cookie = learned.a?.cookie;
    if (cookie !== undefined && client.sessionCookie) headers.cookie = `${client.sessionCookie}=${cookie}`;
    return client.send(`cors ${origin}`, { method: 'GET', url: client.target.href, headers });
  });
}

export type OriginVariant = 'reflect-any' | 'null' | 'prefix' | 'suffix' | 'subdomain' | 'http';

/** The crafted Origin per variant; undefined when the variant does not apply to this target. */
export function originFor(client: ProbeClient, variant: OriginVariant): string | undefined {
  const { protocol, host } = client.target;
  switch (variant) {
    case 'reflect-any':
      return `${protocol}//${rand}.example`;
    case 'null':
      return 'null';
    case 'prefix':
      return `${protocol}//${host}.${rand}.example`;
    case 'suffix':
      return `${protocol}//sessctl${rand}${host}`;
    case 'subdomain':
      return `${protocol}//sessctl${rand}.${host}`;
    case 'http':
      return protocol === 'https:' ? `http://${host}` : undefined;
  }
}

/**
 * Reflection checks: fail when the crafted origin comes back in Access-Control-Allow-Origin.
 * Severity keys on Access-Control-Allow-Credentials, as CORScanner, nuclei and ZAP do.
 */
export function reflectionCheck(
  id: CheckId,
  variant: OriginVariant,
  severity: { creds: Severity; plain: Severity },
): Check {
  return defineCheck({
    id,
    async run(learned, client) {
      const origin = originFor(client, variant);
      if (origin === undefined) return skip('only applies to https targets');
      if (variant !== 'reflect-any' && variant !== 'null') {
        // Once any origin is echoed, prefix/suffix/subdomain matches say nothing new.
        const any = await corsRequest(learned, client, originFor(client, 'reflect-any')!);
        if (header(any, 'access-control-allow-origin') === originFor(client, 'reflect-any'))
          return skip('covered by CORS-REFLECT-ANY: every origin is trusted');
      }
      const ex = await corsRequest(learned, client, origin);
      const acao = header(ex, 'access-control-allow-origin');
      if (acao !== origin)
        return pass(
          acao === undefined
            ? `Origin ${origin} got no Access-Control-Allow-Origin`
            : `Origin ${origin} got Access-Control-Allow-Origin ${acao}`,
        );
      const creds = header(ex, 'access-control-allow-credentials') === 'true';
      return fail({
        ex,
        severity: creds ? severity.creds : severity.plain,
        message: `Origin ${origin} is echoed in Access-Control-Allow-Origin${creds ? ' with Access-Control-Allow-Credentials: true' : ''}`,
      });
    },
  });
}
