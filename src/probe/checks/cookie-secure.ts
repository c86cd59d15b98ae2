import { cookieCheck } from '../cookies-seen.js';

/** Observatory −40, ZAP 10011: judged on https targets only (on http a Secure cookie would be dropped). */
export default cookieCheck('COOKIE-SECURE', {
  sessionOnly: true,
  applies: (client) =>
    client.target.protocol === 'https:'
      ? undefined
      : 'the target is plain http: a Secure cookie could not be set there; probe the https URL',
  rule: (c) => (c.secure ? undefined : 'no Secure attribute'),
  passReason: 'session cookie is Secure',
});
