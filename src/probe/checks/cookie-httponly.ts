import { cookieCheck } from '../cookies-seen.js';

/** Observatory −30, ZAP 10010: script access to the session cookie turns any XSS into session theft. */
export default cookieCheck('COOKIE-HTTPONLY', {
  sessionOnly: true,
  rule: (c) => (c.httpOnly ? undefined : 'no HttpOnly attribute'),
  passReason: 'session cookie is HttpOnly',
});
