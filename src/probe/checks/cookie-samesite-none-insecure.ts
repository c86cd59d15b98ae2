import { cookieCheck } from '../cookies-seen.js';

/** RFC 6265bis storage step 19: browsers drop SameSite=None cookies that are not Secure. */
export default cookieCheck('COOKIE-SAMESITE-NONE-INSECURE', {
  sessionOnly: false,
  rule: (c) =>
    c.sameSite !== undefined && /^none$/i.test(c.sameSite) && !c.secure
      ? 'SameSite=None without Secure (browsers drop it)'
      : undefined,
  passReason: 'no SameSite=None cookie without Secure',
});
