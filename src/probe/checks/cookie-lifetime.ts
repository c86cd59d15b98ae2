import { cookieCheck } from '../cookies-seen.js';

const LIMIT_S = 400 * 86_400;

/** RFC 6265bis: lifetimes are capped at 400 days and Max-Age wins over Expires; a cookie outliving --ttl points at a stale session. */
export default cookieCheck('COOKIE-LIFETIME', {
  sessionOnly: false,
  rule: (c, client, ex) => {
    const date = Date.parse(String(ex.response.headers.date ?? '')) || Date.now();
    const fromExpires = c.expires === undefined ? undefined : Math.round((c.expires - date) / 1000);
    const life = c.maxAge ?? fromExpires;
    if (c.maxAge !== undefined && fromExpires !== undefined && Math.abs(c.maxAge - fromExpires) > 60)
      return `Max-Age=${c.maxAge} and Expires (${fromExpires}s) disagree`;
    if (life !== undefined && life > LIMIT_S)
      return `lifetime of ${Math.round(life / 86_400)} days exceeds the 400-day cap`;
    const ttl = client.options.ttlMs;
    if (life !== undefined && ttl !== undefined && client.sessionCookie === c.name && life > ttl / 1000 + 60)
      return `lifetime of ${life}s outlives the session TTL of ${ttl / 1000}s`;
    return undefined;
  },
  passReason: 'cookie lifetimes are consistent and within limits',
});
