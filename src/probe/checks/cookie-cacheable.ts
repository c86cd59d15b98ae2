import { cookieCheck } from '../cookies-seen.js';

/** WSTG-SESS-04: a shared cache that stores a response with Set-Cookie hands that session to the next user. */
export default cookieCheck('COOKIE-CACHEABLE', {
  sessionOnly: false,
  rule: (_c, _ctx, ex) => {
    if (!['GET', 'HEAD'].includes(ex.request.method) || ex.response.status !== 200) return undefined;
    const cc = String(ex.response.headers['cache-control'] ?? '').toLowerCase();
    return /no-store|private|no-cache/.test(cc)
      ? undefined
      : `set on a cacheable ${ex.request.method} response (Cache-Control: ${cc || 'absent'})`;
  },
  passReason: 'responses that set cookies are not cacheable',
});
