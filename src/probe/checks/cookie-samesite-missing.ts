import { cookieCheck } from '../cookies-seen.js';

/** ZAP 10054: without SameSite the browser's default decides, and defaults differ between browsers. */
export default cookieCheck('COOKIE-SAMESITE-MISSING', {
  sessionOnly: false,
  rule: (c) => (c.sameSite === undefined ? 'no SameSite attribute' : undefined),
  passReason: 'every cookie has SameSite',
});
