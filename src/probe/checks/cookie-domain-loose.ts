import { cookieCheck } from '../cookies-seen.js';

/** ZAP 90033: a Domain attribute naming a parent domain sends the cookie to every sibling subdomain. */
export default cookieCheck('COOKIE-DOMAIN-LOOSE', {
  sessionOnly: false,
  rule: (c, client) => {
    const host = client.target.hostname.toLowerCase();
    return c.domain !== undefined && c.domain !== host
      ? `Domain=${c.domain} covers every subdomain of ${c.domain}`
      : undefined;
  },
  passReason: 'cookies are host-only or scoped to the target host',
});
